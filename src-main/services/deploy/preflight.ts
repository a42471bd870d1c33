// Preflight of one host: connect (host keys checked at every hop), who we are (uid 0, or sudo: -n,
// else with the password asked once and sent on stdin),
// install/upgrade the agent, start it, hello (kernel, planes, version) and read-state (conflicts:
// IPVS services and addresses the plan would clobber that LVS Studio did not create).
import type { HostDesiredState } from '../../../src-core/compile/desired-state';
import type { HostEndpoint } from '../../../src-core/model/inventory';
import { serviceId } from '../../../src-core/diff/ipvs-ops';
import type { ApplyResult, HelloResult, ReadStateResult } from '../../../src-agent/protocol';
import { AgentClient } from '../agent/agent-client';
import { openAgentChannel } from '../agent/ssh-agent-channel';
import { SshError } from '../ssh/ssh-connect';
import { keyTypeOf } from '../ssh/known-hosts';
import { resolveEndpoint, type ResolvedEndpoint } from '../ssh/ssh-resolve';
import { connectEndpoint, type ConnectOptions, type HostConnection } from './connect';
import { inspectHost, installAgent, InstallError, type AgentBundle, type InstallPlan } from './install';
import { NOPASSWD, ROOT, sudoInput, withSudo, type SudoMode } from './remote';
import type { HostError, PreflightResult } from './types';

export interface HostSession {
  endpoint: HostEndpoint;
  resolved?: ResolvedEndpoint;
  conn?: HostConnection;
  agent?: AgentClient;
  /** argv that starts the agent (sudo and env included). */
  agentArgv?: string[];
  /** How the agent and commands get root (holds the sudo password, in memory only, when one is needed). */
  sudo: SudoMode;
  hello?: HelloResult;
  state?: ReadStateResult;
  /** The dry run, sent together with hello and read-state (settled; the engine awaits it). */
  dryRun?: Promise<ApplyResult>;
  /** The desired state of the last successful apply on the host (undefined: none). */
  previous?: HostDesiredState;
  uploaded: string[];
  preflight: PreflightResult;
}

export interface PreflightContext extends ConnectOptions {
  bundle: AgentBundle;
  sshConfigText: string;
  localUser: string;
  home: string;
  /** Upload the agent when it differs (false: only report). */
  install: boolean;
  agentEnv?: Record<string, string>;
  /** Also send the dry run of the host's desired state in the same round trip (the plan hash goes with it). */
  dryRunPlanHash?: string;
  onStep?: (step: 'connect' | 'preflight' | 'install', status: 'start' | 'done', message?: string) => void;
}

export function toHostError(e: unknown): HostError {
  if (e instanceof SshError) {
    const out: HostError = { code: e.code, message: e.message };
    const v = e.verdict;
    if (v && v.status !== 'known') out.fingerprint = v.fingerprint;
    if (v?.status === 'unknown') out.hostKey = { host: v.host, port: v.port, type: keyTypeOf(v.key), key: v.key.toString('base64') };
    return out;
  }
  const err = e as { code?: unknown; message?: string; agentError?: { step?: HostError['step'] } };
  const out: HostError = { code: typeof err?.code === 'string' ? err.code : 'ERROR', message: err?.message ?? String(e) };
  if (err?.agentError?.step) out.step = err.agentError.step;
  return out;
}

const hopText = (h: { user: string; host: string; port: number }): string => `${h.user}@${h.host}:${h.port}`;

/** The plane read-state reports for a director, else what hello says `auto` would pick. */
function planeOf(desired: HostDesiredState, hello: HelloResult, state: ReadStateResult): PreflightResult['plane'] {
  if (desired.role !== 'director') return 'none';
  const want = desired.dataPlane ?? 'auto';
  if (want !== 'auto') return want;
  if (state.plane !== 'none') return state.plane;
  return hello.planes.ipvs.ipvsadm && (hello.planes.ipvs.moduleLoaded || hello.planes.ipvs.moduleAvailable) ? 'ipvs' : 'nftables';
}

/** The modules `desired` needs that the host's kernel reports on (ip_vs and its schedulers only on the ipvs plane). */
export function neededModules(desired: HostDesiredState, hello: HelloResult, plane: PreflightResult['plane']): NonNullable<PreflightResult['modules']> {
  const out: NonNullable<PreflightResult['modules']> = [];
  for (const m of desired.modules) {
    if (/^ip_vs/.test(m.name) && plane !== 'ipvs') continue;
    const state = hello.modules?.[m.name];
    if (state && !out.some((x) => x.name === m.name)) out.push({ name: m.name, state, reason: m.reason });
  }
  return out;
}

/** IPVS services and addresses that are on the host, not LVS Studio's, and that the apply would change. */
export function findConflicts(desired: HostDesiredState, state: ReadStateResult, previous: HostDesiredState | undefined): string[] {
  const out: string[] = [];
  if (desired.role === 'director') {
    const ours = new Set([...desired.ipvs.services, ...(previous?.ipvs.services ?? [])].map((s) => serviceId(s)));
    for (const s of state.actual.ipvs.services) {
      const id = serviceId(s);
      if (!ours.has(id)) out.push(`IPVS service ${id} exists on the host and is not in the plan: the deploy would delete it`);
    }
    const wanted = new Set(desired.ipvs.services.map((s) => serviceId(s)));
    for (const s of state.actual.ipvs.services) {
      const id = serviceId(s);
      if (wanted.has(id) && !previous?.ipvs.services.some((p) => serviceId(p) === id)) {
        out.push(`IPVS service ${id} already exists on the host (not created by LVS Studio): the deploy would take it over`);
      }
    }
  }
  for (const a of desired.addresses.filter((x) => x.managed)) {
    const ip = a.cidr.split('/')[0];
    for (const have of state.actual.addresses) {
      if (have.cidr.split('/')[0] === ip && !have.owned && have.dev !== a.dev) {
        out.push(`address ${ip} is already on ${have.dev} (not added by LVS Studio); the plan puts it on ${a.dev}`);
      }
    }
  }
  return out;
}

/** Never throws: a failure is recorded in the session's preflight (the other hosts go on). */
export async function preflightHost(endpoint: HostEndpoint, desired: HostDesiredState, ctx: PreflightContext): Promise<HostSession> {
  const pf: PreflightResult = { ok: false, reachable: false, authenticated: false, sudo: endpoint.sudo, agentInstalled: 'unknown', runtime: 'host-node', conflicts: [] };
  const s: HostSession = { endpoint, uploaded: [], preflight: pf, sudo: endpoint.sudo ? NOPASSWD : ROOT };
  try {
    ctx.onStep?.('connect', 'start');
    s.resolved = resolveEndpoint(endpoint, ctx.sshConfigText, ctx.localUser, ctx.home);
    pf.endpoint = hopText(s.resolved.target) + (s.resolved.jumps.length ? ` via ${s.resolved.jumps.map(hopText).join(', ')}` : '');
    try {
      s.conn = await connectEndpoint(s.resolved, ctx);
    } catch (e) {
      const code = (e as SshError).code;
      pf.reachable = code === 'AUTH_FAILED' || code === 'NEED_PASSWORD' || code === 'NEED_PASSPHRASE' || code === 'BAD_PASSPHRASE';
      throw e;
    }
    pf.reachable = true;
    pf.authenticated = true;
    ctx.onStep?.('connect', 'done', pf.endpoint);

    ctx.onStep?.('preflight', 'start');
    const env = Object.entries(ctx.agentEnv ?? {}).map(([k, v]) => `${k}=${v}`);
    const argvFor = (command: string[]): string[] => withSudo([...(env.length ? ['env', ...env] : []), ...command], s.sudo);
    // Warm hosts (agent up to date, node on the host) are the common case: start the agent while
    // the probe runs; it is dropped when the probe says it must be replaced.
    const hostNodeArgv = argvFor(['node', `${endpoint.agentDir}/lvs-agent.mjs`]);
    let early = openAgentChannel(s.conn.client, hostNodeArgv).catch(() => undefined);
    const dropEarly = async (): Promise<void> => {
      (await early)?.close();
      early = Promise.resolve(undefined);
    };
    let plan: InstallPlan | undefined = await inspectHost(s.conn.client, ctx.bundle, endpoint.agentDir, s.sudo).catch(async (e: unknown) => {
      await dropEarly();
      if (e instanceof InstallError && e.code === 'SUDO_PASSWORD' && ctx.credentials) return undefined;
      throw e;
    });
    if (!plan) {
      const hop = hopText(s.resolved.target);
      const password = await ctx.credentials!({ hostId: endpoint.hostId, hop, kind: 'sudo-password' });
      if (password === undefined) throw new InstallError('SUDO_PASSWORD', `sudo on ${hop} wants a password and none was given`);
      // sudo -S reads one line: a password with a line break cannot be given to it
      if (password.includes('\n')) throw new InstallError('SUDO_AUTH_FAILED', `a sudo password for ${hop} cannot contain a line break`);
      s.sudo = { kind: 'password', password };
      pf.sudoPassword = true;
      // The probe is the password's check: a wrong one fails here, before the agent reads stdin.
      plan = await inspectHost(s.conn.client, ctx.bundle, endpoint.agentDir, s.sudo);
    }
    pf.uid = plan.uid;
    if (pf.uid !== 0) {
      throw new InstallError('REMOTE', endpoint.sudo ? `sudo runs as uid ${pf.uid}, not root` : `the SSH user is uid ${pf.uid}, not root: set sudo: true in the inventory or connect as root`);
    }
    if (plan.arch) pf.arch = plan.arch;
    pf.runtime = plan.runtimeNeeded ? 'bundled' : 'host-node';
    const upToDate = plan.agentUpToDate && (!plan.runtimeNeeded || plan.runtimeUpToDate);
    pf.agentInstalled = upToDate ? 'up-to-date' : 'will-upload';
    if (!upToDate) {
      if (!ctx.install) throw new InstallError('REMOTE', 'the agent on the host is missing or differs from this build (a deploy installs it)');
      ctx.onStep?.('install', 'start');
      s.uploaded = await installAgent(s.conn.client, ctx.bundle, endpoint.agentDir, s.sudo, plan);
      pf.agentInstalled = 'uploaded';
      ctx.onStep?.('install', 'done', s.uploaded.length ? `uploaded ${s.uploaded.join(', ')}` : undefined);
    }
    s.agentArgv = argvFor(plan.command);
    const started = await early;
    if (upToDate && !plan.runtimeNeeded && started) s.agent = started;
    else {
      started?.close();
      s.agent = await openAgentChannel(s.conn.client, s.agentArgv, sudoInput(s.sudo));
    }
    // requests may be sent without waiting: one round trip for all of them
    if (ctx.dryRunPlanHash !== undefined) {
      s.dryRun = s.agent.apply({ desired, dryRun: true, planHash: ctx.dryRunPlanHash }, ctx.signal ? { signal: ctx.signal } : {});
      s.dryRun.catch(() => undefined); // awaited (and its error reported) by the engine
    }
    [s.hello, s.state] = await Promise.all([s.agent.hello(), s.agent.readState()]);
    if (pf.agentInstalled === 'up-to-date') pf.agentVersion = s.hello.agentVersion;
    pf.kernel = s.hello.kernel;
    pf.planes = s.hello.planes;
    s.previous = s.state.lastDesired ?? undefined;
    pf.plane = planeOf(desired, s.hello, s.state);
    pf.modules = neededModules(desired, s.hello, pf.plane);
    const missing = pf.modules.find((m) => m.state === 'missing');
    if (missing) throw new InstallError('MISSING_MODULE', `this kernel has no ${missing.name} module, which the plan needs here (${missing.reason})`);
    pf.conflicts = findConflicts(desired, s.state, s.previous);
    pf.ok = true;
    const modules = pf.modules.length ? `, modules ${pf.modules.map((m) => `${m.name} ${m.state}`).join(' ')}` : '';
    ctx.onStep?.('preflight', 'done', `${s.hello.hostname}: kernel ${s.hello.kernel.split(' ')[0]}, plane ${pf.plane}${modules}, agent ${s.hello.agentVersion}`);
  } catch (e) {
    pf.error = toHostError(e);
  }
  return s;
}

export function closeSession(s: HostSession): void {
  try {
    s.agent?.close();
  } catch {
    /* already closed */
  }
  s.conn?.close();
}
