// The app side of the agent protocol (src-agent/protocol.ts): typed requests over a LineTransport,
// streamed events, cancellation through an AbortSignal (a `cancel` request for the running id).
import type {
  AgentError,
  ApplyEvent,
  ApplyParams,
  ApplyResult,
  HelloResult,
  ReadStateResult,
  WatchEvent,
} from '../../../src-agent/protocol';
import type { LineTransport } from './line-transport';

export class AgentCallError extends Error {
  override name = 'AgentCallError';
  constructor(
    readonly method: string,
    readonly agentError: AgentError,
  ) {
    super(`${method}: ${agentError.message}`);
  }
  get code(): string {
    return this.agentError.code;
  }
}

export class AgentGoneError extends Error {
  override name = 'AgentGoneError';
  readonly code = 'AGENT_GONE';
}

interface Pending {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  onEvent?: (e: unknown) => void;
}

export interface CallOptions<E> {
  onEvent?: (event: E) => void;
  signal?: AbortSignal;
}

export class AgentClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private gone: string | undefined;
  /** Lines that were not protocol messages (the agent never prints such lines; kept for diagnosis). */
  readonly noise: string[] = [];

  constructor(private readonly transport: LineTransport) {
    transport.onLine((l) => this.onLine(l));
    transport.onClose((detail) => {
      this.gone = detail || 'the agent ended';
      for (const p of this.pending.values()) p.reject(new AgentGoneError(`${p.method}: ${this.gone}`));
      this.pending.clear();
    });
  }

  private onLine(line: string): void {
    let msg: { id?: unknown; result?: unknown; error?: AgentError; event?: unknown };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      if (this.noise.length < 100) this.noise.push(line);
      return;
    }
    const p = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
    if (!p) return;
    if ('event' in msg) {
      p.onEvent?.(msg.event);
      return;
    }
    this.pending.delete(msg.id as number);
    if (msg.error) p.reject(new AgentCallError(p.method, msg.error));
    else p.resolve(msg.result);
  }

  call<R, E = never>(method: string, params: unknown, opts: CallOptions<E> = {}): Promise<R> {
    if (this.gone !== undefined) return Promise.reject(new AgentGoneError(`${method}: ${this.gone}`));
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const p: Pending = { method, resolve: resolve as (v: unknown) => void, reject };
      if (opts.onEvent) p.onEvent = opts.onEvent as (e: unknown) => void;
      this.pending.set(id, p);
      const { signal } = opts;
      if (signal) {
        const onAbort = (): void => {
          if (this.pending.has(id)) this.transport.send(JSON.stringify({ id: this.nextId++, method: 'cancel', params: { target: id } }));
        };
        if (signal.aborted) queueMicrotask(onAbort);
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      this.transport.send(JSON.stringify({ id, method, params: params ?? {} }));
    });
  }

  hello(): Promise<HelloResult> {
    return this.call('hello', {});
  }

  readState(): Promise<ReadStateResult> {
    return this.call('read-state', {});
  }

  apply(params: ApplyParams, opts: CallOptions<ApplyEvent> = {}): Promise<ApplyResult> {
    return this.call('apply', params, opts);
  }

  /** Streams stats samples and health events until `signal` aborts (then resolves). */
  watch(params: { intervalMs?: number }, opts: CallOptions<WatchEvent>): Promise<unknown> {
    return this.call('watch', params, opts);
  }

  close(): void {
    this.transport.close();
  }
}
