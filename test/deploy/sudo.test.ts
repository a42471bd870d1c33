// Deploying as a non-root user whose sudo wants a password: the password is asked once per host
// and job, checked before the agent starts, sent only on stdin, and found nowhere afterwards.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../src-core/model/inventory';
import type { Plan } from '../../src-core/model/plan-schema';
import type { CredentialRequest } from '../../src-main/services/deploy/connect';
import { deploy } from '../../src-main/services/deploy/engine';
import type { DeployOptions } from '../../src-main/services/deploy/types';
import { createLab, type Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { labCluster } from '../agent-e2e/lab-plans';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'nft', 'curl', 'unshare', 'nsenter', 'sudo', 'useradd', 'chpasswd');
const BUNDLE = resolve(__dirname, '../../resources/agent');
const USER = 'deployer';

describe.skipIf(!enabled)('deploy as a user whose sudo wants a password', () => {
  const password = `sudo-${Math.random().toString(36).slice(2)}`;
  const cluster = labCluster({ net: 76, mode: 'dr', scheduler: 'rr', plane: 'nftables' });
  const hosts = ['director', ...cluster.realServers];
  let lab: Lab;
  let home: string;
  let logFile: string;

  const options = (plan: Plan, answer: (req: CredentialRequest) => string | undefined, asked: CredentialRequest[], extra: Partial<DeployOptions> = {}): DeployOptions => {
    const inv: Inventory = { apiVersion: plan.apiVersion, kind: 'Inventory', hosts: {} };
    for (const h of hosts) {
      const t = lab.sshTarget(h);
      inv.hosts![h] = { address: t.host, port: t.port, user: USER, auth: 'key', keyFile: t.privateKeyPath, sudo: true, agentDir: '/var/lib/lvs-studio-agent' };
    }
    return {
      plan,
      inventory: inv,
      knownHostsFiles: [lab.sshTarget('director').knownHostsPath],
      bundleDir: BUNDLE,
      home,
      sshConfigText: '',
      agentSocket: '',
      logFile,
      credentials: async (req) => {
        asked.push(req);
        return answer(req);
      },
      ...extra,
    };
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'lvs-sudo-'));
    logFile = join(home, 'plan.deploy-log.jsonl');
    lab = await createLab({ prefix: 'lvo', hosts: cluster.lab.map((h) => (h.name === 'client' ? h : { ...h, sudoUser: { name: USER, password } })) });
  }, 120_000);

  afterAll(async () => {
    await lab?.destroy();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('the lab user is not root and sudo -n refuses it', async () => {
    const t = lab.sshTarget('rs1');
    const r = await lab.ssh('rs1', ['sh', '-c', 'id -u; sudo -n true'], { knownHostsPath: t.knownHostsPath, user: USER });
    expect(r.stdout.trim()).not.toBe('0');
    expect(r.stderr).toMatch(/a password is required/);
  });

  it('without a password to give, every host fails its preflight clearly and nothing is changed', async () => {
    const asked: CredentialRequest[] = [];
    const r = await deploy(options(cluster.plan, () => undefined, asked));
    expect(r.ok).toBe(false);
    for (const h of r.hosts) {
      expect(h.preflight.error).toMatchObject({ code: 'SUDO_PASSWORD', message: expect.stringMatching(new RegExp(`^sudo on ${USER}@127\\.0\\.0\\.1:\\d+ wants a password and none was given$`)) });
    }
    expect(asked.map((a) => a.kind)).toEqual(['sudo-password', 'sudo-password', 'sudo-password']);
  }, 120_000);

  it('a wrong sudo password on one host: that host says so, and nothing is applied anywhere', async () => {
    const asked: CredentialRequest[] = [];
    const r = await deploy(options(cluster.plan, (req) => (req.hostId === 'rs2' ? 'not-it' : password), asked));
    expect(r.ok).toBe(false);
    const rs2 = r.hosts.find((h) => h.hostId === 'rs2')!;
    expect(rs2.preflight.error).toEqual({ code: 'SUDO_AUTH_FAILED', message: 'sudo on this host rejected the password' });
    for (const h of hosts) expect((await lab.exec(h, ['nft', 'list', 'tables'])).stdout).not.toMatch(/lvs/);
    expect((await lab.exec('rs1', ['ip', '-br', 'addr', 'show', 'dev', 'lo'])).stdout).not.toContain(cluster.vip);
  }, 120_000);

  it('the right password: asked once per host, the agent runs as root through sudo, traffic reaches every real server', async () => {
    const asked: CredentialRequest[] = [];
    const p = structuredClone(cluster.plan);
    // a health check: the agent daemon is started through sudo too
    p.spec.services[0]!.healthCheck = { type: 'http', path: '/', expectStatus: 200, interval: 1, timeout: 1, retries: 1, delayBeforeRetry: 1 };
    const r = await deploy(options(p, () => password, asked));
    expect(r.hosts.map((h) => [h.hostId, h.outcome, h.error?.message ?? h.preflight.error?.message])).toEqual(hosts.map((h) => [h, 'changed', undefined]));
    expect(r.ok).toBe(true);
    expect(asked.map((a) => `${a.hostId} ${a.kind}`).sort()).toEqual(hosts.map((h) => `${h} sudo-password`).sort());
    // the agent went onto the other hosts in the run before (a preflight installs it)
    expect(r.hosts.map((h) => h.preflight.agentInstalled)).toEqual(hosts.map((h) => (h === 'rs2' ? 'uploaded' : 'up-to-date')));
    for (const h of r.hosts) expect(h.preflight).toMatchObject({ sudo: true, sudoPassword: true, uid: 0 });
    expect(r.hosts.find((h) => h.hostId === 'director')!.daemon).toBe('started');
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) seen.add((await lab.http('client', `http://${cluster.vip}/`)).trim());
    expect([...seen].sort()).toEqual(cluster.realServers);
    // the agent files belong to root, not to the SSH user
    expect((await lab.exec('rs1', ['stat', '-c', '%U %a', '/var/lib/lvs-studio-agent/lvs-agent.mjs'])).stdout.trim()).toBe('root 755');
    // a second deploy is warm: nothing to change, nothing uploaded, still asked once per host
    const again: CredentialRequest[] = [];
    const warm = await deploy(options(p, () => password, again));
    expect(warm.hosts.map((h) => [h.hostId, h.outcome, h.preflight.agentInstalled, h.daemon ?? ''])).toEqual(
      hosts.map((h) => [h, 'unchanged', 'up-to-date', h === 'director' ? 'running' : '']),
    );
    expect(again).toHaveLength(hosts.length);
  }, 180_000);

  it('the password is in no log, no state file and no process argv on the hosts', async () => {
    expect(readFileSync(logFile, 'utf8')).not.toContain(password);
    for (const h of hosts) {
      const found = await lab.exec(h, ['grep', '-rlF', '--', password, '/var/lib/lvs-studio', '/var/lib/lvs-studio-agent', '/var/log', '/tmp/lvs-studio-upload']);
      expect({ h, files: found.stdout }).toEqual({ h, files: '' });
      // the daemon (on the director) still runs: its argv is on the host for anyone to read
      const ps = await lab.exec(h, ['ps', '-eo', 'args']);
      expect(ps.stdout).not.toContain(password);
    }
  });
});
