// Running steps: each step is one or more commands; a step fails on a non-zero exit OR on
// unexpected stderr (`sysctl -w` of a read-only key exits 0 and only complains on stderr).
import type { LocalizedText } from '../src-core/validate/diagnostic';
import type { HostOp } from '../src-core/diff/host-ops';
import type { Runner } from './exec';
import { hostOpCommands, type Command } from './host/ops';
import type { PlaneStep } from './plane/plane';
import { ownedKey, readOwned, writeOwned } from './state';

export interface Step {
  description: LocalizedText;
  commands: Command[];
  /** Bookkeeping once the step succeeded (the agent's record of addresses it owns). */
  host?: HostOp;
}

export interface StepFailure {
  description: string;
  argv: string[];
  stderr: string;
  exitCode: number;
}

/** stderr lines that are not errors. */
const BENIGN_STDERR = [/^# Warning: iptables-legacy tables present/, /^\s*$/];

export function unexpectedStderr(stderr: string): boolean {
  return stderr.split('\n').some((l) => !BENIGN_STDERR.some((re) => re.test(l)));
}

export function hostStep(op: HostOp): Step {
  return { description: op.description, commands: hostOpCommands(op), host: op };
}

export function planeStep(p: PlaneStep): Step {
  const commands = p.argv.map((argv): Command => (p.input !== undefined && p.argv.length === 1 ? { argv, input: p.input } : { argv }));
  return { description: p.description, commands };
}

export async function runStep(run: Runner, stateDir: string, step: Step): Promise<StepFailure | undefined> {
  for (const cmd of step.commands) {
    if (cmd.unless) {
      const c = await run(cmd.unless, { timeoutMs: 60_000 });
      if (c.code === 0) continue;
    }
    const r = await run(cmd.argv, { timeoutMs: 120_000, ...(cmd.input !== undefined ? { input: cmd.input } : {}) });
    if (r.code !== 0 || unexpectedStderr(r.stderr)) {
      return { description: step.description.en, argv: cmd.argv, stderr: r.stderr.trim(), exitCode: r.code };
    }
  }
  const op = step.host;
  if (op && (op.kind === 'add-address' || op.kind === 'delete-address')) {
    const owned = readOwned(stateDir);
    if (op.kind === 'add-address') owned.add(ownedKey(op.dev, op.cidr));
    else owned.delete(ownedKey(op.dev, op.cidr));
    writeOwned(stateDir, owned);
  }
  return undefined;
}
