// What `deploy` and `status` share: plan + inventory loading, known_hosts, ~/.ssh/config, the agent
// bundle, credentials (environment or a hidden prompt on the terminal), and the display of results.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadInventoryText, type Inventory } from '../../src-core/model/inventory';
import type { Plan } from '../../src-core/model/plan-schema';
import { describeIpvsOp } from '../../src-core/diff/ipvs-describe';
import { readTextFile } from '../services/plan-files';
import type { CredentialsCallback } from '../services/deploy/connect';
import type { DeployOptions, DeployProgress, HostResult } from '../services/deploy/types';
import { loadOrReport } from './cmd-validate';
import { printDiagnostics, UsageError, type Io, type Lang } from './io';
import type { CliValues } from './main';
import { defaultAgentSocket } from '../services/ssh/ssh-connect';

export interface DeployInputs {
  planFile: string;
  plan: Plan;
  inventory?: Inventory;
  base: Omit<DeployOptions, 'plan'>;
}

/** resources/agent: LVS_STUDIO_AGENT_DIR, else beside the CLI (out/cli -> resources/agent; src-main/cli too). */
export function agentBundleDir(env: NodeJS.ProcessEnv): string {
  if (env.LVS_STUDIO_AGENT_DIR) return env.LVS_STUDIO_AGENT_DIR;
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/agent');
}

/** A hidden prompt on the controlling terminal (stdin must be a TTY). */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    let muted = false;
    const output = new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (!muted) process.stderr.write(chunk);
        cb();
      },
    });
    const rl = createInterface({ input: process.stdin, output, terminal: true });
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

export function promptLine(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    rl.question(question, (a) => {
      rl.close();
      resolve(a);
    });
  });
}

/**
 * Secrets for this run only: LVS_STUDIO_SSH_PASSWORD / LVS_STUDIO_SSH_PASSPHRASE /
 * LVS_STUDIO_SUDO_PASSWORD, else asked once
 * per host and kind on the terminal. Never printed, never logged.
 */
export function cliCredentials(env: NodeJS.ProcessEnv, interactive: boolean): CredentialsCallback {
  const asked = new Map<string, string>();
  return async (req) => {
    const fromEnv = { passphrase: env.LVS_STUDIO_SSH_PASSPHRASE, password: env.LVS_STUDIO_SSH_PASSWORD, 'sudo-password': env.LVS_STUDIO_SUDO_PASSWORD }[req.kind];
    if (fromEnv !== undefined) return fromEnv;
    if (!interactive) return undefined;
    const key = `${req.kind} ${req.hop} ${req.keyFile ?? ''}`;
    if (!asked.has(key)) {
      const q = req.kind === 'passphrase' ? `Passphrase for ${req.keyFile}: ` : req.kind === 'sudo-password' ? `sudo password for ${req.hop}: ` : `Password for ${req.hop}: `;
      asked.set(key, await promptHidden(q));
    }
    return asked.get(key);
  };
}

export async function loadDeployInputs(args: string[], values: CliValues, io: Io, lang: Lang, env: NodeJS.ProcessEnv, what: string): Promise<DeployInputs | undefined> {
  if (args.length !== 1) throw new UsageError(`${what} takes exactly one PLAN file`);
  const planFile = args[0]!;
  const loaded = await loadOrReport(planFile, io, lang);
  if (!loaded) return undefined;
  let inventory: Inventory | undefined;
  if (values.inventory !== undefined) {
    const inv = loadInventoryText(await readTextFile(values.inventory), values.inventory);
    if (!inv.inventory) {
      printDiagnostics(io, inv.diagnostics, lang);
      return undefined;
    }
    inventory = inv.inventory;
  }
  const home = env.HOME ?? homedir();
  const sshConfig = path.join(home, '.ssh', 'config');
  const knownHostsFiles = values['known-hosts'] ?? [path.join(home, '.ssh', 'known_hosts')];
  const base: DeployInputs['base'] = {
    knownHostsFiles,
    bundleDir: agentBundleDir(env),
    sshConfigText: existsSync(sshConfig) ? readFileSync(sshConfig, 'utf8') : '',
    home,
    agentSocket: defaultAgentSocket(env, process.platform),
    credentials: cliCredentials(env, process.stdin.isTTY === true),
  };
  if (inventory) base.inventory = inventory;
  if (values.only !== undefined) base.only = values.only.split(',').map((s) => s.trim()).filter(Boolean);
  if (values['accept-host-key']) base.acceptFingerprints = values['accept-host-key'];
  return { planFile, plan: loaded.plan, ...(inventory ? { inventory } : {}), base };
}

/** One stderr line per progress event (works on a terminal and in a log alike). */
export function progressPrinter(io: Io): (p: DeployProgress) => void {
  return (p) => {
    const mark = p.status === 'failed' ? 'FAILED' : p.status === 'done' ? 'ok' : '...';
    const agent = p.agentStep ? ` [${p.agentStep.index + 1}/${p.agentStep.total}] ${p.agentStep.description}` : '';
    io.err(`  ${p.hostName.padEnd(12)} ${p.step.padEnd(9)} ${mark}${agent}${p.message ? ` ${p.message}` : ''}\n`);
  };
}

/** The operations of one host, one per line (what a dry run would do, or the drift). */
export function describeOps(h: HostResult, lang: Lang): string[] {
  return [...h.hostOps.map((o) => o.description[lang]), ...h.ipvsOps.map((o) => describeIpvsOp(o)[lang])];
}

export function hostFailure(h: HostResult): string {
  const e = h.error;
  if (!e) return '';
  let s = `${e.code}: ${e.message}`;
  if (e.code === 'HOST_KEY_UNKNOWN' && e.fingerprint) s += `\n      accept it for this run with --accept-host-key ${e.fingerprint}`;
  if (e.step) s += `\n      failed step: ${e.step.description}: ${e.step.stderr.trim().slice(0, 300)}`;
  return s;
}

export function preflightLine(h: HostResult): string {
  const p = h.preflight;
  const modules = p.modules?.length ? `modules ${p.modules.map((m) => `${m.name} ${m.state}`).join(' ')}` : '';
  const bits = [p.endpoint ?? '', p.kernel ? `kernel ${p.kernel.split(' ')[0]}` : '', p.plane ? `plane ${p.plane}` : '', modules, `agent ${p.agentInstalled}`, p.runtime === 'bundled' ? 'bundled node runtime' : ''].filter(Boolean);
  return bits.join(', ');
}
