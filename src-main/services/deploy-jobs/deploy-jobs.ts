// Deploy jobs for the app: each runs the deploy engine (the same one the CLI drives) in this host
// process; the renderer starts one, follows it by long poll, answers its prompts (confirm, a secret)
// and may cancel it. Secrets come from the SecretStore or a prompt and go only to ssh2.
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { loadInventoryText, type Inventory } from '../../../src-core/model/inventory';
import { loadPlanText } from '../../../src-core/model/load';
import type { Plan } from '../../../src-core/model/plan-schema';
import { validatePlan } from '../../../src-core/validate/validate';
import { formatDiagnostic } from '../../../src-core/validate/diagnostic';
import type { DeployJobSnapshot, StartDeployRequest } from '../../api/deploy-contract';
import { defaultLogFile } from '../deploy/deploy-log';
import { deploy, preflightAll } from '../deploy/engine';
import { closeSession } from '../deploy/preflight';
import { status } from '../deploy/status';
import type { CredentialRequest, CredentialsCallback } from '../deploy/connect';
import type { DeployOptions, HostResult } from '../deploy/types';
import { HostError, invalidArgument } from '../host-errors';
import type { SecretStore } from '../secrets/secret-store';
import { knownHostsLine } from '../ssh/known-hosts';
import { DeployJob } from './job';

export interface DeployJobsOptions {
  dataDir: string;
  /** resources/agent */
  bundleDir: string;
  secrets: SecretStore;
  home: string;
  localUser: string;
  /** ssh-agent socket ('' = none). */
  agentSocket: string;
  /** Test hooks for the agent per host (never secrets). */
  agentEnv?: (hostId: string) => Record<string, string> | undefined;
  timing?: DeployTiming;
}

export type DeployTiming = Pick<DeployOptions, 'sshKeepaliveMs' | 'reconnectMs'>;

/** Finished jobs kept for late polls. */
const KEEP_FINISHED = 20;
const MAX_WAIT_MS = 25_000;

const secretId = (r: CredentialRequest): string => `ssh-${r.kind}:${r.hop}${r.keyFile ? `:${r.keyFile}` : ''}`;

export class DeployJobs {
  private readonly jobs = new Map<string, DeployJob>();
  /** Host keys offered as unknown in this session's jobs, by fingerprint: what trustHostKey may add. */
  private readonly offered = new Map<string, { host: string; port: number; key: Buffer }>();

  constructor(private readonly opts: DeployJobsOptions) {}

  /** The app's own known_hosts (after the user's ~/.ssh/known_hosts). */
  get appKnownHosts(): string {
    return path.join(this.opts.dataDir, 'known_hosts');
  }

  start(req: StartDeployRequest): { jobId: string } {
    const kinds = ['preflight', 'dry-run', 'deploy', 'status'];
    if (!kinds.includes(req?.kind)) throw invalidArgument(`kind must be one of ${kinds.join(', ')}`);
    if (typeof req.planText !== 'string') throw invalidArgument('planText must be a string');
    if (typeof req.inventoryText !== 'string') throw invalidArgument('inventoryText must be a string');
    if (req.only !== undefined && (!Array.isArray(req.only) || req.only.some((x) => typeof x !== 'string'))) throw invalidArgument('only must be a list of host ids');
    if (req.acceptFingerprints !== undefined && (!Array.isArray(req.acceptFingerprints) || req.acceptFingerprints.some((x) => typeof x !== 'string'))) {
      throw invalidArgument('acceptFingerprints must be a list of SHA256 fingerprints');
    }
    const planFile = req.planPath ?? 'untitled.lvs.yaml';
    const loaded = loadPlanText(req.planText, planFile);
    if (!loaded.plan) throw new HostError('BAD_PLAN', loaded.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    const errors = validatePlan(loaded.plan).filter((d) => d.severity === 'error');
    if (errors.length > 0 && req.kind !== 'preflight') throw new HostError('PLAN_HAS_ERRORS', `the plan has errors; fix them first:\n${errors.map((d) => formatDiagnostic(d)).join('\n')}`);
    let inventory: Inventory | undefined;
    if (req.inventoryText.trim() !== '') {
      const inv = loadInventoryText(req.inventoryText, req.planPath ? `${req.planPath.replace(/\.lvs\.ya?ml$|\.ya?ml$/i, '')}.inventory.yaml` : 'inventory.yaml');
      if (!inv.inventory) throw new HostError('BAD_INVENTORY', inv.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
      inventory = inv.inventory;
    }
    const job = new DeployJob(randomUUID(), req.kind);
    this.jobs.set(job.id, job);
    this.prune();
    void this.run(job, req, loaded.plan, inventory);
    return { jobId: job.id };
  }

  async poll(jobId: string, since: number, waitMs: number): Promise<DeployJobSnapshot> {
    const job = this.get(jobId);
    if (!Number.isInteger(since) || since < 0) throw invalidArgument('since must be a non-negative integer');
    await job.wait(since, Math.max(0, Math.min(MAX_WAIT_MS, Number(waitMs) || 0)));
    return job.snapshot(since);
  }

  answer(jobId: string, promptId: string, answer: { go?: boolean; value?: string; remember?: boolean }): void {
    const job = this.get(jobId);
    if (typeof promptId !== 'string') throw invalidArgument('promptId must be a string');
    if (typeof answer !== 'object' || answer === null) throw invalidArgument('answer must be an object');
    if (answer.value !== undefined && typeof answer.value !== 'string') throw invalidArgument('answer.value must be a string');
    if (!job.answer(promptId, { go: answer.go === true, ...(answer.value !== undefined ? { value: answer.value } : {}), remember: answer.remember === true })) {
      throw new HostError('NO_SUCH_PROMPT', 'that question is no longer open');
    }
  }

  cancel(jobId: string): void {
    this.get(jobId).cancel();
  }

  async trustHostKey(fingerprint: string): Promise<{ hop: string; line: string }> {
    if (typeof fingerprint !== 'string') throw invalidArgument('fingerprint must be a string');
    const k = this.offered.get(fingerprint);
    if (!k) throw new HostError('UNKNOWN_FINGERPRINT', `no host offered the key ${fingerprint} in this session: run a connection test first`);
    const line = knownHostsLine(k.host, k.port, k.key, randomBytes(20));
    await fs.mkdir(path.dirname(this.appKnownHosts), { recursive: true });
    await fs.appendFile(this.appKnownHosts, `${line}\n`, { mode: 0o600 });
    this.offered.delete(fingerprint);
    return { hop: k.port === 22 ? k.host : `[${k.host}]:${k.port}`, line };
  }

  async forgetSecrets(ids: string[]): Promise<void> {
    for (const id of ids) await this.opts.secrets.delete(id);
  }

  private get(jobId: string): DeployJob {
    const job = typeof jobId === 'string' ? this.jobs.get(jobId) : undefined;
    if (!job) throw new HostError('NO_SUCH_JOB', 'no such deploy job (it ended long ago or the app restarted)');
    return job;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.done);
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }

  /** Stored secrets first (once per job: a rejected one is forgotten), else a prompt. */
  private credentials(job: DeployJob, used: Set<string>): CredentialsCallback {
    const asked = new Map<string, string | undefined>();
    return async (req) => {
      const id = secretId(req);
      if (asked.has(id)) return asked.get(id);
      const stored = used.has(id) ? undefined : await this.opts.secrets.get(id);
      if (stored !== undefined) {
        used.add(id);
        asked.set(id, stored);
        return stored;
      }
      const st = this.opts.secrets.status();
      const a = await job.ask({
        kind: 'secret',
        secret: req.kind,
        hostId: req.hostId,
        hop: req.hop,
        ...(req.keyFile ? { keyFile: req.keyFile } : {}),
        canRemember: st.backend !== 'session-only',
        storage: st.backend,
        ...(st.warning ? { warning: st.warning } : {}),
      });
      // Not remembered = for this job only (the next job asks again).
      if (a.value !== undefined && a.remember === true) await this.opts.secrets.set(id, a.value, true);
      asked.set(id, a.value);
      return a.value;
    };
  }

  private async run(job: DeployJob, req: StartDeployRequest, plan: Plan, inventory: Inventory | undefined): Promise<void> {
    const storedUsed = new Set<string>();
    const known = [path.join(this.opts.home, '.ssh', 'known_hosts'), this.appKnownHosts];
    const sshConfig = path.join(this.opts.home, '.ssh', 'config');
    const base: DeployOptions = {
      plan,
      ...(inventory ? { inventory } : {}),
      ...(req.only ? { only: req.only } : {}),
      ...(req.acceptFingerprints ? { acceptFingerprints: req.acceptFingerprints } : {}),
      ...(req.concurrency ? { concurrency: Math.max(1, Math.min(64, Math.floor(req.concurrency))) } : {}),
      rollbackOnFailure: req.rollbackOnFailure !== false,
      knownHostsFiles: known,
      credentials: this.credentials(job, storedUsed),
      onProgress: (p) => job.progress(p),
      signal: job.abort.signal,
      bundleDir: this.opts.bundleDir,
      sshConfigText: existsSync(sshConfig) ? await fs.readFile(sshConfig, 'utf8') : '',
      localUser: this.opts.localUser,
      home: this.opts.home,
      agentSocket: this.opts.agentSocket,
      ...(this.opts.agentEnv ? { agentEnv: this.opts.agentEnv } : {}),
      ...this.opts.timing,
      ...(req.planPath ? { logFile: defaultLogFile(req.planPath) } : {}),
    };
    let hosts: HostResult[] = [];
    try {
      let ok: boolean;
      if (job.kind === 'preflight') {
        const { runs } = await preflightAll(base, false);
        for (const r of runs) if (r.session) closeSession(r.session);
        hosts = runs.map((r) => r.result);
        ok = hosts.every((h) => h.preflight.ok);
      } else if (job.kind === 'status') {
        const s = await status(base);
        hosts = s.hosts;
        ok = !s.errors;
      } else {
        const r = await deploy({
          ...base,
          dryRun: job.kind === 'dry-run',
          confirm: async (dry) => {
            job.hosts = dry;
            if (dry.every((h) => h.outcome === 'unchanged')) return true;
            const a = await job.ask({ kind: 'confirm', hosts: dry });
            return a.go === true && !job.abort.signal.aborted;
          },
        });
        hosts = r.hosts;
        ok = r.ok;
      }
      await this.afterRun(hosts, storedUsed);
      job.finish(job.abort.signal.aborted ? 'cancelled' : 'done', hosts, ok);
    } catch (e) {
      const err = e as { code?: unknown; message?: string };
      job.finish(job.abort.signal.aborted ? 'cancelled' : 'failed', hosts, false, { code: typeof err.code === 'string' ? err.code : 'ERROR', message: err.message ?? String(e) });
    }
  }

  /** Remembers the unknown host keys offered (for trustHostKey); forgets stored secrets a host rejected. */
  private async afterRun(hosts: HostResult[], storedUsed: Set<string>): Promise<void> {
    for (const h of hosts) {
      const k = h.error?.hostKey ?? h.preflight.error?.hostKey;
      if (k && h.error?.fingerprint) this.offered.set(h.error.fingerprint, { host: k.host, port: k.port, key: Buffer.from(k.key, 'base64') });
    }
    const rejected = (c: string | undefined): boolean => c === 'AUTH_FAILED' || c === 'SUDO_AUTH_FAILED';
    if (hosts.some((h) => rejected(h.error?.code) || rejected(h.preflight.error?.code))) for (const id of storedUsed) await this.opts.secrets.delete(id);
  }
}
