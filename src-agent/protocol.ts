// The agent's wire protocol: JSON lines over stdin/stdout (one JSON object per line, UTF-8).
// The app reaches the agent only through SSH (`lvs-agent` over an exec channel); the agent opens no
// port. It exits when stdin closes, which also ends any streamed command.
//
// Request  {"id": <number>, "method": <string>, "params": {...}}
// Response {"id": <same>, "result": {...}}  or  {"id": <same>, "error": {"code", "message", ...}}
// Event    {"id": <same>, "event": {...}}   zero or more, before the response (progress, stats...)
// Cancel   {"id": <new>, "method": "cancel", "params": {"target": <id of the running request>}}
import type { HostDesiredState } from '../src-core/compile/desired-state';
import type { ActualHostState } from '../src-core/diff/actual-state';
import type { HostOp } from '../src-core/diff/host-ops';
import type { IpvsOp } from '../src-core/diff/ipvs-ops';
import type { IpvsTable } from '../src-core/ipvs/types';

export const PROTOCOL_VERSION = 1;

export type PlaneName = 'ipvs' | 'nftables';

export interface AgentRequest {
  id: number;
  method: string;
  params?: unknown;
}

export type AgentErrorCode =
  | 'bad-request' // not JSON, unknown method, invalid params
  | 'busy' // another apply holds the host lock
  | 'apply-failed' // a step failed; rolled back (see rolledBack)
  | 'rollback-failed' // a step failed and so did the rollback: the host needs a look
  | 'cancelled'
  | 'unsupported' // e.g. the plan asks for a plane the host cannot run
  | 'internal';

export interface AgentError {
  code: AgentErrorCode;
  message: string;
  /** apply-failed: the step that failed, its argv and its stderr. */
  step?: { description: string; argv: string[]; stderr: string; exitCode: number };
  rolledBack?: boolean;
}

export interface PlaneCapabilities {
  ipvs: { moduleLoaded: boolean; moduleAvailable: boolean; ipvsadm: boolean; schedulers: string[] };
  nftables: { nft: boolean; version?: string };
}

/** builtin/loaded: usable now; available: modprobe will load it; missing: this kernel has none;
 *  unknown: the host keeps no module lists (no /proc/modules, no /lib/modules for this kernel). */
export type ModuleState = 'builtin' | 'loaded' | 'available' | 'missing' | 'unknown';

export interface HelloResult {
  agentVersion: string;
  protocolVersion: number;
  /** Methods this agent answers. */
  capabilities: string[];
  hostname: string;
  kernel: string;
  arch: string;
  node: string;
  uid: number;
  planes: PlaneCapabilities;
  /** ip_vs, ipip, ip_gre, ip6_tunnel, fou. */
  modules: Record<string, ModuleState>;
  /** What a previous apply left (plan hash, time), whether a journal was rolled back at start. */
  state: {
    lastApply?: { planHash?: string; at: string; plane?: PlaneName };
    recoveredJournal?: boolean;
    /** A journal was found at start but its rollback failed (the journal is kept; the host needs a look). */
    recoveryError?: string;
    services: number;
    destinations: number;
  };
}

export interface ReadStateResult {
  actual: ActualHostState;
  /** The plane holding the table when the agent manages it with nftables; else ipvs. */
  plane: PlaneName | 'none';
  /** nftables plane: our table as `nft list table` prints it (for display). */
  nftRuleset?: string;
  /** Health of each destination as the daemon sees it (absent when no checks run). */
  health?: HealthState;
  /** The desired state of the last successful apply (desired.json), null when there was none (a deploy's rollback target). */
  lastDesired?: HostDesiredState | null;
}

export interface ApplyParams {
  desired: HostDesiredState;
  dryRun?: boolean;
  /** Seconds a removed TCP/SCTP destination may drain before it is deleted (default 300). */
  drainTimeout?: number;
  /** Free text stored with the apply (the app puts the plan hash here). */
  planHash?: string;
}

export interface PlannedStep {
  description: { en: string; zh: string };
  /** The command(s) this step runs, each an argv (display only; never a shell string). */
  commands: string[][];
}

export interface ApplyResult {
  dryRun: boolean;
  plane: PlaneName | 'none';
  hostOps: HostOp[];
  ipvsOps: IpvsOp[];
  steps: PlannedStep[];
  /** Destinations left draining (weight 0) that a later apply or the daemon deletes once empty. */
  draining: { service: string; dest: string; since: string }[];
  /** Milliseconds spent reading the host (and table), diffing/planning, and running the steps. */
  timings?: { readMs: number; diffMs: number; runMs: number };
}

export type ApplyEvent =
  | { type: 'step-start'; index: number; total: number; description: { en: string; zh: string } }
  | { type: 'step-done'; index: number; total: number }
  | { type: 'rollback-start'; reason: string }
  | { type: 'rollback-done' };

export interface DestHealth {
  service: string; // serviceId()
  dest: string; // destId()
  healthy: boolean;
  since: string; // ISO time
  lastError?: string;
}

export interface HealthState {
  destinations: DestHealth[];
  /** Services whose real servers are all down and whose sorry server is serving. */
  sorryActive: string[];
}

export type HealthEvent =
  | { type: 'dest-down'; service: string; dest: string; error: string; at: string }
  | { type: 'dest-up'; service: string; dest: string; at: string }
  | { type: 'sorry-on'; service: string; at: string }
  | { type: 'sorry-off'; service: string; at: string };

export interface DestStats {
  dest: string;
  activeConns: number;
  inactiveConns: number;
  conns: number;
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** Per-second rates since the previous sample (absent on the first). */
  rates?: { conns: number; packetsIn: number; packetsOut: number; bytesIn: number; bytesOut: number };
}

export interface ServiceStats extends Omit<DestStats, 'dest' | 'activeConns' | 'inactiveConns'> {
  service: string;
  destinations: DestStats[];
}

export interface StatsSample {
  type: 'stats';
  at: string;
  plane: PlaneName | 'none';
  services: ServiceStats[];
  host: { load1: number; load5: number; load15: number; memAvailableKiB: number };
  agent: { rssKiB: number; cpuMs: number; uptimeS: number };
}

/** `watch` streams these as events until cancelled or stdin closes. */
export type WatchEvent = StatsSample | HealthEvent;

export type { IpvsTable };
