// apply: diff the host's actual state against the desired one with src-core's diff (the code the
// app previews with) and run only the difference, journalled and rolled back on failure.
import type { HostDesiredState } from '../src-core/compile/desired-state';
import type { ActualHostState } from '../src-core/diff/actual-state';
import { diffHost } from '../src-core/diff/host-diff';
import { diffIpvs, type DrainedDestination } from '../src-core/diff/ipvs-diff';
import { destId, serviceId, serviceKeyOf } from '../src-core/diff/ipvs-ops';
import type { IpvsTable } from '../src-core/ipvs/types';
import { nftPlaneTable } from '../src-core/render/nftables/fullnat';
import type { AgentContext } from './context';
import { readHostParts, readModules, readSysctls, type HostParts } from './host/read';
import { BadValueError } from './host/ops';
import { readJournal, removeJournal, rollback, writeJournal, writeProgress, type Journal } from './journal';
import { tryLock } from './lock';
import type { DataPlane } from './plane/plane';
import { planeFactory, preparePlane } from './plane/registry';
import { readHealthState } from './daemon/files';
import { resolveHealth } from './health/apply';
import { ipvsUsable, probePlanes } from './probe';
import type { AgentError, ApplyEvent, ApplyParams, ApplyResult, PlaneName } from './protocol';
import { logLine, readDraining, readJson, readOwned, STATE_FILES, writeJson, type LastApply } from './state';
import { hostStep, planeStep, runStep, type Step } from './steps';

export class AgentFailure extends Error {
  constructor(readonly error: AgentError) {
    super(error.message);
  }
}

const fail = (code: AgentError['code'], message: string, extra: Partial<AgentError> = {}): never => {
  throw new AgentFailure({ code, message, ...extra });
};

/**
 * The plane that holds (or will hold) `desired`'s table; 'none' when the host keeps no table.
 * `ipvsOwner` is ignored: it tells the exported scripts to leave the table to keepalived, while a
 * deployed agent does the health checks itself and owns the table (keepalived then runs VRRP only).
 */
export async function choosePlane(ctx: AgentContext, desired: HostDesiredState): Promise<{ name: PlaneName | 'none'; plane?: DataPlane }> {
  if (desired.role !== 'director') return { name: 'none' };
  const caps = await probePlanes(ctx.run);
  const want = desired.dataPlane ?? 'auto';
  const nftFactory = planeFactory('nftables');
  const nftOk = caps.nftables.nft && nftFactory !== undefined;
  let name: PlaneName | undefined;
  if (want === 'ipvs') name = ipvsUsable(caps) ? 'ipvs' : fail('unsupported', 'the plan asks for the ipvs plane but this host has no IPVS (ip_vs module and ipvsadm)');
  else if (want === 'nftables') name = nftOk ? 'nftables' : fail('unsupported', caps.nftables.nft ? 'this agent has no nftables plane' : 'the plan asks for the nftables plane but nft is not installed');
  else if (ipvsUsable(caps)) name = 'ipvs';
  else if (nftOk) name = 'nftables';
  else if (desired.ipvs.services.length === 0) return { name: 'none' };
  else fail('unsupported', 'this host can run neither IPVS nor the nftables plane');
  return { name: name!, plane: planeFactory(name!)!(ctx.run, ctx.dirs.stateDir) };
}

/** The plane read-state reports: the last apply's, else ipvs when its module is loaded. */
export async function currentPlane(ctx: AgentContext): Promise<{ name: PlaneName | 'none'; plane?: DataPlane }> {
  const last = readJson<LastApply>(ctx.dirs.stateDir, STATE_FILES.lastApply);
  if (last?.plane === 'nftables') {
    const f = planeFactory('nftables');
    if (f) return { name: 'nftables', plane: f(ctx.run, ctx.dirs.stateDir) };
  }
  const caps = await probePlanes(ctx.run);
  if (caps.ipvs.moduleLoaded && caps.ipvs.ipvsadm) return { name: 'ipvs', plane: planeFactory('ipvs')!(ctx.run, ctx.dirs.stateDir) };
  return { name: 'none' };
}

// read-state, hello and a dry run arrive in one round trip: a host read one of them did less than
// a second ago (or still does) serves the others. A real apply never uses it (it reads after
// taking the lock) and drops it, since it changes what was read.
const SHARE_MS = 1000;
const hostReads = new WeakMap<AgentContext, { parts: Promise<HostParts>; at: number }>();

function hostParts(ctx: AgentContext, share: boolean): Promise<HostParts> {
  const read = (): Promise<HostParts> => readHostParts(ctx.run, readOwned(ctx.dirs.stateDir));
  if (!share) return read();
  const last = hostReads.get(ctx);
  if (last && Date.now() - last.at < SHARE_MS) return last.parts.then((v) => structuredClone(v));
  const parts = read();
  const entry = { parts, at: Date.now() };
  hostReads.set(ctx, entry);
  // the age counts from the end of the read
  parts.then(
    () => (entry.at = Date.now()),
    () => hostReads.get(ctx) === entry && hostReads.delete(ctx),
  );
  // every sharer gets its own copy: none sees what another changes in its result
  return parts.then((v) => structuredClone(v));
}

export function forgetHostReads(ctx: AgentContext): void {
  hostReads.delete(ctx);
}

/** `share`: may use a host read of the last second (read-state, dry run). */
export async function readActual(ctx: AgentContext, sysctlKeys: Iterable<string>, plane: DataPlane | undefined, share = false): Promise<ActualHostState> {
  const [parts, ipvs] = await Promise.all([
    hostParts(ctx, share),
    // never shared: a plane remembers what its own read() found (its apply works from that)
    plane && (plane.name !== 'ipvs' || readModules().includes('ip_vs')) ? plane.read() : Promise.resolve<IpvsTable>({ services: [] }),
  ]);
  return { ...parts, sysctls: readSysctls(sysctlKeys), modules: readModules(), ipvs };
}

function checkDesired(d: unknown): HostDesiredState {
  const o = d as Partial<HostDesiredState> | undefined;
  const arrays = ['addresses', 'tunnels', 'sysctls', 'routes', 'markRules', 'modules'] as const;
  if (!o || typeof o !== 'object' || !arrays.every((k) => Array.isArray(o[k])) || !o.ipvs || !Array.isArray(o.ipvs.services)) {
    fail('bad-request', 'params.desired must be a HostDesiredState (addresses, tunnels, sysctls, routes, markRules, modules, ipvs)');
  }
  return o as HostDesiredState;
}

const drainKey = (svc: Parameters<typeof serviceId>[0], d: { address: string; port: number }): string => `${serviceId(serviceKeyOf(svc))}#${destId(d)}`;

interface Hooks {
  emit: (e: ApplyEvent) => void;
  cancelled: () => boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function apply(ctx: AgentContext, params: ApplyParams, hooks: Hooks): Promise<ApplyResult> {
  const p = (params ?? {}) as Partial<ApplyParams>;
  const checked = checkDesired(p.desired);
  const dryRun = p.dryRun === true;
  const drainTimeout = typeof p.drainTimeout === 'number' && p.drainTimeout >= 0 ? p.drainTimeout : 300;
  const lock = tryLock(ctx.dirs.stateDir);
  if (!lock) fail('busy', 'another apply holds the host lock');
  if (!dryRun) forgetHostReads(ctx);
  try {
    const { name: planeName, plane } = await choosePlane(ctx, checked);
    // the nftables plane also serves FULLNAT, which the IPVS table leaves out (desired.fullnat)
    const nft = planeName === 'nftables' ? nftPlaneTable(checked.ipvs, checked.fullnat) : undefined;
    const desiredIn: HostDesiredState = nft ? { ...checked, ipvs: nft.table } : checked;
    // the ip_vs modules only matter on the ipvs plane; the table is the one the health checks allow
    // (failed real servers at weight 0 or out, sorry servers in), so an apply never undoes the daemon
    const health = resolveHealth(desiredIn.ipvs, desiredIn.health, readHealthState(ctx.dirs.stateDir));
    const desired: HostDesiredState = { ...desiredIn, ipvs: health.table };
    if (planeName !== 'ipvs') desired.modules = desiredIn.modules.filter((m) => !/^ip_vs/.test(m.name));
    const t0 = performance.now();
    const actual = await readActual(ctx, desired.sysctls.map((s) => s.key), plane, dryRun);
    const t1 = performance.now();

    const draining = readDraining(ctx.dirs.stateDir);
    const now = Date.now();
    let conns: Map<string, number> | undefined;
    const drained: DrainedDestination[] = [];
    const desiredIds = new Map(desired.ipvs.services.map((s) => [serviceId(serviceKeyOf(s)), new Set(s.destinations.map(destId))]));
    for (const s of actual.ipvs.services) {
      const want = desiredIds.get(serviceId(serviceKeyOf(s)));
      for (const d of s.destinations) {
        const key = drainKey(s, d);
        const since = draining[key];
        if (!want || want.has(destId(d)) || since === undefined) continue;
        const timedOut = now - Date.parse(since) >= drainTimeout * 1000;
        if (!timedOut && !conns && plane) conns = await plane.connections();
        if (timedOut || (conns?.get(key) ?? 0) === 0) drained.push({ service: serviceKeyOf(s), address: d.address, port: d.port });
      }
    }
    // real servers the checks took out (onFailure remove) go at once, like keepalived does
    const removedByHealth = new Set(health.removed);
    for (const s of actual.ipvs.services) {
      for (const d of s.destinations) if (removedByHealth.has(drainKey(s, d))) drained.push({ service: serviceKeyOf(s), address: d.address, port: d.port });
    }
    const hostOps = diffHost(actual, desired);
    const weightOf = new Map(actual.ipvs.services.flatMap((s) => s.destinations.map((d) => [drainKey(s, d), d.weight] as const)));
    const allIpvs = plane ? diffIpvs(actual.ipvs, desired.ipvs, { drainedDestinations: drained }) : [];
    // a destination already at weight 0 and draining needs no step
    const ipvsOps = allIpvs.filter((op) => !(op.kind === 'drain-dest' && weightOf.get(drainKey(op.service, op.dest)) === 0));
    const newDraining: Record<string, string> = {};
    for (const op of allIpvs) if (op.kind === 'drain-dest') newDraining[drainKey(op.service, op.dest)] = draining[drainKey(op.service, op.dest)] ?? new Date(now).toISOString();

    const hostSteps: Step[] = hostOps.map(hostStep);
    if (plane && ipvsOps.length > 0) await preparePlane(plane, desired.ipvs, desired.markRules, nft?.fullnatLip);
    const planeSteps: Step[] = plane && ipvsOps.length > 0 ? plane.plan(ipvsOps, actual.ipvs, desired.ipvs).map(planeStep) : [];
    const steps = [...hostSteps, ...planeSteps];
    const result: ApplyResult = {
      dryRun,
      plane: planeName,
      hostOps,
      ipvsOps,
      steps: steps.map((s) => ({ description: s.description, commands: s.commands.map((c) => c.argv) })),
      draining: Object.entries(newDraining).map(([k, since]) => {
        const [service, dest] = k.split('#') as [string, string];
        return { service, dest, since };
      }),
    };
    const t2 = performance.now();
    result.timings = { readMs: Math.round(t1 - t0), diffMs: Math.round(t2 - t1), runMs: 0 };
    if (dryRun) return result;

    const journal: Journal = {
      version: 1, pid: process.pid, startedAt: new Date().toISOString(), plane: planeName, hostOps, ipvsOps,
      ipvsBefore: actual.ipvs, ipvsDesired: desired.ipvs, markRules: desired.markRules, hostStarted: 0, planeStarted: 0, planeSteps: planeSteps.length,
    };
    if (steps.length > 0) {
      writeJournal(ctx.dirs.stateDir, journal);
      logLine(ctx.dirs, { msg: 'apply start', steps: steps.length, plane: planeName, planHash: p.planHash });
    }
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      let stop = hooks.cancelled() ? 'cancelled' : undefined;
      if (!stop) {
        hooks.emit({ type: 'step-start', index: i, total: steps.length, description: step.description });
        if (ctx.stepDelayMs > 0) {
          await sleep(ctx.stepDelayMs);
          // a cancel while waiting stops before the step (the wait stands for a slow step's start)
          if (hooks.cancelled()) stop = 'cancelled';
        }
      }
      if (!stop) {
        // the mark goes down before the step runs: a crash from here on rolls this step back too
        if (i < hostSteps.length) journal.hostStarted = i + 1;
        else journal.planeStarted = i - hostSteps.length + 1;
        writeProgress(ctx.dirs.stateDir, journal);
      }
      const failure = stop ? undefined : await runStep(ctx.run, ctx.dirs.stateDir, step);
      if (!stop && !failure) {
        hooks.emit({ type: 'step-done', index: i, total: steps.length });
        if (ctx.killAfterStep === i) process.kill(process.pid, 'SIGKILL');
        continue;
      }
      hooks.emit({ type: 'rollback-start', reason: failure ? `step ${i + 1} failed: ${failure.description}` : 'cancelled' });
      logLine(ctx.dirs, { msg: 'apply failed, rolling back', failure, cancelled: !!stop });
      const rb = await rollback(ctx, journal, failure ? 'failed' : 'completed');
      hooks.emit({ type: 'rollback-done' });
      if (!rb.ok) {
        // the journal stays: the next start tries again
        fail('rollback-failed', `${failure ? `step failed: ${failure.description}` : 'cancelled'}; rollback failed too: ${rb.failure!.description}: ${rb.failure!.stderr}`, {
          ...(failure ? { step: failure } : {}), rolledBack: false,
        });
      }
      removeJournal(ctx.dirs.stateDir);
      if (!failure) fail('cancelled', 'apply cancelled; the steps already run were rolled back', { rolledBack: true });
      fail('apply-failed', `step ${i + 1} of ${steps.length} failed: ${failure!.description}: ${failure!.stderr || `exit ${failure!.exitCode}`}`, { step: failure!, rolledBack: true });
    }
    result.timings.runMs = Math.round(performance.now() - t2);
    writeJson(ctx.dirs.stateDir, STATE_FILES.desired, desiredIn);
    writeJson(ctx.dirs.stateDir, STATE_FILES.draining, newDraining);
    const last: LastApply = { at: new Date().toISOString() };
    if (typeof p.planHash === 'string') last.planHash = p.planHash;
    if (planeName !== 'none') last.plane = planeName;
    writeJson(ctx.dirs.stateDir, STATE_FILES.lastApply, last);
    if (steps.length > 0) {
      removeJournal(ctx.dirs.stateDir);
      logLine(ctx.dirs, { msg: 'apply done', steps: steps.length });
    }
    return result;
  } catch (e) {
    if (e instanceof BadValueError) fail('bad-request', e.message);
    throw e;
  } finally {
    if (!dryRun) forgetHostReads(ctx);
    lock!.release();
  }
}

/** At start: a journal means an agent died mid-apply; roll its steps back (unless it still runs). */
export async function recoverJournal(ctx: AgentContext): Promise<{ recovered: boolean; error?: string }> {
  const j = readJournal(ctx.dirs.stateDir);
  if (!j) return { recovered: false };
  const lock = tryLock(ctx.dirs.stateDir);
  if (!lock) return { recovered: false };
  try {
    const again = readJournal(ctx.dirs.stateDir);
    if (!again) return { recovered: false };
    logLine(ctx.dirs, { msg: 'journal found at start: rolling back', startedAt: again.startedAt, pid: again.pid });
    forgetHostReads(ctx);
    const rb = await rollback(ctx, again, 'unknown');
    if (!rb.ok) return { recovered: false, error: `${rb.failure!.description}: ${rb.failure!.stderr}` };
    removeJournal(ctx.dirs.stateDir);
    return { recovered: true };
  } finally {
    lock.release();
  }
}
