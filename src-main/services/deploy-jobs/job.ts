// One deploy job as the renderer follows it: buffered progress events with sequence numbers, the
// hosts as far as the job got, at most one open prompt, and waiters for the long poll. Holds no
// secret: a secret answer goes straight to the engine's credentials callback.
import type { DeployJobEvent, DeployJobKind, DeployJobSnapshot, DeployJobState, DeployPrompt } from '../../api/deploy-contract';
import type { DeployProgress, HostResult } from '../deploy/types';

/** Events kept per job (a 20-host deploy makes a few hundred). */
const MAX_EVENTS = 5000;

type Answer = { go?: boolean; value?: string; remember?: boolean };

export class DeployJob {
  state: DeployJobState = 'running';
  hosts: HostResult[] = [];
  ok?: boolean;
  error?: { code: string; message: string };
  readonly abort = new AbortController();
  private events: DeployJobEvent[] = [];
  private seq = 0;
  /** Open questions, oldest first (hosts connect in parallel: several may ask at once); the first is shown. */
  private prompts: { prompt: DeployPrompt; resolve: (a: Answer) => void }[] = [];
  private promptSeq = 0;
  private waiters = new Set<() => void>();

  constructor(
    readonly id: string,
    readonly kind: DeployJobKind,
  ) {}

  /** Every change (event, prompt raised or answered, end) takes the next number, so a poll sees it. */
  private wake(): void {
    this.seq++;
    const ws = [...this.waiters];
    this.waiters.clear();
    for (const w of ws) w();
  }

  progress(p: DeployProgress): void {
    this.events.push({ seq: this.seq + 1, at: new Date().toISOString(), progress: p });
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    this.wake();
  }

  /** Raises a prompt and waits for its answer (a cancel answers it with nothing). */
  ask(p: DistributiveOmit<DeployPrompt, 'id'>): Promise<Answer> {
    return new Promise((resolve) => {
      const prompt = { ...p, id: `p${++this.promptSeq}` } as DeployPrompt;
      this.prompts.push({ prompt, resolve });
      this.state = 'waiting';
      this.wake();
    });
  }

  answer(promptId: string, a: Answer): boolean {
    const at = this.prompts.findIndex((x) => x.prompt.id === promptId);
    if (at < 0) return false;
    const { resolve } = this.prompts.splice(at, 1)[0]!;
    if (this.state === 'waiting' && this.prompts.length === 0) this.state = 'running';
    this.wake();
    resolve(a);
    return true;
  }

  cancel(): void {
    this.abort.abort();
    for (const p of [...this.prompts]) this.answer(p.prompt.id, {});
  }

  finish(state: Exclude<DeployJobState, 'running' | 'waiting'>, hosts: HostResult[], ok: boolean | undefined, error?: { code: string; message: string }): void {
    this.state = state;
    this.hosts = hosts;
    if (ok !== undefined) this.ok = ok;
    if (error) this.error = error;
    this.wake();
  }

  get done(): boolean {
    return this.state === 'done' || this.state === 'failed' || this.state === 'cancelled';
  }

  snapshot(since: number): DeployJobSnapshot {
    const out: DeployJobSnapshot = {
      jobId: this.id,
      kind: this.kind,
      state: this.state,
      events: this.events.filter((e) => e.seq > since),
      lastSeq: this.seq,
      hosts: this.hosts,
    };
    if (this.prompts[0]) out.prompt = this.prompts[0].prompt;
    if (this.ok !== undefined) out.ok = this.ok;
    if (this.error) out.error = this.error;
    return out;
  }

  /** Resolves when there is something after `since`, a prompt, or the job ended; else after waitMs. */
  async wait(since: number, waitMs: number): Promise<void> {
    if (this.seq > since || this.done) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        resolve();
      }, waitMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(done);
    });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
