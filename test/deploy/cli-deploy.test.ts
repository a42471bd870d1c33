// `lvs-studio deploy` / `status` (the built CLI, out/cli/lvs-studio.mjs) against the lab: real sshd
// per host, the real agent uploaded by the deploy, real traffic from the client namespace.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import { serializePlan } from '../../src-core/model/load';
import type { Plan } from '../../src-core/model/plan-schema';
import { createLab, type Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { labCluster } from '../agent-e2e/lab-plans';
import { openSession } from '../agent-e2e/session';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'nft', 'curl', 'unshare', 'nsenter');
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'out/cli/lvs-studio.mjs');
const AGENT_DIR = '/var/lib/lvs-studio-agent'; // private to each lab host (its /var/lib is copy-on-write)

interface CliRun {
  code: number;
  out: string;
  err: string;
}

describe.skipIf(!enabled)('lvs-studio deploy / status over SSH (NAT, nftables plane)', () => {
  const cluster = labCluster({ net: 71, mode: 'nat', scheduler: 'rr', plane: 'nftables' });
  const password = `pw-${Math.random().toString(36).slice(2)}-secret`;
  cluster.lab.find((h) => h.name === 'rs2')!.password = password;
  let lab: Lab;
  let dir: string;
  let planFile: string;
  const outputs: string[] = [];

  function inventory(file: string, over: Record<string, Record<string, unknown>> = {}): string {
    const hosts: Record<string, Record<string, unknown>> = {};
    for (const h of ['director', ...cluster.realServers]) {
      const t = lab.sshTarget(h);
      hosts[h] = { address: t.host, port: t.port, user: t.user, auth: 'key', keyFile: t.privateKeyPath, agentDir: AGENT_DIR, ...(over[h] ?? {}) };
    }
    const f = join(dir, file);
    writeFileSync(f, JSON.stringify({ apiVersion: cluster.plan.apiVersion, kind: 'Inventory', hosts }, null, 2));
    return f;
  }

  function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((resolveRun) => {
      const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, LANG: 'C', ...env };
      const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => {
        outputs.push(out, err);
        resolveRun({ code: code ?? -1, out, err });
      });
    });
  }

  const base = (inv: string) => ['--inventory', inv, '--known-hosts', lab.sshTarget('director').knownHostsPath];

  async function hits(n: number): Promise<string[]> {
    const got: string[] = [];
    for (let i = 0; i < n; i++) got.push((await lab.http('client', `http://${cluster.vip}/`)).trim());
    return got;
  }

  beforeAll(async () => {
    const b = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build-cli failed: ${b.stderr}`);
    dir = mkdtempSync(join(tmpdir(), 'lvs-deploy-'));
    planFile = join(dir, 'nat.yaml');
    writeFileSync(planFile, serializePlan(cluster.plan));
    lab = await createLab({ prefix: 'lvd', hosts: cluster.lab });
  }, 120_000);

  afterAll(async () => {
    await lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to deploy without --yes when there is no terminal', async () => {
    const r = await cli(['deploy', planFile, ...base(inventory('inv.json'))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no terminal.*--yes/);
  });

  it('deploys the cluster (agent uploaded, password auth on rs2): traffic reaches every real server; status says no drift', async () => {
    const inv = inventory('inv.json', { rs2: { auth: 'password', keyFile: undefined } });
    const r = await cli(['deploy', planFile, ...base(inv), '--yes'], { LVS_STUDIO_SSH_PASSWORD: password });
    expect(r.err).toContain('deployed');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/director\s+install\s+ok uploaded lvs-agent\.mjs/);
    expect(r.err).toMatch(/director\s+apply\s+\.\.\. \[1\/\d+\]/); // per-step progress
    expect(r.out.split('\n').sort().filter(Boolean)).toEqual(['director changed', 'rs1 changed', 'rs2 changed']);
    const got = await hits(6);
    expect(new Set(got)).toEqual(new Set(cluster.realServers));

    const s = await cli(['status', planFile, ...base(inv)], { LVS_STUDIO_SSH_PASSWORD: password });
    expect(s.code).toBe(0);
    expect(s.out).toBe('director: in sync\nrs1: in sync\nrs2: in sync\n');
    const log = readFileSync(`${planFile}.deploy-log.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { ok: boolean; who: string; planHash: string; hosts: { hostId: string; outcome: string; ipvsOps: unknown[] }[] });
    expect(log).toHaveLength(1);
    expect(log[0]!.ok).toBe(true);
    expect(log[0]!.planHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(log[0]!.hosts.find((h) => h.hostId === 'director')!.ipvsOps.length).toBeGreaterThan(0);
  }, 120_000);

  it('a weight changed behind its back is exactly the drift status reports; deploying again fixes it', async () => {
    const inv = inventory('inv-keys.json');
    const changed = structuredClone(cluster.plan) as Plan;
    changed.spec.services[0]!.realServers[0]!.weight = 3;
    const s = await openSession(lab, 'director');
    try {
      const r = await s.agent.apply({ desired: compilePlan(changed).hosts.find((h) => h.hostId === 'director')! });
      expect(r.ipvsOps.map((o) => o.kind)).toEqual(['edit-dest']);
    } finally {
      s.close();
    }
    const drift = await cli(['status', planFile, ...base(inv)]);
    expect(drift.code).toBe(1);
    const vip = cluster.vip;
    expect(drift.out.split('\n').filter(Boolean)).toEqual(['director: DRIFT (1)', expect.stringContaining(`${cluster.plan.spec.hosts.find((h) => h.id === 'rs1')!.interfaces[0]!.addresses[0]!.split('/')[0]}:80`), 'rs1: in sync', 'rs2: in sync']);
    expect(drift.out).toContain(vip);
    expect(drift.out).toMatch(/weight 1/);

    const again = await cli(['deploy', planFile, ...base(inv), '--yes']);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/director.*1 operation/);
    expect((await cli(['status', planFile, ...base(inv)])).code).toBe(0);
  }, 120_000);

  it('an unreachable host fails its preflight and nothing is applied anywhere', async () => {
    const inv = inventory('inv-bad-port.json', { rs1: { port: 1 } });
    const p2 = structuredClone(cluster.plan) as Plan;
    p2.spec.services[0]!.realServers[1]!.weight = 7;
    const f2 = join(dir, 'nat-w7.yaml');
    writeFileSync(f2, serializePlan(p2));
    const r = await cli(['deploy', f2, ...base(inv), '--yes']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/rs1 \(real-server\): FAILED UNREACHABLE: cannot reach root@127\.0\.0\.1:1/);
    expect(r.err).toMatch(/director \(director\): 1 operation/); // the others were checked
    // the director still serves the old plan
    expect((await cli(['status', planFile, ...base(inventory('inv-keys.json'))])).code).toBe(0);
  }, 120_000);

  it('a changed host key aborts before authentication (sshd log: no auth attempt)', async () => {
    const other = join(dir, 'otherkey');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const pub = readFileSync(`${other}.pub`, 'utf8').trim().split(/\s+/);
    const t = lab.sshTarget('director');
    const kh = join(dir, 'known_hosts_changed');
    const lines = readFileSync(t.knownHostsPath, 'utf8').split('\n').filter((l) => l && !l.startsWith(`[${t.host}]:${t.port},`) && !l.startsWith(`[${t.host}]:${t.port} `));
    writeFileSync(kh, [...lines, `[${t.host}]:${t.port} ${pub[0]} ${pub[1]}`].join('\n') + '\n');
    const before = lab.sshdLog('director').length;
    const r = await cli(['deploy', planFile, '--inventory', inventory('inv-pw.json', { director: { auth: 'password', keyFile: undefined } }), '--known-hosts', kh, '--yes'], {
      LVS_STUDIO_SSH_PASSWORD: password,
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/director \(director\): FAILED HOST_KEY_CHANGED/);
    await new Promise((res) => setTimeout(res, 300));
    const log = lab.sshdLog('director').slice(before);
    expect(log).toMatch(/Connection from|Connection closed|disconnect/i);
    expect(log).not.toMatch(/Failed|Accepted|Postponed|userauth|password for/i);
  }, 120_000);

  it('a wrong password gives a clear message; no password ever appears in the output or the deploy log', async () => {
    const inv = inventory('inv-wrong.json', { rs2: { auth: 'password', keyFile: undefined } });
    const wrong = `wrong-${password}`;
    const r = await cli(['deploy', planFile, ...base(inv), '--dry-run'], { LVS_STUDIO_SSH_PASSWORD: wrong });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/rs2 \(real-server\): FAILED AUTH_FAILED: authentication to root@127\.0\.0\.1:\d+ failed/);
    const artifacts = [...outputs, readFileSync(`${planFile}.deploy-log.jsonl`, 'utf8')].join('\n');
    expect(artifacts.length).toBeGreaterThan(1000);
    expect(artifacts).not.toContain(password);
    expect(artifacts).not.toContain(wrong);
  }, 120_000);
  it('an unknown host key fails that host with its fingerprint; --accept-host-key accepts it for one run', async () => {
    const empty = join(dir, 'known_hosts_empty');
    writeFileSync(empty, '');
    const inv = inventory('inv-keys.json');
    const r = await cli(['deploy', planFile, '--inventory', inv, '--known-hosts', empty, '--dry-run']);
    expect(r.code).toBe(1);
    for (const h of ['director', ...cluster.realServers]) {
      const fp = lab.sshTarget(h).hostKeyFingerprint;
      expect(r.err).toContain(`${h} (${h === 'director' ? 'director' : 'real-server'}): FAILED HOST_KEY_UNKNOWN`);
      expect(r.err).toContain(`--accept-host-key ${fp}`);
    }
    const accept = ['director', ...cluster.realServers].flatMap((h) => ['--accept-host-key', lab.sshTarget(h).hostKeyFingerprint]);
    const ok = await cli(['deploy', planFile, '--inventory', inv, '--known-hosts', empty, '--dry-run', ...accept]);
    expect(ok.err).toContain('dry run ok');
    expect(ok.code).toBe(0);
    expect(readFileSync(empty, 'utf8')).toBe(''); // accepted for this run only
  }, 120_000);

  it('a user that is not root: a clear preflight error, with and without sudo', async () => {
    // on rs2 (password logins allowed there): the lab's authorized_keys is readable by root only
    expect((await lab.exec('rs2', ['useradd', '-M', '-N', '-d', '/nonexistent', '-s', '/bin/sh', 'lvsdeploy'])).code).toBe(0);
    expect((await lab.exec('rs2', ['chpasswd'], { input: `lvsdeploy:${password}\n` })).code).toBe(0);
    const uid = (await lab.exec('rs2', ['id', '-u', 'lvsdeploy'])).stdout.trim();
    const env = { LVS_STUDIO_SSH_PASSWORD: password };
    const user = { user: 'lvsdeploy', auth: 'password', keyFile: undefined };
    const r = await cli(['deploy', planFile, ...base(inventory('inv-user.json', { rs2: user })), '--dry-run'], env);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`rs2 (real-server): FAILED REMOTE: the SSH user is uid ${uid}, not root: set sudo: true in the inventory or connect as root`);
    const s = await cli(['deploy', planFile, ...base(inventory('inv-sudo.json', { rs2: { ...user, sudo: true } })), '--dry-run'], env);
    expect(s.code).toBe(1);
    const hasSudo = (await lab.exec('rs2', ['sh', '-c', 'command -v sudo'])).code === 0;
    // sudo asks a user without a sudoers entry for the password too; none given (no terminal): said so
    expect(s.err).toMatch(hasSudo ? /rs2 \(real-server\): FAILED SUDO_PASSWORD: sudo on lvsdeploy@127\.0\.0\.1:\d+ wants a password and none was given/ : /rs2 \(real-server\): FAILED REMOTE: sudo is not installed on the host/);
    const outs = [r.out, r.err, s.out, s.err];
    if (hasSudo) {
      // the right password, and sudo's refusal (no sudoers entry) in its own words
      const d = await cli(['deploy', planFile, ...base(inventory('inv-sudo.json', { rs2: { ...user, sudo: true } })), '--dry-run'], { ...env, LVS_STUDIO_SUDO_PASSWORD: password });
      expect(d.code).toBe(1);
      expect(d.err).toContain('rs2 (real-server): FAILED SUDO_DENIED: sudo on this host does not let the SSH user run commands as root: lvsdeploy is not in the sudoers file.');
      outs.push(d.out, d.err);
    }
    expect(outs.join('')).not.toContain(password);
  }, 120_000);

  it('an encrypted key: the passphrase is asked for (environment here), a wrong one and an unknown key fail clearly', async () => {
    const passphrase = `pp-${Math.random().toString(36).slice(2)}-secret`;
    const enc = join(dir, 'enc_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', enc]);
    const stranger = join(dir, 'stranger_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    appendFileSync(join(lab.dir, 'authorized_keys'), readFileSync(`${enc}.pub`));
    const ok = await cli(['status', planFile, ...base(inventory('inv-enc.json', { rs1: { keyFile: enc } }))], { LVS_STUDIO_SSH_PASSPHRASE: passphrase });
    expect(ok.out).toMatch(/^rs1: (in sync|DRIFT)/m); // reached and checked (drift depends on the tests before)
    expect(ok.code).not.toBe(2);
    const none = await cli(['status', planFile, ...base(inventory('inv-enc.json', { rs1: { keyFile: enc } }))]);
    expect(none.code).toBe(2);
    expect(none.out).toContain(`rs1: ERROR NEED_PASSPHRASE: the key ${enc} for root@127.0.0.1:${lab.sshTarget('rs1').port} needs a passphrase and none was given`);
    const bad = await cli(['status', planFile, ...base(inventory('inv-enc.json', { rs1: { keyFile: enc } }))], { LVS_STUDIO_SSH_PASSPHRASE: `x${passphrase}` });
    expect(bad.code).toBe(2);
    expect(bad.out).toContain(`rs1: ERROR BAD_PASSPHRASE: the passphrase of ${enc} is wrong`);
    const unknown = await cli(['status', planFile, ...base(inventory('inv-stranger.json', { rs1: { keyFile: stranger } }))]);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toMatch(/rs1: ERROR AUTH_FAILED: authentication to root@127\.0\.0\.1:\d+ failed \(the key or password was refused\)/);
    expect([ok, none, bad, unknown].map((r) => r.out + r.err).join('')).not.toContain(passphrase);
  }, 120_000);

  it('--only limits the deploy to the named hosts; an unknown name is a usage error', async () => {
    const inv = inventory('inv-keys.json');
    const r = await cli(['deploy', planFile, ...base(inv), '--only', 'rs1', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^ {2}rs1 \(real-server\): /m);
    expect(r.err).not.toMatch(/^ {2}(director|rs2)\b/m);
    const bad = await cli(['deploy', planFile, ...base(inv), '--only', 'rs1,client,nope', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('not a director or real server of the plan: client, nope');
  }, 60_000);

  it('reaches a real server through a jump host (ProxyJump in ~/.ssh/config), host keys checked at both hops', async () => {
    const d = lab.sshTarget('director');
    const rs1 = lab.sshTarget('rs1');
    mkdirSync(join(dir, '.ssh'), { recursive: true });
    writeFileSync(
      join(dir, '.ssh', 'config'),
      [`Host rs1-via-director`, `  HostName ${rs1.labAddress}`, `  User root`, `  IdentityFile ${rs1.privateKeyPath}`, `  ProxyJump jumpbox`, `Host jumpbox`, `  HostName ${d.host}`, `  Port ${d.port}`, `  User root`, `  IdentityFile ${d.privateKeyPath}`, ''].join('\n'),
    );
    try {
      const before = lab.sshdLog('rs1').length;
      const inv = inventory('inv-jump.json', { rs1: { address: 'rs1-via-director', port: undefined, user: undefined, auth: undefined, keyFile: undefined } });
      const r = await cli(['status', planFile, ...base(inv)]);
      expect(r.err).toContain(`rs1: root@${rs1.labAddress}:22 via root@${d.host}:${d.port}`);
      expect(r.code).toBe(0);
      // rs1's sshd saw the connection come from the director's address on its LAN
      expect(lab.sshdLog('rs1').slice(before)).toContain('Connection from 10.71.2.1 ');
    } finally {
      rmSync(join(dir, '.ssh'), { recursive: true, force: true });
    }
  }, 120_000);

  const runtime = join(ROOT, 'resources/agent/node/x64/node');
  it.skipIf(!existsSync(runtime) || process.arch !== 'x64')('a host without node gets the bundled Node runtime (uploaded once, by hash)', async () => {
    const which = await lab.exec('rs1', ['sh', '-c', 'command -v node']);
    const nodePath = which.stdout.trim();
    expect(nodePath).toMatch(/^\//);
    // hide node on rs1 only (its private mount namespace)
    const m = await lab.exec('rs1', ['mount', '--bind', '/dev/null', nodePath]);
    expect(m.code).toBe(0);
    try {
      const inv = inventory('inv-keys.json');
      const r = await cli(['status', planFile, ...base(inv)]);
      expect(r.err).toMatch(/rs1\s+install\s+ok uploaded node/);
      expect(r.err).toMatch(/rs1: .*bundled node runtime/);
      expect(r.code).toBe(0);
      const manifest = JSON.parse(readFileSync(join(ROOT, 'resources/agent/manifest.json'), 'utf8')) as { runtimes: { x64: { sha256: string } } };
      expect((await lab.exec('rs1', ['sha256sum', `${AGENT_DIR}/node`])).stdout.split(' ')[0]).toBe(manifest.runtimes.x64.sha256);
      const again = await cli(['status', planFile, ...base(inv)]);
      expect(again.err).not.toMatch(/rs1\s+install/);
      expect(again.code).toBe(0);
    } finally {
      await lab.exec('rs1', ['umount', nodePath]);
    }
  }, 180_000);
});
