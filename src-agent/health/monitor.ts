// HealthMonitor: one check loop per checked destination of the desired health, feeding the state
// machine; emits every HealthEvent and calls onChange when a destination's verdict changes.
// update() takes a new desired health and keeps the verdict of destinations whose check is the same.
import type { DesiredHealth, DesiredHealthCheck } from '../../src-core/compile/desired-state';
import type { DestHealth, HealthEvent, HealthState } from '../protocol';
import { runCheck, type CheckResult } from './checks';
import { initialMachine, stepMachine, type DestMachine } from './machine';
import { sleep } from '../sleep';

export interface MonitorOptions {
  onEvent: (e: HealthEvent) => void;
  /** A verdict changed (called after onEvent). */
  onChange?: () => void;
  /** Verdicts to start from (e.g. the daemon's last health.json); others start live. */
  initial?: HealthState;
  /** Runs one attempt (default: runCheck). */
  check?: (c: DesiredHealthCheck, service: string) => Promise<CheckResult>;
  now?: () => Date;
  /**
   * keepalived's warmup: each check's first attempt waits a random part of its interval, so many
   * checks (10,000 real servers) do not all start at once. Default true.
   */
  warmup?: boolean;
}

interface Loop {
  service: string;
  dest: string;
  check: DesiredHealthCheck;
  machine: DestMachine;
  abort: AbortController;
  /** Resolves when the loop has ended. */
  done: Promise<void>;
}

const keyOf = (service: string, dest: string): string => `${service}#${dest}`;

export class HealthMonitor {
  private loops = new Map<string, Loop>();
  private readonly now: () => Date;
  private readonly check: (c: DesiredHealthCheck, service: string) => Promise<CheckResult>;
  private readonly initial = new Map<string, DestHealth>();
  private stopped = false;

  constructor(
    private desired: DesiredHealth | undefined,
    private readonly opts: MonitorOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
    this.check = opts.check ?? runCheck;
    for (const d of opts.initial?.destinations ?? []) this.initial.set(keyOf(d.service, d.dest), d);
  }

  start(): void {
    this.stopped = false;
    this.sync();
  }

  /** New desired health: loops of removed or changed checks end, new ones start. */
  update(desired: DesiredHealth | undefined): void {
    this.desired = desired;
    if (!this.stopped) this.sync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.loops.values()];
    for (const l of all) l.abort.abort();
    await Promise.all(all.map((l) => l.done));
  }

  state(): HealthState {
    const destinations: DestHealth[] = [...this.loops.values()].map((l) => {
      const d: DestHealth = { service: l.service, dest: l.dest, healthy: l.machine.healthy, since: l.machine.since };
      if (l.machine.lastError !== undefined) d.lastError = l.machine.lastError;
      return d;
    });
    return { destinations, sorryActive: [] };
  }

  private sync(): void {
    const want = new Map<string, { service: string; dest: string; check: DesiredHealthCheck }>();
    for (const s of this.desired?.services ?? []) for (const d of s.destinations) want.set(keyOf(s.service, d.dest), { service: s.service, dest: d.dest, check: d.check });
    for (const [k, l] of this.loops) {
      const w = want.get(k);
      if (!w || JSON.stringify(w.check) !== JSON.stringify(l.check)) {
        l.abort.abort();
        this.loops.delete(k);
        // a changed check keeps the verdict it had
        if (w) this.initial.set(k, { service: l.service, dest: l.dest, healthy: l.machine.healthy, since: l.machine.since });
      }
    }
    for (const [k, w] of want) if (!this.loops.has(k)) this.startLoop(k, w);
  }

  private startLoop(key: string, w: { service: string; dest: string; check: DesiredHealthCheck }): void {
    const prev = this.initial.get(key);
    const machine = prev ? { ...initialMachine(prev.since, prev.healthy), ...(prev.lastError !== undefined ? { lastError: prev.lastError } : {}) } : initialMachine(this.now().toISOString());
    const abort = new AbortController();
    const loop: Loop = { ...w, machine, abort, done: Promise.resolve() };
    loop.done = this.run(loop);
    this.loops.set(key, loop);
  }

  private async run(l: Loop): Promise<void> {
    const ids = { service: l.service, dest: l.dest };
    if (this.opts.warmup !== false) await sleep(Math.random() * l.check.interval * 1000, l.abort.signal);
    while (!l.abort.signal.aborted) {
      const r = await this.check(l.check, l.service);
      if (l.abort.signal.aborted) return;
      const step = stepMachine(l.machine, r, l.check, ids, this.now().toISOString());
      l.machine = step.next;
      if (step.event) {
        this.opts.onEvent(step.event);
        this.opts.onChange?.();
      }
      await sleep(step.waitS * 1000, l.abort.signal);
    }
  }
}
