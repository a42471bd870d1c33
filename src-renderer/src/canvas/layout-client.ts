// computeLayout in a Web Worker where there is one (browser, Electron); in the same thread where
// there is none (component tests) or the worker fails to load. Same input, same deterministic result.
import { toRaw } from 'vue';
import type { Plan } from '../../../src-core/model/plan-schema';
import type { Positions } from './graph';
import { computeLayout } from './layout';
import type { LayoutReply, LayoutRequest } from './layout.worker';

interface Pending {
  plan: Plan;
  resolve: (p: Positions) => void;
  reject: (e: Error) => void;
}

let worker: Worker | undefined;
let failed = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function inThread(p: Pending): void {
  computeLayout(p.plan).then(p.resolve, p.reject);
}

function start(): Worker | undefined {
  if (worker || failed || typeof Worker === 'undefined') return worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    failed = true;
    return undefined;
  }
  worker.onmessage = (e: MessageEvent<LayoutReply>) => {
    const p = pending.get(e.data.id);
    if (!p) return;
    pending.delete(e.data.id);
    if ('error' in e.data) p.reject(new Error(e.data.error));
    else p.resolve(e.data.positions);
  };
  worker.onerror = () => {
    // The worker could not load: lay out in this thread from now on, including what was waiting.
    failed = true;
    worker?.terminate();
    worker = undefined;
    const waiting = [...pending.values()];
    pending.clear();
    waiting.forEach(inThread);
  };
  return worker;
}

/** computeLayout(plan), off the main thread when possible. */
export function computeLayoutAsync(plan: Plan): Promise<Positions> {
  const w = start();
  if (!w) return computeLayout(plan);
  const id = ++nextId;
  const raw = toRaw(plan);
  return new Promise<Positions>((resolve, reject) => {
    pending.set(id, { plan: raw, resolve, reject });
    w.postMessage({ id, plan: raw } satisfies LayoutRequest);
  });
}
