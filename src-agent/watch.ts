// `watch`: streams a StatsSample every interval (default 1 s) and every HealthEvent the daemon
// appends to events.jsonl (tailed from its end when the watch starts) until `signal` aborts.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentContext } from './context';
import type { Runner } from './exec';
import type { DataPlane } from './plane/plane';
import { planeFactory } from './plane/registry';
import type { HealthEvent, WatchEvent } from './protocol';
import { runCommand } from './runner';
import { agentDirs, readJson, STATE_FILES, type AgentDirs, type LastApply } from './state';
import { createStatsSampler } from './stats';
import { EVENTS_FILE } from './daemon/files';
import { sleep } from './sleep';

export interface WatchParams {
  /** Milliseconds between stats samples (default 1000, at least 100). */
  intervalMs?: number;
}

export interface WatchContext {
  run: Runner;
  dirs: AgentDirs;
  /** Default: the plane of the last apply. */
  plane?: DataPlane;
}

const HEALTH_TYPES = new Set(['dest-down', 'dest-up', 'sorry-on', 'sorry-off']);

/** Reads the lines appended to a file since the last call. */
function tailer(path: string): () => HealthEvent[] {
  let offset = (() => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  })();
  let partial = '';
  return () => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return [];
    }
    if (size < offset) offset = 0; // truncated or replaced
    if (size === offset) return [];
    const buf = Buffer.alloc(size - offset);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buf, 0, buf.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const lines = (partial + buf.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    const out: HealthEvent[] = [];
    for (const l of lines) {
      try {
        const e = JSON.parse(l) as HealthEvent;
        if (e && HEALTH_TYPES.has(e.type)) out.push(e);
      } catch {
        /* not an event line */
      }
    }
    return out;
  };
}

export async function watch(params: WatchParams | undefined, emit: (e: WatchEvent) => void, signal: AbortSignal, ctx: Partial<WatchContext> = {}): Promise<{ samples: number; events: number }> {
  const run = ctx.run ?? runCommand;
  const dirs = ctx.dirs ?? agentDirs();
  let plane = ctx.plane;
  if (!plane) {
    const last = readJson<LastApply>(dirs.stateDir, STATE_FILES.lastApply);
    const f = last?.plane ? planeFactory(last.plane) : undefined;
    plane = f?.(run, dirs.stateDir);
  }
  const intervalMs = Math.max(100, Number(params?.intervalMs) || 1000);
  const sampler = createStatsSampler(run, plane);
  const tail = tailer(join(dirs.logDir, EVENTS_FILE));
  let samples = 0;
  let events = 0;
  const wait = (ms: number): Promise<void> => sleep(ms, signal);
  let next = Date.now();
  while (!signal.aborted) {
    for (const e of tail()) {
      emit(e);
      events++;
    }
    if (Date.now() >= next) {
      next += intervalMs;
      if (next < Date.now()) next = Date.now() + intervalMs; // a slow sample skips, never bursts
      const s = await sampler.sample();
      if (signal.aborted) break;
      emit(s);
      samples++;
    }
    // health events are tailed 4 times per stats interval (at most every 250 ms)
    await wait(Math.min(250, Math.max(0, next - Date.now())));
  }
  return { samples, events };
}

/** The session handler form (session.ts registerMethod('watch', watchHandler)). */
export function watchHandler(ctx: AgentContext, call: { params: unknown; emit: (e: unknown) => void; signal: AbortSignal }): Promise<unknown> {
  return watch(call.params as WatchParams, call.emit, call.signal, { run: ctx.run, dirs: ctx.dirs });
}
