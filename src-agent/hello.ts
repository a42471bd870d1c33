// hello and read-state.
import { readFileSync } from 'node:fs';
import { arch, hostname, release, version } from 'node:os';
import type { HostDesiredState } from '../src-core/compile/desired-state';
import { currentPlane, readActual } from './apply';
import type { AgentContext } from './context';
import { moduleStates, probePlanes } from './probe';
import { PROTOCOL_VERSION, type HelloResult, type ReadStateResult } from './protocol';
import { readJson, STATE_FILES, type LastApply } from './state';

declare const __AGENT_VERSION__: string | undefined;
/** Set by the bundler (esbuild define) from package.json; 'dev' when run from source. */
export const AGENT_VERSION = typeof __AGENT_VERSION__ === 'string' ? __AGENT_VERSION__ : 'dev';

export const METHODS = ['hello', 'read-state', 'apply', 'cancel', 'watch'] as const;

/** Services and real servers listed in /proc/net/ip_vs. */
export function countProcIpVs(text: string): { services: number; destinations: number } {
  let services = 0;
  let destinations = 0;
  for (const l of text.split('\n')) {
    if (/^(TCP|UDP|SCTP|FWM)\s/.test(l)) services++;
    else if (/^\s+->\s+[0-9A-Fa-f[]/.test(l)) destinations++;
  }
  return { services, destinations };
}

export async function hello(ctx: AgentContext, methods: readonly string[]): Promise<HelloResult> {
  const [planes, modules] = await Promise.all([probePlanes(ctx.run), moduleStates(ctx.run)]);
  const last = readJson<LastApply>(ctx.dirs.stateDir, STATE_FILES.lastApply);
  let services = 0;
  let destinations = 0;
  try {
    const { name } = await currentPlane(ctx);
    if (name === 'ipvs') {
      // counting /proc/net/ip_vs lines is cheap; parsing the table is not (10k real servers)
      const c = countProcIpVs(readFileSync('/proc/net/ip_vs', 'utf8'));
      services = c.services;
      destinations = c.destinations;
    } else {
      // the table of the last apply (what read-state then checks against the kernel): no program run
      const t = readJson<HostDesiredState>(ctx.dirs.stateDir, STATE_FILES.desired)?.ipvs;
      services = t?.services.length ?? 0;
      destinations = t?.services.reduce((n, s) => n + s.destinations.length, 0) ?? 0;
    }
  } catch {
    /* summary only */
  }
  const state: HelloResult['state'] = { services, destinations };
  if (last) state.lastApply = last;
  if (ctx.recovery?.recovered) state.recoveredJournal = true;
  if (ctx.recovery?.error) state.recoveryError = ctx.recovery.error;
  return {
    agentVersion: AGENT_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    capabilities: [...methods],
    hostname: hostname(),
    kernel: `${release()} ${version()}`,
    arch: arch(),
    node: process.version,
    uid: typeof process.getuid === 'function' ? process.getuid() : -1,
    planes,
    modules,
    state,
  };
}

export async function readState(ctx: AgentContext): Promise<ReadStateResult> {
  const desired = readJson<HostDesiredState>(ctx.dirs.stateDir, STATE_FILES.desired);
  const { name, plane } = await currentPlane(ctx);
  const actual = await readActual(ctx, (desired?.sysctls ?? []).map((s) => s.key), plane, true);
  return { actual, plane: name, lastDesired: desired ?? null };
}
