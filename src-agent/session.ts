// The stdio session: one JSON request per line in, responses and events out. Requests run
// concurrently (hello answers while an apply runs); `cancel` stops a running one. When stdin closes
// every running request is cancelled (an apply rolls back between steps), then the children still
// running are killed and the process exits.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { AgentFailure, apply } from './apply';
import type { AgentContext } from './context';
import { hello, readState } from './hello';
import type { AgentError, AgentRequest, ApplyParams } from './protocol';
import { logLine } from './state';
import { watchHandler } from './watch';

export interface Call {
  id: number;
  params: unknown;
  emit: (event: unknown) => void;
  signal: AbortSignal;
}

export type Handler = (ctx: AgentContext, call: Call) => Promise<unknown>;

const handlers: Map<string, Handler> = new Map<string, Handler>([
  ['hello', (ctx) => hello(ctx, [...handlers.keys(), 'cancel'])],
  ['read-state', (ctx) => readState(ctx)],
  ['apply', (ctx, c) => apply(ctx, c.params as ApplyParams, { emit: c.emit, cancelled: () => c.signal.aborted })],
  ['watch', (ctx, c) => watchHandler(ctx, c)],
]);

/** Adds a method. */
export function registerMethod(name: string, h: Handler): void {
  handlers.set(name, h);
}

function toError(e: unknown): AgentError {
  if (e instanceof AgentFailure) return e.error;
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export interface SessionOptions {
  input: Readable;
  output: Writable;
  /** Longest accepted request line (bytes); longer lines are refused. */
  maxLine?: number;
  /** How long stdin close waits for running requests (they roll back) before killing children. */
  closeGraceMs?: number;
}

/** Resolves once stdin has closed and the running requests have ended (or the grace passed). */
export function runSession(ctx: AgentContext, opts: SessionOptions): Promise<void> {
  const running = new Map<number, { ctl: AbortController; done: Promise<void> }>();
  const send = (msg: unknown): void => {
    opts.output.write(`${JSON.stringify(msg)}\n`);
  };
  const maxLine = opts.maxLine ?? 256 * 1024 * 1024;
  const rl = createInterface({ input: opts.input, crlfDelay: Infinity });

  rl.on('line', (line) => {
    if (line.trim() === '') return;
    if (line.length > maxLine) {
      send({ id: null, error: { code: 'bad-request', message: 'request line too long' } });
      return;
    }
    let req: AgentRequest;
    try {
      req = JSON.parse(line) as AgentRequest;
    } catch {
      send({ id: null, error: { code: 'bad-request', message: 'not a JSON line' } });
      return;
    }
    if (!req || typeof req !== 'object' || typeof req.id !== 'number' || !Number.isFinite(req.id) || typeof req.method !== 'string') {
      const id = req && typeof req === 'object' && typeof req.id === 'number' ? req.id : null;
      send({ id, error: { code: 'bad-request', message: 'a request is {"id": <number>, "method": <string>, "params": {...}}' } });
      return;
    }
    const { id, method } = req;
    if (method === 'cancel') {
      const target = (req.params as { target?: unknown } | undefined)?.target;
      const r = typeof target === 'number' ? running.get(target) : undefined;
      r?.ctl.abort();
      send({ id, result: { cancelled: r !== undefined } });
      return;
    }
    const h = handlers.get(method);
    if (!h) {
      send({ id, error: { code: 'bad-request', message: `unknown method ${JSON.stringify(method).slice(0, 100)}` } });
      return;
    }
    if (running.has(id)) {
      send({ id, error: { code: 'bad-request', message: `request id ${id} is already running` } });
      return;
    }
    const ctl = new AbortController();
    const done = (async () => {
      try {
        const result = await h(ctx, { id, params: req.params ?? {}, emit: (event) => send({ id, event }), signal: ctl.signal });
        send({ id, result: result ?? {} });
      } catch (e) {
        const error = toError(e);
        if (error.code === 'internal') logLine(ctx.dirs, { msg: 'internal error', method, error: error.message });
        send({ id, error });
      } finally {
        running.delete(id);
      }
    })();
    running.set(id, { ctl, done });
  });

  return new Promise((resolve) => {
    rl.on('close', () => {
      for (const r of running.values()) r.ctl.abort();
      const all = Promise.all([...running.values()].map((r) => r.done));
      const grace = new Promise<void>((r) => setTimeout(r, opts.closeGraceMs ?? 30_000).unref());
      void Promise.race([all, grace]).then(() => resolve());
    });
  });
}
