// runDaemon: the long-lived agent. Reads the desired state the last apply saved, runs its health
// checks, keeps the kernel table equal to applyHealth(desired) through the data plane (under the
// apply lock, so it never interleaves with an apply), deletes drained destinations once empty,
// writes health.json, appends every HealthEvent to events.jsonl. Reloads on SIGHUP or when
// desired.json changes. Ends when `signal` aborts (SIGTERM/SIGINT when it handles signals).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import type { Runner } from '../exec';
import { HealthMonitor } from '../health/monitor';
import { sorryEvents } from '../health/apply';
import type { DesiredHealthCheck } from '../../src-core/compile/desired-state';
import type { CheckResult } from '../health/checks';
import { tryLock } from '../lock';
import type { DataPlane } from '../plane/plane';
import { planeFactory } from '../plane/registry';
import type { HealthEvent, HealthState } from '../protocol';
import { ensureDirs, logLine, readDraining, readJson, STATE_FILES, writeJson, type AgentDirs, type LastApply } from '../state';
import { planeStep, runStep } from '../steps';
import { appendEvent, DESIRED_FILE, readDesired, readHealthState, writeHealthFile } from './files';
import { takePidFile } from './pidfile';
import { planReconcile } from './reconcile';

export interface DaemonOptions {
  dirs: AgentDirs;
  run: Runner;
  /** The plane to drive; default: the plane of the last apply (last-apply.json), none if it had none. */
  plane?: DataPlane | null;
  /** Milliseconds between checks of desired.json and of draining destinations. Default 2000. */
  tickMs?: number;
  /** Milliseconds between looks at draining destinations' connections (default 10000). */
  drainCheckMs?: number;
  /** Seconds a drained destination may keep connections before it is deleted anyway (default 300). */
  drainTimeoutS?: number;
  signal?: AbortSignal;
  /** Install SIGHUP (reload) and SIGTERM/SIGINT (stop) handlers. */
  handleSignals?: boolean;
  /** Hold the pid file (default true). */
  pidFile?: boolean;
  /** Called after every pass over the table (tests, logs). */
  onPass?: (p: { ops: number; error?: string }) => void;
  /** One check attempt (default: the real checks). */
  check?: (c: DesiredHealthCheck, service: string) => Promise<CheckResult>;
}

function planeOf(opts: DaemonOptions): DataPlane | undefined {
  if (opts.plane !== undefined) return opts.plane ?? undefined;
  const last = readJson<LastApply>(opts.dirs.stateDir, STATE_FILES.lastApply);
  const f = last?.plane ? planeFactory(last.plane) : undefined;
  return f ? f(opts.run, opts.dirs.stateDir) : undefined;
}

function fileStamp(path: string): string {
  try {
    const s = statSync(path);
    return `${s.mtimeMs} ${s.size} ${s.ino}`;
  } catch {
    return 'none';
  }
}

export async function runDaemon(opts: DaemonOptions): Promise<void> {
  const { dirs } = opts;
  ensureDirs(dirs);
  const pid = opts.pidFile === false ? undefined : takePidFile(dirs.stateDir);
  if (opts.pidFile !== false && !pid) throw new Error(`another lvs-agent daemon is running (${join(dirs.stateDir, 'daemon.pid')})`);
  const stop = new AbortController();
  const onStop = (): void => stop.abort();
  opts.signal?.addEventListener('abort', onStop, { once: true });
  if (opts.signal?.aborted) stop.abort();

  let wake: (() => void) | undefined;
  let dirty = true;
  const poke = (): void => {
    dirty = true;
    wake?.();
  };
  let reload = false;
  const onHup = (): void => {
    reload = true;
    poke();
  };
  if (opts.handleSignals) {
    process.on('SIGHUP', onHup);
    process.on('SIGTERM', onStop);
    process.on('SIGINT', onStop);
  }

  const desiredPath = join(dirs.stateDir, DESIRED_FILE);
  let stamp = fileStamp(desiredPath);
  let desired: HostDesiredState | undefined = readDesired(dirs.stateDir);
  let plane = planeOf(opts);
  const previous = readHealthState(dirs.stateDir);
  let sorryActive: string[] = previous?.sorryActive ?? [];
  let lastError: string | undefined;
  let retry = false;
  let lastDrainCheck = 0;
  const emit = (e: HealthEvent): void => {
    appendEvent(dirs.logDir, e);
    logLine(dirs, { msg: 'health', ...e });
  };
  // A check's verdict is published once the table shows it, so a reader of the event stream never
  // sees "up" while the server is still out of the table (or "down" while it still takes traffic).
  let verdicts: HealthEvent[] = [];
  const publishVerdicts = (): void => {
    for (const e of verdicts) emit(e);
    verdicts = [];
  };
  const monitor = new HealthMonitor(desired?.health, { onEvent: (e) => void verdicts.push(e), onChange: poke, ...(previous ? { initial: previous } : {}), ...(opts.check ? { check: opts.check } : {}) });
  monitor.start();
  logLine(dirs, { msg: 'daemon start', plane: plane?.name ?? 'none', services: desired?.ipvs.services.length ?? 0 });

  // written when it changes (each write is fsynced), and once a minute so readers see the daemon alive
  let written = '';
  let writtenAt = 0;
  const writeHealth = (state: HealthState): void => {
    const body = { ...state, sorryActive, pid: process.pid, ...(lastError ? { lastError } : {}) };
    const text = JSON.stringify(body);
    if (text === written && Date.now() - writtenAt < 60_000) return;
    writeHealthFile(dirs.stateDir, { ...body, at: new Date().toISOString() });
    written = text;
    writtenAt = Date.now();
  };

  const pass = async (): Promise<number> => {
    const state = monitor.state();
    if (!desired || !plane || desired.role !== 'director') {
      publishVerdicts();
      writeHealth(state);
      return 0;
    }
    const lock = tryLock(dirs.stateDir);
    if (!lock) return -1; // an apply runs: try again on the next tick
    try {
      const p = plane;
      const actual = await p.read();
      const draining = readDraining(dirs.stateDir);
      const plan = await planReconcile(p, { desired, health: state, actual, draining, connections: () => p.connections(), drainTimeoutS: opts.drainTimeoutS ?? 300, now: Date.now() });
      lastError = undefined;
      for (const step of plan.steps) {
        const f = await runStep(opts.run, dirs.stateDir, planeStep(step));
        if (f) {
          lastError = `${f.description}: ${f.stderr || `exit ${f.exitCode}`}`;
          logLine(dirs, { msg: 'daemon step failed', failure: f });
          break;
        }
      }
      if (!lastError) {
        publishVerdicts();
        for (const e of sorryEvents(sorryActive, plan.sorryActive, new Date().toISOString())) emit(e);
        sorryActive = plan.sorryActive;
        if (plan.drainedDone.length > 0 || plan.drainStarted.length > 0) {
          for (const k of plan.drainedDone) delete draining[k];
          const at = new Date().toISOString();
          for (const k of plan.drainStarted) draining[k] = at;
          writeJson(dirs.stateDir, STATE_FILES.draining, draining);
        }
      }
      if (plan.steps.length > 0) logLine(dirs, { msg: 'daemon pass', ops: plan.ops.length, error: lastError });
      writeHealth(state);
      return plan.ops.length;
    } finally {
      lock.release();
    }
  };

  try {
    while (!stop.signal.aborted) {
      const now = fileStamp(desiredPath);
      if (reload || now !== stamp) {
        reload = false;
        stamp = now;
        desired = readDesired(dirs.stateDir);
        if (opts.plane === undefined) plane = planeOf(opts);
        monitor.update(desired?.health);
        dirty = true;
        logLine(dirs, { msg: 'daemon reload', services: desired?.ipvs.services.length ?? 0 });
      }
      // Reading the kernel table costs seconds of CPU at 10,000 real servers: a pass runs only when a
      // verdict changed, desired.json was reloaded, the previous pass did not finish, or something
      // drains (its deletion waits for the connections to end).
      const drainDue = Date.now() - lastDrainCheck >= (opts.drainCheckMs ?? 10_000) && Object.keys(readDraining(dirs.stateDir)).length > 0;
      const needPass = dirty || retry || drainDue;
      if (needPass) lastDrainCheck = Date.now();
      dirty = false;
      let ops = 0;
      let error: string | undefined;
      if (needPass) {
        try {
          ops = await pass();
          error = lastError;
          retry = ops < 0 || lastError !== undefined;
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
          retry = true;
          logLine(dirs, { msg: 'daemon pass failed', error });
        }
        opts.onPass?.({ ops, ...(error ? { error } : {}) });
      } else writeHealth(monitor.state());
      // a pass that could not take the lock, or failed, is retried after the tick
      if (dirty || stop.signal.aborted) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, opts.tickMs ?? 2000);
        function done(): void {
          clearTimeout(t);
          wake = undefined;
          stop.signal.removeEventListener('abort', done);
          resolve();
        }
        wake = done;
        stop.signal.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    await monitor.stop();
    if (opts.handleSignals) {
      process.off('SIGHUP', onHup);
      process.off('SIGTERM', onStop);
      process.off('SIGINT', onStop);
    }
    opts.signal?.removeEventListener('abort', onStop);
    logLine(dirs, { msg: 'daemon stop' });
    pid?.release();
  }
}
