// The lab of real hosts: strict host-key SSH to every host, private /etc, HTTP to real servers,
// web server stop/start, link down, and a teardown that leaves nothing behind.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { cleanupStaleLabs, createLab, type Lab } from './lab';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh', 'ssh-keygen', 'curl', 'node', 'unshare', 'nsenter');

const realServers = ['rs1', 'rs2', 'rs3'];
const hostNames = ['client', 'router', 'director', ...realServers];

function snapshot(): { netns: string[]; links: string[]; procs: Map<number, string> } {
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.split(' ')[0]!);
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

  beforeAll(async () => {
    cleanupStaleLabs();
    before = snapshot();
    const t0 = Date.now();
    lab = await createLab({
      hosts: [
        { name: 'client', role: 'client', addresses: ['10.77.0.2/24'], gateway: '10.77.0.1' },
        { name: 'router', role: 'router', addresses: ['10.77.0.1/24'] },
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
    const kex = await lab.ssh('rs1', ['true'], {});
    expect(kex.code).toBe(0);
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

  it('destroy removes every namespace, link, process and temp dir it created; twice is fine', async () => {
    const during = snapshot();
    const ours = [...during.procs].filter(([pid]) => !before.procs.has(pid));
    expect(ours.some(([, a]) => a.includes('sshd') && a.includes(lab.dir))).toBe(true);
    expect(during.netns.filter((n) => n.startsWith(lab.runId)).length).toBe(hostNames.length + 2);
    const t0 = Date.now();
    await lab.destroy();
    console.log(`lab ${lab.runId}: destroyed in ${Date.now() - t0} ms`);
    await lab.destroy();
    const after = snapshot();
    expect(after.netns).toEqual(before.netns);
    expect(after.links).toEqual(before.links);
    const leftover = ours.filter(([pid, args]) => after.procs.get(pid) === args && !args.startsWith('ps '));
    expect(leftover.filter(([, a]) => a.includes(lab.runId) || a.includes('sshd') || a.includes('web-server'))).toEqual([]);
    expect(existsSync(lab.dir)).toBe(false);
  });
});
