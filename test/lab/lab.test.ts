// The lab of real hosts: strict host-key SSH to every host, private /etc, HTTP to real servers,
// web server stop/start, link down, and a teardown that leaves nothing behind.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { cleanupStaleLabs, createLab, type Lab } from './lab';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh', 'ssh-keygen', 'curl', 'node', 'unshare', 'nsenter');

const realServers = ['rs1', 'rs2', 'rs3'];
const hostNames = ['client', 'router', 'director', ...realServers];
const routerPassword = `pw-${Math.random().toString(36).slice(2)}`;
const shadowHash = () => createHash('sha256').update(readFileSync('/etc/shadow')).digest('hex');

function snapshot(): { netns: string[]; links: string[]; procs: Map<number, string> } {
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n').filter(Boolean).map((l) => l.split(' ')[0]!);
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(':')[1]!.trim().split('@')[0]!);
  const procs = new Map<number, string>();
  for (const line of execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (m) procs.set(Number(m[1]), m[2]!);
  }
  return { netns, links, procs };
}

describe.skipIf(!enabled)('lab of real hosts', () => {
  let lab: Lab;
  let before: ReturnType<typeof snapshot>;
  let shadowBefore: string;

  beforeAll(async () => {
    cleanupStaleLabs();
    before = snapshot();
    shadowBefore = shadowHash();
    const t0 = Date.now();
    lab = await createLab({
      hosts: [
        { name: 'client', role: 'client', addresses: ['10.77.0.2/24'], gateway: '10.77.0.1' },
        { name: 'router', role: 'router', addresses: ['10.77.0.1/24'], password: routerPassword },
        { name: 'director', role: 'director', addresses: ['10.77.0.10/24'], gateway: '10.77.0.1' },
        ...realServers.map((name, i) => ({ name, role: 'real-server' as const, addresses: [`10.77.0.${21 + i}/24`], gateway: '10.77.0.1' })),
      ],
    });
    console.log(`lab ${lab.runId}: created ${hostNames.length} hosts in ${Date.now() - t0} ms`);
  });

  afterAll(async () => {
    await lab?.destroy();
  });

  it('reaches every host by ssh with strict host-key checking; each has its own host name', async () => {
    const results = await Promise.all(hostNames.map((h) => lab.ssh(h, ['hostname'])));
    results.forEach((r, i) => {
      expect(r.stderr).not.toMatch(/warning/i);
      expect(r, hostNames[i]).toMatchObject({ code: 0, stdout: `${hostNames[i]}\n` });
    });
    const t = lab.sshTarget('rs1');
    expect(t.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(readFileSync(t.knownHostsPath, 'utf8')).toContain(`[127.0.0.1]:${t.port},10.77.0.21 ssh-ed25519 `);
    expect(lab.sshdLog('rs1')).toMatch(/Accepted publickey for root from 127\.0\.0\.1|Accepted publickey for root from 10\.77\.0\./);
  });

  it('password login works only on the host given a password, without touching the real /etc/shadow', async () => {
    expect(lab.sshTarget('router').password).toBe(routerPassword);
    const ok = await lab.ssh('router', ['hostname'], { password: routerPassword });
    expect(ok).toMatchObject({ code: 0, stdout: 'router\n' });
    expect(lab.sshdLog('router')).toMatch(/Accepted password for root/);
    expect((await lab.ssh('router', ['true'], { password: 'wrong' })).code).toBe(255);
    expect(lab.sshdLog('router')).toMatch(/Failed password for root/);
    expect((await lab.ssh('rs1', ['true'], { password: routerPassword })).code).toBe(255);
    expect(shadowHash()).toBe(shadowBefore);
  });

  it('a wrong known_hosts entry stops ssh before any authentication attempt', async () => {
    const t = lab.sshTarget('rs2');
    const other = lab.sshTarget('rs3');
    // rs3's key filed under rs2's name: a key mismatch.
    const line = readFileSync(other.knownHostsPath, 'utf8').split('\n').find((l) => l.startsWith(`[127.0.0.1]:${other.port},`))!;
    const wrong = `${lab.dir}/wrong_known_hosts`;
    writeFileSync(wrong, `[127.0.0.1]:${t.port} ${line.split(' ').slice(1).join(' ')}\n`);
    const logBefore = lab.sshdLog('rs2').length;
    const r = await lab.ssh('rs2', ['touch', '/root/should-not-exist'], { knownHostsPath: wrong });
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    await new Promise((res) => setTimeout(res, 200));
    const log = lab.sshdLog('rs2').slice(logBefore);
    expect(log).toMatch(/Connection from/);
    expect(log).not.toMatch(/publickey|Accepted|Failed|Postponed|Authentication/i);
    expect((await lab.exec('rs2', ['test', '-e', '/root/should-not-exist'])).code).toBe(1);
  });

  it('keeps files written over ssh to /etc inside the host', async () => {
    const marker = `${lab.runId} ${Date.now()}`;
    const w = await lab.ssh('director', ['sh', '-c', 'mkdir -p /etc/lvs-studio && cat > /etc/lvs-studio/x'], { input: marker });
    expect(w.code).toBe(0);
    expect((await lab.ssh('director', ['cat', '/etc/lvs-studio/x'])).stdout).toBe(marker);
    expect((await lab.exec('director', ['cat', '/etc/lvs-studio/x'])).stdout).toBe(marker);
    expect(existsSync('/etc/lvs-studio/x') && readFileSync('/etc/lvs-studio/x', 'utf8') === marker).toBe(false);
    expect((await lab.exec('rs1', ['test', '-e', '/etc/lvs-studio/x'])).code).toBe(1);
    expect((await lab.exec('rs1', ['cat', '/etc/hostname'])).stdout).toBe('rs1\n');
  });

  it('serves each real server name over HTTP to the client', async () => {
    for (const [i, rs] of realServers.entries()) {
      expect(await lab.http('client', `http://10.77.0.${21 + i}/anything`)).toBe(`${rs}\n`);
    }
  });

  it('stopWeb makes the fetch fail, startWeb restores it', async () => {
    await lab.stopWeb('rs2');
    await expect(lab.http('client', 'http://10.77.0.22/')).rejects.toThrow(/curl.*failed/);
    expect(await lab.http('client', 'http://10.77.0.21/')).toBe('rs1\n');
    await lab.startWeb('rs2');
    expect(await lab.http('client', 'http://10.77.0.22/')).toBe('rs2\n');
  });

  it('setLink(down) cuts ssh to the host, up restores it', async () => {
    await lab.setLink('rs3', false);
    const down = await lab.ssh('rs3', ['true']);
    expect(down.code).toBe(255);
    await expect(lab.http('client', 'http://10.77.0.23/')).rejects.toThrow();
    await lab.setLink('rs3', true);
    expect((await lab.ssh('rs3', ['hostname'])).stdout).toBe('rs3\n');
  });

  it('cleanupStaleLabs removes the leftovers of a killed run and leaves live labs alone', async () => {
    // Its own prefix: a concurrent run's cleanupStaleLabs('lvl') would rightly take it otherwise.
    const staleId = `lvz${Math.random().toString(36).slice(2, 7)}`;
    const ns = `${staleId}-h1`;
    execFileSync('ip', ['netns', 'add', ns]);
    const sleeper = spawn('ip', ['netns', 'exec', ns, 'sleep', '300'], { detached: true, stdio: 'ignore' });
    const exited = new Promise((res) => sleeper.once('exit', res));
    const dead = spawnSync('true').pid!;
    mkdirSync(`/tmp/${staleId}.lab`);
    writeFileSync(`/tmp/${staleId}.lab/owner.pid`, String(dead));
    await new Promise((res) => setTimeout(res, 100));
    expect(execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).trim()).toBe(String(sleeper.pid));

    expect(cleanupStaleLabs(staleId).sort()).toEqual([ns, `/tmp/${staleId}.lab`].sort());
    expect(cleanupStaleLabs('lvl').filter((r) => r.includes(lab.runId))).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(ns);
    expect(existsSync(`/tmp/${staleId}.lab`)).toBe(false);
    await exited; // killed by the cleanup (the test would time out otherwise)
    expect((await lab.ssh('client', ['hostname'])).stdout).toBe('client\n');
  });

  it('destroy removes every namespace, link, process and temp dir it created; twice is fine', async () => {
    const during = snapshot();
    const labNs = during.netns.filter((n) => n.startsWith(`${lab.runId}-`));
    expect(labNs.length).toBe(hostNames.length + 2); // hosts, switch, management
    const inLab = new Set(labNs.flatMap((ns) => execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number)));
    const ours = [...during.procs].filter(([pid, args]) => inLab.has(pid) || args.includes(lab.dir));
    const count = (re: RegExp) => ours.filter(([, a]) => re.test(a)).length;
    expect(count(/sshd -D -f/)).toBe(hostNames.length);
    expect(count(/web-server\.mjs/)).toBe(realServers.length);
    expect(count(/forward\.mjs (inner|outer)/)).toBe(2);
    const t0 = Date.now();
    await lab.destroy();
    console.log(`lab ${lab.runId}: destroyed in ${Date.now() - t0} ms`);
    await lab.destroy();
    const after = snapshot();
    // Other test files may be making namespaces of their own meanwhile: compare what is ours.
    expect(after.netns.filter((n) => n.startsWith(lab.runId))).toEqual([]);
    expect(after.links.filter((l) => !before.links.includes(l)).filter((l) => l.startsWith(lab.runId))).toEqual([]);
    expect(during.links.filter((l) => l.startsWith(lab.runId))).toEqual([]); // nothing of ours ever in the root namespace
    expect(ours.filter(([pid, args]) => after.procs.get(pid) === args)).toEqual([]);
    expect(existsSync(lab.dir)).toBe(false);
  });
});

describe.skipIf(!enabled)('lab on two LANs', () => {
  it('routes the client through a two-legged director to a real server; ssh reaches both LANs', async () => {
    const t0 = Date.now();
    const lab = await createLab({
      hosts: [
        { name: 'client', role: 'client', addresses: ['10.78.1.2/24'], gateway: '10.78.1.10' },
        { name: 'director', role: 'director', addresses: ['10.78.1.10/24', '10.78.2.1/24'] },
        { name: 'rs1', role: 'real-server', addresses: ['10.78.2.11/24'], gateway: '10.78.2.1' },
      ],
    });
    try {
      console.log(`two-LAN lab ${lab.runId}: created in ${Date.now() - t0} ms`);
      expect(await lab.http('client', 'http://10.78.2.11/')).toBe('rs1\n');
      const links = await lab.exec('director', ['ip', '-o', '-4', 'addr', 'show']);
      expect(links.stdout).toMatch(/eth0\s+inet 10\.78\.1\.10\/24/);
      expect(links.stdout).toMatch(/eth1\s+inet 10\.78\.2\.1\/24/);
      expect((await lab.exec('director', ['sysctl', '-n', 'net.ipv4.conf.all.send_redirects'])).stdout).toBe('0\n');
      for (const h of ['client', 'director', 'rs1']) expect((await lab.ssh(h, ['hostname'])).stdout).toBe(`${h}\n`);
      await lab.setLink('director', false);
      await expect(lab.http('client', 'http://10.78.2.11/')).rejects.toThrow();
    } finally {
      await lab.destroy();
    }
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(lab.runId);
  });
});
