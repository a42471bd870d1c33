// The deploy engine's inputs, progress events and results (src-main/services/deploy/engine.ts).
import type { HostDesiredState } from '../../../src-core/compile/desired-state';
import type { HostOp } from '../../../src-core/diff/host-ops';
import type { IpvsOp } from '../../../src-core/diff/ipvs-ops';
import type { Inventory } from '../../../src-core/model/inventory';
import type { Plan } from '../../../src-core/model/plan-schema';
import type { ModuleState, PlannedStep, PlaneCapabilities } from '../../../src-agent/protocol';
import type { CredentialsCallback } from './connect';
import type { StateFileDiff } from '../../../src-core/render/host-state-text';

export type DeployStep = 'connect' | 'preflight' | 'install' | 'dry-run' | 'apply' | 'reconnect' | 'rollback' | 'daemon';

export interface DeployProgress {
  hostId: string;
  hostName: string;
  step: DeployStep;
  status: 'start' | 'done' | 'failed';
  /** For humans; never holds a secret. */
  message?: string;
  /** apply/rollback: the agent's own step (step-start events). */
  agentStep?: { index: number; total: number; description: string };
}

export interface HostError {
  /** SshError / InstallError / agent error codes (AUTH_FAILED, HOST_KEY_UNKNOWN, apply-failed...). */
  code: string;
  message: string;
  /** HOST_KEY_UNKNOWN / HOST_KEY_CHANGED: the key offered, for the user to check (and accept). */
  fingerprint?: string;
  /** HOST_KEY_UNKNOWN: the key itself (public; base64 of the SSH key blob) and where it was offered. */
  hostKey?: { host: string; port: number; type: string; key: string };
  /** apply-failed: the agent step that failed. */
  step?: { description: string; argv: string[]; stderr: string; exitCode: number };
}

export interface PreflightResult {
  ok: boolean;
  /** user@host:port of the target (jump hosts: via ...). */
  endpoint?: string;
  reachable: boolean;
  authenticated: boolean;
  uid?: number;
  sudo: boolean;
  /** sudo asked for a password (given once for the job, sent on stdin, never stored unless the user asked). */
  sudoPassword?: boolean;
  kernel?: string;
  arch?: string;
  /** The agent version installed before this run (undefined: none or another build). */
  agentVersion?: string;
  agentInstalled: 'up-to-date' | 'will-upload' | 'uploaded' | 'unknown';
  runtime: 'host-node' | 'bundled';
  planes?: PlaneCapabilities;
  /** The plane this host will run (directors), 'none' for real servers. */
  plane?: 'ipvs' | 'nftables' | 'none';
  /** The kernel modules the host's desired state needs (ip_vs only on the ipvs plane), as the host has them. */
  modules?: { name: string; state: ModuleState; reason: string }[];
  /** What the plan would clobber that LVS Studio did not create. */
  conflicts: string[];
  error?: HostError;
}

export type HostOutcome = 'changed' | 'unchanged' | 'failed' | 'rolled-back' | 'skipped';

export interface HostResult {
  hostId: string;
  hostName: string;
  role: HostDesiredState['role'];
  preflight: PreflightResult;
  /** The dry run's operations (what the apply runs; the drift for `status`). */
  hostOps: HostOp[];
  ipvsOps: IpvsOp[];
  steps: PlannedStep[];
  /** Dry run / status: the managed state before and after as texts (for a diff view). */
  files?: StateFileDiff[];
  /** dry run: unchanged = nothing to do, changed = would change. */
  outcome: HostOutcome;
  error?: HostError;
  /** Files uploaded to the host (agent, runtime). */
  uploaded: string[];
  /** rolled-back / failed after a rollback attempt: what happened. */
  rollback?: { ok: boolean; error?: HostError };
  daemon?: 'started' | 'running' | 'failed';
  /** The agent had to roll back a journal at its next start (it was killed mid-apply). */
  recoveredJournal?: boolean;
  /** After the connection was lost mid-apply, the host as found on reconnecting: the desired state
   *  of before the deploy, the new one, or unknown (not reachable again in time: old or new). */
  endState?: 'old' | 'new' | 'unknown';
}

export interface DeployOptions {
  plan: Plan;
  inventory?: Inventory;
  /** Host ids or names to deploy to (the others are left alone). */
  only?: string[];
  dryRun?: boolean;
  /** Hosts connected/applied at the same time (default 8). */
  concurrency?: number;
  /** Roll back the hosts already changed when one fails or the deploy is cancelled (default true). */
  rollbackOnFailure?: boolean;
  /** Unknown host keys the user accepted for this run (SHA256:... fingerprints). */
  acceptFingerprints?: string[];
  /** known_hosts files (the user's ~/.ssh/known_hosts, then the app's own). */
  knownHostsFiles: string[];
  credentials?: CredentialsCallback;
  /** Called with the dry-run results before anything changes; false = stop. Absent = go on. */
  confirm?: (hosts: HostResult[]) => Promise<boolean>;
  onProgress?: (p: DeployProgress) => void;
  signal?: AbortSignal;
  /** resources/agent (the agent bundle and its runtimes). */
  bundleDir: string;
  /** Contents of ~/.ssh/config ('' = none). */
  sshConfigText?: string;
  localUser?: string;
  home?: string;
  /** Append the run to this JSON-lines deploy log (undefined = no log). */
  logFile?: string;
  /** Seconds a removed real server may drain (the agent's default 300). */
  drainTimeout?: number;
  /** Environment for the agent per host (the agent's test hooks; never secrets). */
  agentEnv?: (hostId: string) => Record<string, string> | undefined;
  sshReadyTimeoutMs?: number;
  /** SSH keepalive interval (default 5000 ms; 3 unanswered = the host is gone, e.g. a cut network). */
  sshKeepaliveMs?: number;
  /** After a connection lost mid-apply: how long to try to reach the host again to learn its state (default 30000). */
  reconnectMs?: number;
  /** ssh-agent socket ('' = none); default SSH_AUTH_SOCK. */
  agentSocket?: string;
}

export interface DeployResult {
  planHash: string;
  dryRun: boolean;
  /** false when confirm() said no. */
  confirmed: boolean;
  cancelled: boolean;
  /** Every host reached its new state (or, in a dry run, was checked). */
  ok: boolean;
  hosts: HostResult[];
}
