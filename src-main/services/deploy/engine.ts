// The deploy engine: compile, connect + preflight every host (a failing host fails only itself),
// install the agent, dry run, confirm, then apply — real servers first, then directors, hosts in
// parallel within a limit — with cancel at any time and, when a host fails, the hosts already
// changed put back into their previous desired state. The CLI and the app both drive this.
import { homedir } from 'node:os';
import { compilePlan } from '../../../src-core/compile/compile';
import type { HostDesiredState } from '../../../src-core/compile/desired-state';
import { rollbackTarget } from '../../../src-core/diff/rollback-target';
import { resolveEndpoints, type HostEndpoint } from '../../../src-core/model/inventory';
import { hostStateFiles } from '../../../src-core/render/host-state-text';
import type { ApplyResult } from '../../../src-agent/protocol';
import { AgentGoneError } from '../agent/agent-client';
import { openAgentChannel } from '../agent/ssh-agent-channel';
import { appendDeployLog, localUser, logEntry } from './deploy-log';
import { loadAgentBundle } from './install';
import { canonical, planHash } from './plan-hash';
import { eachLimit } from './pool';
import { connectEndpoint } from './connect';
import { closeSession, preflightHost, toHostError, type HostSession, type PreflightContext } from './preflight';
import { execRemote, sudoInput } from './remote';
import type { DeployOptions, DeployProgress, DeployResult, HostResult } from './types';

export class DeployError extends Error {
  override name = 'DeployError';
  constructor(
    readonly code: 'UNKNOWN_HOST' | 'NO_HOSTS',
    message: string,
  ) {
    super(message);
  }
}

interface Run {
  endpoint: HostEndpoint;
  desired: HostDesiredState;
  session?: HostSession;
  result: HostResult;
  /** The apply ran to completion on this host (a rollback target). */
  applied: boolean;
  /** How the preflight connected (a reconnect after a lost connection does the same). */
  connect?: PreflightContext;
}

/** The endpoints to deploy to: the plan's directors and real servers, narrowed by `only` (ids or names). */
export function selectEndpoints(opts: Pick<DeployOptions, 'plan' | 'inventory' | 'only'>): HostEndpoint[] {
  const all = resolveEndpoints(opts.plan, opts.inventory);
  if (!opts.only) return all;
  const unknown = opts.only.filter((n) => !all.some((e) => e.hostId === n || e.hostName === n));
  if (unknown.length > 0) throw new DeployError('UNKNOWN_HOST', `not a director or real server of the plan: ${unknown.join(', ')}`);
  return all.filter((e) => opts.only!.includes(e.hostId) || opts.only!.includes(e.hostName));
}

function newResult(e: HostEndpoint, d: HostDesiredState): HostResult {
  return {
    hostId: e.hostId,
    hostName: e.hostName,
    role: d.role,
    preflight: { ok: false, reachable: false, authenticated: false, sudo: e.sudo, agentInstalled: 'unknown', runtime: 'host-node', conflicts: [] },
    hostOps: [],
    ipvsOps: [],
    steps: [],
    outcome: 'skipped',
    uploaded: [],
  };
}

const hasOps = (r: Pick<ApplyResult, 'hostOps' | 'ipvsOps'>): boolean => r.hostOps.length > 0 || r.ipvsOps.length > 0;

/** Connects and preflights every host (in parallel, within the limit). Shared with `status`. */
export async function preflightAll(opts: DeployOptions, install: boolean): Promise<{ runs: Run[]; hash: string }> {
  const compiled = new Map(compilePlan(opts.plan).hosts.map((h) => [h.hostId, h]));
  const endpoints = selectEndpoints(opts);
  if (endpoints.length === 0) throw new DeployError('NO_HOSTS', 'the plan has no director or real server to deploy to');
  const bundle = await loadAgentBundle(opts.bundleDir);
  const hash = planHash(opts.plan);
  const runs: Run[] = endpoints.map((e) => {
    const desired = compiled.get(e.hostId)!;
    return { endpoint: e, desired, result: newResult(e, desired), applied: false };
  });
  const progress = (r: Run, p: Omit<DeployProgress, 'hostId' | 'hostName'>): void => opts.onProgress?.({ hostId: r.endpoint.hostId, hostName: r.endpoint.hostName, ...p });
  await eachLimit(runs, opts.concurrency ?? 8, async (r) => {
    const agentEnv = opts.agentEnv?.(r.endpoint.hostId);
    const ctx: PreflightContext = {
      bundle,
      install,
      knownHostsFiles: opts.knownHostsFiles,
      ...(opts.acceptFingerprints ? { acceptFingerprints: opts.acceptFingerprints } : {}),
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.sshReadyTimeoutMs ? { readyTimeoutMs: opts.sshReadyTimeoutMs } : {}),
      ...(agentEnv ? { agentEnv } : {}),
      dryRunPlanHash: hash,
      ...(opts.agentSocket !== undefined ? { agentSocket: opts.agentSocket } : {}),
      ...(opts.sshKeepaliveMs ? { keepaliveIntervalMs: opts.sshKeepaliveMs } : {}),
      sshConfigText: opts.sshConfigText ?? '',
      localUser: opts.localUser ?? localUser(),
      home: opts.home ?? homedir(),
      onStep: (step, status, message) => progress(r, { step, status, ...(message ? { message } : {}) }),
    };
    r.connect = ctx;
    const s = await preflightHost(r.endpoint, r.desired, ctx);
    r.session = s;
    r.result.preflight = s.preflight;
    r.result.uploaded = s.uploaded;
    if (s.preflight.error) {
      r.result.outcome = 'failed';
      r.result.error = s.preflight.error;
      progress(r, { step: 'preflight', status: 'failed', message: s.preflight.error.message });
    }
  });
  return { runs, hash };
}

/** Dry run of every preflighted host: the operations an apply would run. */
export async function dryRunAll(runs: Run[], hash: string, opts: DeployOptions): Promise<void> {
  const ready = runs.filter((r) => r.session?.preflight.ok);
  await eachLimit(ready, opts.concurrency ?? 8, async (r) => {
    const p = { hostId: r.endpoint.hostId, hostName: r.endpoint.hostName, step: 'dry-run' as const };
    opts.onProgress?.({ ...p, status: 'start' });
    try {
      const d = await (r.session!.dryRun ?? r.session!.agent!.apply({ desired: r.desired, dryRun: true, planHash: hash }, opts.signal ? { signal: opts.signal } : {}));
      r.result.hostOps = d.hostOps;
      r.result.ipvsOps = d.ipvsOps;
      r.result.steps = d.steps;
      if (r.session!.state) r.result.files = hostStateFiles(r.desired, r.session!.state.actual);
      r.result.outcome = hasOps(d) ? 'changed' : 'unchanged';
      opts.onProgress?.({ ...p, status: 'done', message: hasOps(d) ? `${d.steps.length} step(s)` : 'nothing to change' });
    } catch (e) {
      r.result.outcome = 'failed';
      r.result.error = toHostError(e);
      opts.onProgress?.({ ...p, status: 'failed', message: r.result.error.message });
    }
  });
}

const sleepMs = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });

/**
 * After the connection or the agent was lost mid-apply: reach the host again (the same connection
 * when only the agent died, else new ones while `reconnectMs` lasts), wait until no apply holds its
 * lock (an agent cut off from us finishes its apply, or rolls it back, on its own; a new one rolls
 * back a dead one's journal first), then read which desired state the host holds. The agent's
 * journal makes it the old or the new one, never a mix.
 */
async function settleAfterLoss(r: Run, hash: string, opts: DeployOptions): Promise<'old' | 'new' | 'unknown'> {
  const s = r.session!;
  const deadline = Date.now() + (opts.reconnectMs ?? 30_000);
  const signal = opts.signal;
  s.agent?.close();
  s.agent = undefined;
  while (Date.now() < deadline && !signal?.aborted) {
    try {
      if (!s.conn) s.conn = await connectEndpoint(s.resolved!, { ...r.connect!, readyTimeoutMs: Math.max(1000, Math.min(5000, deadline - Date.now())) });
      if (!s.agent) {
        s.agent = await openAgentChannel(s.conn.client, s.agentArgv!, sudoInput(s.sudo));
        if ((await s.agent.hello()).state.recoveredJournal) r.result.recoveredJournal = true;
      }
      // a dry run takes the apply lock: busy = the apply cut off from us still runs
      const dry = await s.agent.apply({ desired: r.desired, dryRun: true, planHash: hash });
      const last = (await s.agent.readState()).lastDesired;
      if (!hasOps(dry) && last && canonical(last) === canonical(r.desired)) return 'new';
      return canonical(last ?? null) === canonical(s.previous ?? null) ? 'old' : 'unknown';
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'busy') {
        // start again from a new connection (the old one may be dead without knowing it yet)
        s.agent?.close();
        s.agent = undefined;
        s.conn?.close();
        s.conn = undefined;
      }
      await sleepMs(500, signal);
    }
  }
  return 'unknown';
}

/** After the agent went away mid-apply: a new session rolls its journal back before answering. */
async function reopenAgent(r: Run): Promise<void> {
  const s = r.session!;
  s.agent?.close();
  s.agent = await openAgentChannel(s.conn!.client, s.agentArgv!, sudoInput(s.sudo));
  const hello = await s.agent.hello();
  if (hello.state.recoveredJournal) r.result.recoveredJournal = true;
}

async function applyHost(r: Run, hash: string, opts: DeployOptions): Promise<void> {
  const base = { hostId: r.endpoint.hostId, hostName: r.endpoint.hostName };
  opts.onProgress?.({ ...base, step: 'apply', status: 'start', message: `${r.result.steps.length} step(s)` });
  try {
    const res = await r.session!.agent!.apply(
      { desired: r.desired, planHash: hash, ...(opts.drainTimeout !== undefined ? { drainTimeout: opts.drainTimeout } : {}) },
      {
        ...(opts.signal ? { signal: opts.signal } : {}),
        onEvent: (ev) => {
          if (ev.type === 'step-start') opts.onProgress?.({ ...base, step: 'apply', status: 'start', agentStep: { index: ev.index, total: ev.total, description: ev.description.en } });
          if (ev.type === 'rollback-start') opts.onProgress?.({ ...base, step: 'rollback', status: 'start', message: ev.reason });
          if (ev.type === 'rollback-done') opts.onProgress?.({ ...base, step: 'rollback', status: 'done' });
        },
      },
    );
    r.applied = true;
    r.result.outcome = 'changed';
    r.result.hostOps = res.hostOps;
    r.result.ipvsOps = res.ipvsOps;
    r.result.steps = res.steps;
    opts.onProgress?.({ ...base, step: 'apply', status: 'done' });
  } catch (e) {
    r.result.error = toHostError(e);
    const agentRolledBack = r.result.error.code === 'cancelled' || r.result.error.code === 'apply-failed';
    r.result.outcome = agentRolledBack ? 'rolled-back' : 'failed';
    if (e instanceof AgentGoneError) {
      opts.onProgress?.({ ...base, step: 'reconnect', status: 'start', message: r.result.error.message });
      r.result.endState = await settleAfterLoss(r, hash, opts);
      if (r.result.endState === 'old') r.result.outcome = 'rolled-back';
      if (r.result.endState === 'new') {
        // the agent finished the apply on its own: the host is deployed like the others
        r.applied = true;
        r.result.outcome = 'changed';
      }
      opts.onProgress?.({ ...base, step: 'reconnect', status: r.result.endState === 'unknown' ? 'failed' : 'done', message: r.result.endState });
    }
    if (r.applied) opts.onProgress?.({ ...base, step: 'apply', status: 'done', message: 'finished by the agent while the connection was down' });
    else opts.onProgress?.({ ...base, step: 'apply', status: 'failed', message: r.result.error.message });
  }
}

async function rollbackHost(r: Run, opts: DeployOptions): Promise<void> {
  const base = { hostId: r.endpoint.hostId, hostName: r.endpoint.hostName, step: 'rollback' as const };
  opts.onProgress?.({ ...base, status: 'start', message: r.session?.previous ? 'back to the previous deploy' : 'removing what the deploy added' });
  try {
    const target = rollbackTarget(r.session?.previous, r.desired, r.result.hostOps);
    await r.session!.agent!.apply({ desired: target }).catch(async (e: unknown) => {
      if (!(e instanceof AgentGoneError)) throw e;
      await reopenAgent(r);
      return r.session!.agent!.apply({ desired: target });
    });
    r.result.outcome = 'rolled-back';
    r.result.rollback = { ok: true };
    if (r.result.endState) r.result.endState = 'old';
    opts.onProgress?.({ ...base, status: 'done' });
  } catch (e) {
    r.result.outcome = 'failed';
    r.result.rollback = { ok: false, error: toHostError(e) };
    opts.onProgress?.({ ...base, status: 'failed', message: r.result.rollback.error!.message });
  }
}

/** `lvs-agent daemon --ensure` on directors with health checks (the daemon runs the checks). */
async function ensureDaemon(r: Run, opts: DeployOptions): Promise<void> {
  const base = { hostId: r.endpoint.hostId, hostName: r.endpoint.hostName, step: 'daemon' as const };
  opts.onProgress?.({ ...base, status: 'start' });
  try {
    const x = await execRemote(r.session!.conn!.client, [...r.session!.agentArgv!, 'daemon', '--ensure'], { timeoutMs: 60_000, stdin: sudoInput(r.session!.sudo) });
    if (x.code !== 0) throw new Error(`daemon --ensure exited ${x.code}: ${x.stderr.trim().slice(0, 200)}`);
    const out = JSON.parse(x.stdout.trim().split('\n').pop() ?? '{}') as { started?: boolean };
    r.result.daemon = out.started ? 'started' : 'running';
    opts.onProgress?.({ ...base, status: 'done', message: r.result.daemon });
  } catch (e) {
    r.result.daemon = 'failed';
    opts.onProgress?.({ ...base, status: 'failed', message: (e as Error).message });
  }
}

export async function deploy(opts: DeployOptions): Promise<DeployResult> {
  const startedAt = new Date();
  const { runs, hash } = await preflightAll(opts, true);
  const result: DeployResult = { planHash: hash, dryRun: opts.dryRun ?? false, confirmed: false, cancelled: false, ok: false, hosts: runs.map((r) => r.result) };
  const aborted = (): boolean => opts.signal?.aborted ?? false;
  try {
    await dryRunAll(runs, hash, opts);
    const allReady = runs.every((r) => r.result.outcome !== 'failed');
    if (aborted()) result.cancelled = true;
    if (!allReady || aborted() || opts.dryRun) {
      result.ok = allReady && !aborted();
      return result;
    }
    result.confirmed = opts.confirm ? await opts.confirm(result.hosts) : true;
    if (!result.confirmed) return result;

    const toChange = runs.filter((r) => r.result.outcome === 'changed');
    for (const r of toChange) r.result.outcome = 'skipped';
    let failed = false;
    const stop = (): boolean => failed || aborted();
    // Real servers first: traffic never reaches a real server that is not ready for it.
    for (const phase of [toChange.filter((r) => r.desired.role !== 'director'), toChange.filter((r) => r.desired.role === 'director')]) {
      if (stop()) break;
      await eachLimit(
        phase,
        opts.concurrency ?? 8,
        async (r) => {
          await applyHost(r, hash, opts);
          if (!r.applied) failed = true;
        },
        stop,
      );
    }
    result.cancelled = aborted();
    if ((failed || result.cancelled) && (opts.rollbackOnFailure ?? true)) {
      // Without the signal: a cancelled deploy still puts the changed hosts back.
      await eachLimit(
        runs.filter((r) => r.applied),
        opts.concurrency ?? 8,
        (r) => rollbackHost(r, opts),
      );
    }
    result.ok = !failed && !result.cancelled;
    if (result.ok) {
      const daemons = runs.filter((r) => r.desired.role === 'director' && (r.desired.health?.services.length ?? 0) > 0);
      await eachLimit(daemons, opts.concurrency ?? 8, (r) => ensureDaemon(r, opts));
    }
    return result;
  } finally {
    for (const r of runs) if (r.session) closeSession(r.session);
    if (opts.logFile) await appendDeployLog(opts.logFile, logEntry(result, startedAt));
  }
}
