// `status` (drift): per host, the agent's read-state and a dry-run apply of the host's desired state
// from the plan; the operations that would run are the drift (none = the host matches the plan).
// Changes nothing on the hosts except installing/upgrading the agent when it differs.
import { dryRunAll, preflightAll } from './engine';
import { closeSession } from './preflight';
import type { DeployOptions, HostResult } from './types';

export interface StatusResult {
  planHash: string;
  hosts: HostResult[];
  /** Some host differs from the plan. */
  drift: boolean;
  /** Some host could not be checked. */
  errors: boolean;
}

export async function status(opts: Omit<DeployOptions, 'dryRun' | 'confirm' | 'rollbackOnFailure'>): Promise<StatusResult> {
  const { runs, hash } = await preflightAll(opts, true);
  try {
    await dryRunAll(runs, hash, opts);
  } finally {
    for (const r of runs) if (r.session) closeSession(r.session);
  }
  const hosts = runs.map((r) => r.result);
  return { planHash: hash, hosts, drift: hosts.some((h) => h.outcome === 'changed'), errors: hosts.some((h) => h.outcome === 'failed') };
}
