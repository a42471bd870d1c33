// `lvs-studio status PLAN`: the drift of each host (what a deploy would change now).
// Exit 0 no drift, 1 drift, 2 a host could not be checked (or usage/file errors).
import { DeployError } from '../services/deploy/engine';
import { status } from '../services/deploy/status';
import { describeOps, hostFailure, loadDeployInputs, preflightLine, progressPrinter } from './deploy-common';
import { UsageError, type Io, type Lang } from './io';
import type { CliValues } from './main';

export async function cmdStatus(args: string[], values: CliValues, io: Io, lang: Lang, env: NodeJS.ProcessEnv): Promise<number> {
  const inputs = await loadDeployInputs(args, values, io, lang, env, 'status');
  if (!inputs) return 2;
  try {
    const r = await status({ ...inputs.base, plan: inputs.plan, onProgress: progressPrinter(io) });
    if (values.json) io.out(`${JSON.stringify({ planHash: r.planHash, drift: r.drift, errors: r.errors, hosts: r.hosts.map((h) => ({ host: h.hostName, outcome: h.outcome, hostOps: h.hostOps, ipvsOps: h.ipvsOps, error: h.error })) }, null, 2)}\n`);
    for (const h of r.hosts) {
      if (h.outcome === 'failed') {
        io.out(`${h.hostName}: ERROR ${hostFailure(h)}\n`);
        continue;
      }
      const ops = describeOps(h, lang);
      if (!values.json) io.out(`${h.hostName}: ${ops.length === 0 ? 'in sync' : `DRIFT (${ops.length})`}\n`);
      if (!values.json) for (const o of ops) io.out(`  ${o}\n`);
      io.err(`  ${h.hostName}: ${preflightLine(h)}\n`);
    }
    return r.errors ? 2 : r.drift ? 1 : 0;
  } catch (e) {
    if (e instanceof DeployError) throw new UsageError(e.message);
    throw e;
  }
}
