// `lvs-studio deploy` / `status` with a real-IPVS director (user-mode-linux) on the ipvs plane, DR:
// the real servers get the VIP on lo before the director sends them traffic; a weight changed by
// hand with `ipvsadm -e` is exactly the drift status reports, and deploying again fixes it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializePlan } from '../../src-core/model/load';
import { cleanupStaleLabs, createLab, type Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { labCluster } from '../agent-e2e/lab-plans';

const enabled =
  needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'curl', 'node', 'unshare', 'nsenter', 'linux', 'setpriv', 'busybox', 'ipvsadm', 'modprobe', 'perl');
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'out/cli/lvs-studio.mjs');

describe.skipIf(!enabled)('lvs-studio deploy / status: DR on a real-IPVS director (UML)', () => {
  const cluster = labCluster({ net: 74, mode: 'dr', scheduler: 'wrr', weights: [1, 1], plane: 'ipvs' });
  cluster.lab = cluster.lab.map((h) => (h.name === 'director' ? { ...h, kind: 'uml' as const } : h));
  let lab: Lab;
  let dir: string;
  let planFile: string;
  let inv: string;

  function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    return new Promise((res) => {
      const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, HOME: dir, LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => res({ code: code ?? -1, out, err }));
    });
  }

  beforeAll(async () => {
    const b = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`build-cli failed: ${b.stderr}`);
    cleanupStaleLabs('lvu');
    dir = mkdtempSync(join(tmpdir(), 'lvs-deploy-ipvs-'));
    planFile = join(dir, 'dr.yaml');
    writeFileSync(planFile, serializePlan(cluster.plan));
    lab = await createLab({ prefix: 'lvu', hosts: cluster.lab });
    const hosts: Record<string, unknown> = {};
    for (const h of ['director', ...cluster.realServers]) {
      const t = lab.sshTarget(h);
      hosts[h] = { address: t.host, port: t.port, user: t.user, auth: 'key', keyFile: t.privateKeyPath, agentDir: '/var/lib/lvs-studio-agent' };
    }
    inv = join(dir, 'inv.yaml');
    writeFileSync(inv, JSON.stringify({ apiVersion: cluster.plan.apiVersion, kind: 'Inventory', hosts }));
  }, 180_000);

  afterAll(async () => {
    await lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const base = () => ['--inventory', inv, '--known-hosts', lab.sshTarget('director').knownHostsPath];

  it('deploys: the ipvs plane on the director, real servers first, traffic reaches both; status in sync', async () => {
    const r = await cli(['deploy', planFile, ...base(), '--yes']);
    expect(r.err).toContain('deployed');
    expect(r.code).toBe(0);
    // the UML guest runs a Debian kernel: its module lists say what IPVS needs and how it stands
    expect(r.err).toMatch(/director \(director\): \d+ operation\(s\) — .*plane ipvs, modules ip_vs (loaded|available)/);
    // every real server's apply finished before the director's began
    const lines = r.err.split('\n');
    const lastRsDone = Math.max(...cluster.realServers.map((rs) => lines.findLastIndex((l) => new RegExp(`^  ${rs}\\s+apply\\s+ok`).test(l))));
    const firstDirector = lines.findIndex((l) => /^ {2}director\s+apply/.test(l));
    expect(lastRsDone).toBeGreaterThan(0);
    expect(firstDirector).toBeGreaterThan(lastRsDone);
    const got = await lab.exec('client', ['curl', '-sS', '--max-time', '5', ...Array<string>(6).fill(`http://${cluster.vip}/`)]);
    expect(new Set(got.stdout.trim().split('\n'))).toEqual(new Set(cluster.realServers));
    expect((await cli(['status', planFile, ...base()])).code).toBe(0);
  }, 180_000);

  it('ipvsadm -e by hand is exactly the drift status reports; deploying again fixes it', async () => {
    const rs1 = cluster.plan.spec.hosts.find((h) => h.id === 'rs1')!.interfaces[0]!.addresses[0]!.split('/')[0]!;
    const e = await lab.exec('director', ['ipvsadm', '-e', '-t', `${cluster.vip}:80`, '-r', `${rs1}:80`, '-g', '-w', '5']);
    expect(e.code).toBe(0);
    const s = await cli(['status', planFile, ...base()]);
    expect(s.code).toBe(1);
    expect(s.out.split('\n').filter(Boolean)).toEqual([
      'director: DRIFT (1)',
      `  Change real server ${rs1}:80 of TCP ${cluster.vip}:80 (weight 1)`,
      'rs1: in sync',
      'rs2: in sync',
    ]);
    const d = await cli(['deploy', planFile, ...base(), '--yes']);
    expect(d.code).toBe(0);
    expect((await lab.exec('director', ['ipvsadm', '-Ln', '-t', `${cluster.vip}:80`])).stdout).toMatch(new RegExp(`${rs1.replace(/\./g, '\\.')}:80\\s+Route\\s+1\\s`));
    expect((await cli(['status', planFile, ...base()])).code).toBe(0);
  }, 180_000);
});
