// `lvs-studio deploy PLAN`: the deploy engine with a progress display on stderr, a dry-run summary
// and a confirmation (--yes skips it; without --yes and without a terminal it refuses).
// Exit 0 deployed (or dry run clean), 1 a host failed / was rolled back / not confirmed, 2 errors.
import { deploy, DeployError } from '../services/deploy/engine';
import { defaultLogFile } from '../services/deploy/deploy-log';
import type { HostResult } from '../services/deploy/types';
import { describeOps, hostFailure, loadDeployInputs, preflightLine, progressPrinter, promptLine } from './deploy-common';
import { printDiagnostics, UsageError, type Io, type Lang } from './io';
import { validatePlan } from '../../src-core/validate/validate';
import type { CliValues } from './main';

function printPlan(io: Io, hosts: HostResult[], lang: Lang): void {
  io.err('\nDry run:\n');
  for (const h of hosts) {
    const head = `  ${h.hostName} (${h.role}): `;
    if (h.outcome === 'failed') {
      io.err(`${head}FAILED ${hostFailure(h)}\n`);
      continue;
    }
    const ops = describeOps(h, lang);
    io.err(`${head}${ops.length === 0 ? 'nothing to change' : `${ops.length} operation(s)`} — ${preflightLine(h)}\n`);
    for (const o of ops) io.err(`      ${o}\n`);
    for (const c of h.preflight.conflicts) io.err(`      CONFLICT: ${c}\n`);
  }
}

function printOutcome(io: Io, hosts: HostResult[]): void {
  io.err('\nResult:\n');
  for (const h of hosts) {
    let line = `  ${h.hostName.padEnd(12)} ${h.outcome}`;
    if (h.error) line += ` — ${hostFailure(h)}`;
    if (h.rollback && !h.rollback.ok) line += ` — ROLLBACK FAILED: ${h.rollback.error?.message ?? ''}`;
    if (h.recoveredJournal) line += ' — the agent rolled back its interrupted apply';
    if (h.endState) line += h.endState === 'unknown' ? ' — connection lost mid-apply, not reachable again in time: old or new state (run status)' : ` — connection lost mid-apply; reconnected: the host is in its ${h.endState} state`;
    if (h.daemon) line += ` — daemon ${h.daemon}`;
    io.err(`${line}\n`);
  }
}

export async function cmdDeploy(args: string[], values: CliValues, io: Io, lang: Lang, env: NodeJS.ProcessEnv): Promise<number> {
  const dryRun = values['dry-run'] ?? false;
  const interactive = process.stdin.isTTY === true;
  if (!dryRun && !values.yes && !interactive) {
    throw new UsageError('refusing to deploy without a confirmation: there is no terminal to ask on (pass --yes, or --dry-run to only look)');
  }
  const inputs = await loadDeployInputs(args, values, io, lang, env, 'deploy');
  if (!inputs) return 2;
  const diags = validatePlan(inputs.plan);
  if (diags.some((d) => d.severity === 'error')) {
    printDiagnostics(io, diags.filter((d) => d.severity === 'error'), lang);
    io.err('the plan has errors: nothing was deployed\n');
    return 1;
  }
  const controller = new AbortController();
  const onSigint = (): void => {
    io.err('\ncancelling: hosts being changed roll back...\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    let shown = false;
    io.err(`Deploying ${inputs.planFile}${dryRun ? ' (dry run)' : ''}:\n`);
    const r = await deploy({
      ...inputs.base,
      plan: inputs.plan,
      dryRun,
      signal: controller.signal,
      onProgress: progressPrinter(io),
      logFile: values.log ?? defaultLogFile(inputs.planFile),
      confirm: async (hosts) => {
        printPlan(io, hosts, lang);
        shown = true;
        if (hosts.every((h) => h.outcome === 'unchanged')) return true;
        if (values.yes) return true;
        return /^y(es)?$/i.test((await promptLine('\nApply these changes? [y/N] ')).trim());
      },
    });
    if (!shown) printPlan(io, r.hosts, lang);
    if (r.confirmed) printOutcome(io, r.hosts);
    else if (shown) io.err('not confirmed: nothing changed\n');
    io.err(`plan ${r.planHash}: ${r.ok ? (r.dryRun ? 'dry run ok' : 'deployed') : r.cancelled ? 'cancelled' : 'FAILED'}\n`);
    if (r.ok && !r.dryRun) io.out(`${r.hosts.map((h) => `${h.hostName} ${h.outcome}`).join('\n')}\n`);
    return r.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof DeployError) throw new UsageError(e.message);
    throw e;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
