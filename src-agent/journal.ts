// The apply journal: written (fsync'd) before the first change and updated before every step, so
// an agent killed mid-apply leaves a record of what it had started. Rolling back runs the inverse
// of the steps started, newest first; the inverse of the one step that may or may not have run
// (the last started) is allowed to fail.
import type { DesiredMarkRule } from '../src-core/compile/desired-state';
import { invertHostOps, type HostOp } from '../src-core/diff/host-ops';
import { applyIpvsOps } from '../src-core/render/nftables/ops';
import { invertIpvsOps } from '../src-core/diff/ipvs-invert';
import type { IpvsOp } from '../src-core/diff/ipvs-ops';
import type { IpvsTable } from '../src-core/ipvs/types';
import type { AgentContext } from './context';
import type { DataPlane } from './plane/plane';
import { planeFactory, preparePlane } from './plane/registry';
import type { PlaneName } from './protocol';
import { readJson, removeFile, STATE_FILES, writeJson, logLine } from './state';
import { hostStep, planeStep, runStep, type Step, type StepFailure } from './steps';

export interface Journal {
  version: 1;
  pid: number;
  startedAt: string;
  plane: PlaneName | 'none';
  hostOps: HostOp[];
  ipvsOps: IpvsOp[];
  /** The table before the apply, and the one it aims at (the nftables plane renders whole tables). */
  ipvsBefore: IpvsTable;
  ipvsDesired: IpvsTable;
  /** The desired mark rules (the nftables plane renders fwmark services from them). */
  markRules?: DesiredMarkRule[];
  /** Host steps started (one per host op). */
  hostStarted: number;
  /** Plane steps started, of planeSteps (1:1 with ipvsOps for ipvs; one transaction for nftables). */
  planeStarted: number;
  planeSteps: number;
}

// The journal proper (ops, tables: megabytes at 10,000 real servers) is written once; the steps
// started go to a small progress file rewritten (fsync'd) before each step.
type Progress = Pick<Journal, 'hostStarted' | 'planeStarted'>;

export function writeJournal(stateDir: string, j: Journal): void {
  writeProgress(stateDir, j);
  writeJson(stateDir, STATE_FILES.journal, j);
}

export function writeProgress(stateDir: string, j: Journal): void {
  const p: Progress = { hostStarted: j.hostStarted, planeStarted: j.planeStarted };
  writeJson(stateDir, STATE_FILES.journalProgress, p);
}

export function readJournal(stateDir: string): Journal | undefined {
  const j = readJson<Journal>(stateDir, STATE_FILES.journal);
  if (!j) return undefined;
  const p = readJson<Progress>(stateDir, STATE_FILES.journalProgress);
  if (p && Number.isInteger(p.hostStarted) && Number.isInteger(p.planeStarted)) {
    j.hostStarted = Math.max(j.hostStarted, p.hostStarted);
    j.planeStarted = Math.max(j.planeStarted, p.planeStarted);
  }
  return j;
}

export function removeJournal(stateDir: string): void {
  removeFile(stateDir, STATE_FILES.journal);
  removeFile(stateDir, STATE_FILES.journalProgress);
}

/** IPVS ops whose steps have (maybe) run: with `certain`, only those surely finished. */
function ipvsOpsStarted(j: Journal, certain: boolean, lastRan: LastStep): IpvsOp[] {
  const started = certain && lastRan !== 'completed' ? j.planeStarted - 1 : j.planeStarted;
  if (j.planeSteps === j.ipvsOps.length) return j.ipvsOps.slice(0, Math.max(0, started));
  return started >= j.planeSteps ? j.ipvsOps : [];
}

interface RollbackPlan {
  /** May fail: their forward step may not have run. */
  tolerant: Step[];
  strict: Step[];
}

/** What became of the last step started: it failed (did not run), completed, or nobody knows (killed). */
export type LastStep = 'failed' | 'completed' | 'unknown';

function rollbackPlan(j: Journal, last: LastStep, plane: DataPlane | undefined): RollbackPlan {
  const tolerant: Step[] = [];
  const strict: Step[] = [];
  const lastStartedFailed = last !== 'unknown';
  const hostCertain = j.hostOps.slice(0, Math.max(0, last === 'completed' ? j.hostStarted : j.hostStarted - 1));
  const hostMaybe = j.hostOps.slice(0, j.hostStarted);
  const planeRan = j.planeStarted > 0;
  if (plane) {
    const certain = ipvsOpsStarted(j, true, last);
    const maybe = ipvsOpsStarted(j, false, last);
    const invCertain = invertIpvsOps(j.ipvsBefore, certain);
    const invMaybe = invertIpvsOps(j.ipvsBefore, maybe);
    const extra = invMaybe.slice(0, invMaybe.length - invCertain.length);
    // plan() gets the table the inverse ops start from (the nftables plane renders the result whole)
    if (!lastStartedFailed && extra.length > 0) tolerant.push(...plane.plan(extra, applyIpvsOps(j.ipvsBefore, maybe), j.ipvsBefore).map(planeStep));
    if (invCertain.length > 0) strict.push(...plane.plan(invCertain, applyIpvsOps(j.ipvsBefore, certain), j.ipvsBefore).map(planeStep));
  }
  // host steps all ran before the first plane step
  const hostDone = planeRan ? j.hostOps.slice(0, j.hostStarted) : hostCertain;
  if (!planeRan && !lastStartedFailed && hostMaybe.length > hostCertain.length) tolerant.push(...invertHostOps(hostMaybe.slice(hostCertain.length)).map(hostStep));
  strict.push(...invertHostOps(hostDone).map(hostStep));
  return { tolerant, strict };
}

export interface RollbackOutcome {
  ok: boolean;
  failure?: StepFailure;
}

/** Runs the rollback for `j`, given what became of the last step started. */
export async function rollback(ctx: AgentContext, j: Journal, last: LastStep, onStep?: (s: Step) => void): Promise<RollbackOutcome> {
  const factory = j.plane === 'none' ? undefined : planeFactory(j.plane);
  const plane = factory?.(ctx.run, ctx.dirs.stateDir);
  if (plane && j.planeStarted > 0) await preparePlane(plane, j.ipvsBefore, j.markRules ?? []);
  const plan = rollbackPlan(j, last, plane);
  for (const s of plan.tolerant) {
    onStep?.(s);
    const f = await runStep(ctx.run, ctx.dirs.stateDir, s);
    if (f) logLine(ctx.dirs, { msg: 'rollback: step of an interrupted command failed (it had not run)', step: f });
  }
  for (const s of plan.strict) {
    onStep?.(s);
    const f = await runStep(ctx.run, ctx.dirs.stateDir, s);
    if (f) {
      logLine(ctx.dirs, { msg: 'rollback step failed', step: f });
      return { ok: false, failure: f };
    }
  }
  return { ok: true };
}
