// A user-mode-linux director (the kernel's real IPVS) in the lab, programmed over SSH with ipvsadm
// and proven with real traffic from the client namespace: NAT rr/wrr/sh, DR with replies straight
// from the real servers. Saves real /proc/net/ip_vs* and ipvsadm listings to test-results/ipvs-proc.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { compilePlan } from '../../src-core/compile/compile';
import { renderHostFiles } from '../../src-core/render/bundle';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import { labCluster } from '../agent-e2e/lab-plans';
import { cleanupStaleLabs, createLab, type Lab } from './lab';

const enabled =
  needRoot() && needTools('ip', 'sshd', 'ssh', 'ssh-keygen', 'curl', 'node', 'unshare', 'nsenter', 'linux', 'setpriv', 'busybox', 'ipvsadm', 'nft', 'modprobe', 'perl');

const RESULTS = join(__dirname, '../../test-results/ipvs-proc');

async function ok(lab: Lab, host: string, argv: string[]): Promise<string> {
  const r = await lab.exec(host, argv);
  if (r.code !== 0) throw new Error(`${host}: ${argv.join(' ')} -> exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** n requests, each a new connection (the web server closes it), in one curl run. */
async function requests(lab: Lab, url: string, n: number, from?: string): Promise<string[]> {
  const out = await ok(lab, 'client', ['curl', '-sS', '--max-time', '5', '--noproxy', '*', ...(from ? ['--interface', from] : []), ...Array<string>(n).fill(url)]);
  return out.trim().split('\n');
}

/** `ipvsadm -Ln --stats --exact` row of one real server (or the service line when rs is omitted). */
function statsRow(listing: string, vip: string, rs?: string): number[] {
  const lines = listing.split('\n');
  const at = lines.findIndex((l) => l.startsWith('TCP ') && l.includes(`${vip}:80`));
  const line = rs ? lines.slice(at + 1).find((l) => l.includes(`-> ${rs}:80`)) : lines[at];
  if (at < 0 || !line) throw new Error(`no stats row for ${vip} ${rs ?? ''} in\n${listing}`);
  return line.trim().split(/\s+/).slice(-5).map(Number); // Conns InPkts OutPkts InBytes OutBytes
}

/** Waits until the listing's service counters show `conns` connections (they refresh every 2 s). */
async function statsAfter(lab: Lab, vip: string, conns: number): Promise<string> {
  for (let i = 0; ; i++) {
    const listing = await ok(lab, 'director', ['ipvsadm', '-Ln', '--stats', '--exact']);
    if (statsRow(listing, vip)[0] === conns) return listing;
    if (i >= 20) throw new Error(`service ${vip} never showed ${conns} connections:\n${listing}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function saveSamples(lab: Lab, name: string): Promise<Record<string, string>> {
  const samples: Record<string, string> = {
    ip_vs: await ok(lab, 'director', ['cat', '/proc/net/ip_vs']),
    ip_vs_stats: await ok(lab, 'director', ['cat', '/proc/net/ip_vs_stats']),
    ip_vs_conn: await ok(lab, 'director', ['cat', '/proc/net/ip_vs_conn']),
    'ipvsadm-Ln-stats-exact': await ok(lab, 'director', ['ipvsadm', '-Ln', '--stats', '--exact']),
    'ipvsadm-Ln-rate-exact': await ok(lab, 'director', ['ipvsadm', '-Ln', '--rate', '--exact']),
  };
  mkdirSync(join(RESULTS, name), { recursive: true });
  for (const [f, text] of Object.entries(samples)) writeFileSync(join(RESULTS, name, `${f}.txt`), text);
  return samples;
}

function recordBoot(lab: Lab, name: string, sshMs: number): void {
  const b = lab.umlBoot('director');
  const line = { lab: name, guestUptimeAtSshdMs: b.guestMs, spawnToSshdPidMs: b.wallMs, firstSshCommandMs: sshMs };
  console.log(`UML director boot (${name}): ${JSON.stringify(line)}`);
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `boot-${name}.json`), JSON.stringify(line, null, 2) + '\n');
}

function processesOf(pid: number): string[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,pgid=,user=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.trim().split(/\s+/)[1] === String(pid));
}

describe.skipIf(!enabled)('UML director, NAT (two LANs)', () => {
  let lab: Lab;
  const rs = ['rs1', 'rs2', 'rs3'];
  const rsAddr = (i: number) => `10.83.2.${11 + i}`;
  const clients = ['10.83.1.2', '10.83.1.3', '10.83.1.4', '10.83.1.5', '10.83.1.6', '10.83.1.7'];
  const shmBefore = existsSync('/dev/shm') ? readdirSync('/dev/shm') : [];

  beforeAll(async () => {
    cleanupStaleLabs();
    lab = await createLab({
      hosts: [
        { name: 'client', role: 'client', addresses: clients.map((a) => `${a}/24`) },
        { name: 'director', role: 'director', kind: 'uml', addresses: ['10.83.1.1/24', '10.83.2.1/24'] },
        ...rs.map((name, i) => ({ name, role: 'real-server' as const, addresses: [`${rsAddr(i)}/24`], gateway: '10.83.2.1' })),
      ],
    });
    const t0 = Date.now();
    expect(await ok(lab, 'director', ['hostname'])).toBe('director\n');
    recordBoot(lab, 'nat', Date.now() - t0);
  });

  afterAll(async () => {
    await lab?.destroy();
  });

  it('runs the guest as nobody with CAP_NET_RAW only; strict host-key SSH reaches it like any host', async () => {
    const { pid } = lab.umlBoot('director');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    expect(status).toMatch(/^Uid:\s+65534\s+65534\s+65534\s+65534$/m);
    expect(status).toMatch(/^CapEff:\s+0000000000002000$/m); // CAP_NET_RAW (13) alone
    const t = lab.sshTarget('director');
    expect(t).toMatchObject({ host: '127.0.0.1', user: 'root', labAddress: '10.83.1.1' });
    expect(t.hostKeyFingerprint).toMatch(/^SHA256:/);
    expect(readFileSync(t.knownHostsPath, 'utf8')).toContain(`[127.0.0.1]:${t.port},10.83.1.1,10.83.2.1 ssh-ed25519 `);
    const r = await lab.ssh('director', ['uname', '-r']);
    expect(r.stderr).not.toMatch(/warning/i);
    expect(r.stdout).toBe('6.1.176\n'); // the UML kernel, not this machine's
    expect(lab.sshdLog('director')).toMatch(/Accepted publickey for root/);
    expect(() => lab.namespace('director')).toThrow(/UML guest/);
    const ifaces = await ok(lab, 'director', ['ip', '-o', '-4', 'addr', 'show']);
    expect(ifaces).toMatch(/eth0\s+inet 10\.83\.1\.1\/24/);
    expect(ifaces).toMatch(/eth1\s+inet 10\.83\.2\.1\/24/);
    expect(await ok(lab, 'director', ['sysctl', '-n', 'net.ipv4.ip_forward', 'net.ipv4.conf.all.send_redirects'])).toBe('1\n0\n');
  });

  it('has its own /root and /etc/shadow, writes only to its RAM overlay, and cannot write the host', async () => {
    expect(await ok(lab, 'director', ['ls', '-A', '/root'])).toBe('');
    expect(await ok(lab, 'director', ['grep', '^root:', '/etc/shadow'])).toMatch(/^root:\*:/);
    const marker = `${lab.runId}-${Date.now()}`;
    await ok(lab, 'director', ['mkdir', '-p', '/etc/lvs-studio']);
    expect((await lab.ssh('director', ['sh', '-c', 'cat > /etc/lvs-studio/x'], { input: marker })).code).toBe(0);
    expect(await ok(lab, 'director', ['cat', '/etc/lvs-studio/x'])).toBe(marker);
    expect(existsSync('/etc/lvs-studio/x') && readFileSync('/etc/lvs-studio/x', 'utf8') === marker).toBe(false);
    // Guest root mounting the host's lab dir read-write still acts as nobody on the host.
    const probe = await lab.ssh('director', ['sh', '-c', 'mkdir -p /tmp/h && mount -t hostfs -o "$1" host /tmp/h && touch /tmp/h/escaped', 'sh', lab.dir]);
    expect(probe.code).not.toBe(0);
    expect(probe.stderr).toMatch(/Permission denied/);
    expect(existsSync(join(lab.dir, 'escaped'))).toBe(false);
  });

  it('exec over SSH passes argv through the remote shell unchanged', async () => {
    const words = ['', 'a b', "it's", '$(touch /tmp/pwned)', '`id`', 'A=b', '*', '~', 'x;y', 'new\nline', '"q"', '\\'];
    const out = await ok(lab, 'director', ['printf', '%s\\0', ...words]);
    expect(out.split('\0').slice(0, -1)).toEqual(words);
    expect((await lab.exec('director', ['test', '-e', '/tmp/pwned'])).code).toBe(1);
    expect(await ok(lab, 'director', ['cat'])).toBe('');
    expect((await lab.exec('director', ['cat'], { input: 'stdin\n' })).stdout).toBe('stdin\n');
  });

  it('modprobe finds the UML modules in the guest', async () => {
    expect(await ok(lab, 'director', ['sh', '-c', 'modprobe ip_vs_ftp && grep -c "^ip_vs_ftp " /proc/modules'])).toBe('1\n');
    expect(await ok(lab, 'director', ['grep', '-c', '^ip_vs_wrr ', '/proc/modules'])).toBe('1\n');
  });

  const natService = async (vip: string, scheduler: string, weights: number[]) => {
    await ok(lab, 'director', ['ip', 'addr', 'add', `${vip}/32`, 'dev', 'eth0']);
    await ok(lab, 'director', ['ipvsadm', '-A', '-t', `${vip}:80`, '-s', scheduler]);
    for (const [i, w] of weights.entries()) await ok(lab, 'director', ['ipvsadm', '-a', '-t', `${vip}:80`, '-r', `${rsAddr(i)}:80`, '-m', '-w', String(w)]);
  };

  it('NAT rr: requests alternate over the three real servers; the counters match the requests', async () => {
    const vip = '10.83.1.100';
    await natService(vip, 'rr', [1, 1, 1]);
    const got = await requests(lab, `http://${vip}/`, 30);
    expect(got).toHaveLength(30);
    expect(new Set(got)).toEqual(new Set(rs));
    // rr starts with whichever server follows its cursor: test the rotation, not the order.
    for (let i = 0; i + 1 < got.length; i++) expect(got[i + 1]).not.toBe(got[i]);
    for (let i = 0; i + 3 < got.length; i++) expect(got[i + 3]).toBe(got[i]);
    const listing = await statsAfter(lab, vip, 30);
    for (const [i] of rs.entries()) {
      const [conns, inPkts, outPkts] = statsRow(listing, vip, rsAddr(i));
      expect(conns).toBe(10);
      expect(inPkts).toBeGreaterThan(0);
      expect(outPkts).toBeGreaterThan(0); // NAT: replies come back through the director
    }
  });

  it('NAT wrr 3:1: every four requests go three to the heavy server, one to the light one', async () => {
    const vip = '10.83.1.101';
    await natService(vip, 'wrr', [3, 1]);
    const got = await requests(lab, `http://${vip}/`, 40);
    expect(got.filter((n) => n === 'rs1')).toHaveLength(30);
    expect(got.filter((n) => n === 'rs2')).toHaveLength(10);
    for (let i = 0; i + 4 <= got.length; i++) expect(got.slice(i, i + 4).filter((n) => n === 'rs2')).toHaveLength(1);
  });

  it('NAT sh: each client address sticks to one real server; the clients spread', async () => {
    const vip = '10.83.1.102';
    await natService(vip, 'sh', [1, 1, 1]);
    const chosen = new Map<string, string>();
    for (const c of clients) {
      const got = await requests(lab, `http://${vip}/`, 6, c);
      expect(new Set(got).size, `client ${c}: ${got.join(',')}`).toBe(1);
      chosen.set(c, got[0]!);
    }
    expect(new Set(chosen.values()).size).toBeGreaterThan(1);
  });

  it('saves real /proc/net/ip_vs* and ipvsadm listings after traffic', async () => {
    await new Promise((r) => setTimeout(r, 2_500)); // one estimator period, so --rate shows the traffic
    const s = await saveSamples(lab, 'nat');
    expect(s.ip_vs).toMatch(/^IP Virtual Server version 1\.2\.1/);
    expect(s.ip_vs).toContain('TCP  0A530165:0050 wrr');
    expect(s.ip_vs_stats).toMatch(/Total Incoming Outgoing/);
    expect(s.ip_vs_conn).toMatch(/^Pro FromIP/);
    expect(s.ip_vs_conn).toMatch(/TCP 0A53010[2-7] [0-9A-F]{4} 0A53016[4-6] 0050 0A53020[BCD] 0050 TIME_WAIT/);
    expect(s['ipvsadm-Ln-stats-exact']).toMatch(/TCP {2}10\.83\.1\.100:80 +30 /);
    expect(s['ipvsadm-Ln-rate-exact']).toMatch(/CPS +InPPS +OutPPS +InBPS +OutBPS/);
  });

  it('destroy stops the guest (TERM to its main process) and removes everything the lab made', async () => {
    const { pid } = lab.umlBoot('director');
    expect(processesOf(pid).length).toBeGreaterThan(1); // the kernel and its helper processes
    const dir = lab.dir;
    const t0 = Date.now();
    await lab.destroy();
    console.log(`UML lab destroyed in ${Date.now() - t0} ms`);
    expect(processesOf(pid)).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })).not.toContain(lab.runId);
    expect(execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })).not.toContain(lab.runId);
    expect(existsSync(dir)).toBe(false);
    const shmNow = existsSync('/dev/shm') ? readdirSync('/dev/shm') : [];
    expect(shmNow.filter((f) => !shmBefore.includes(f) && /uml|vm_file/i.test(f))).toEqual([]);
  });
});

describe.skipIf(!enabled)('UML director, DR (one LAN)', () => {
  let lab: Lab;
  const rs = ['rs1', 'rs2'];
  const vip = '10.84.0.100';
  const rsAddr = (i: number) => `10.84.0.${21 + i}`;
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const mac = async (host: string) => (JSON.parse(await ok(lab, host, ['ip', '-j', 'link', 'show', 'eth0'])) as { address: string }[])[0]!.address;

  beforeAll(async () => {
    cleanupStaleLabs();
    lab = await createLab({
      hosts: [
        { name: 'client', role: 'client', addresses: ['10.84.0.2/24'] },
        { name: 'director', role: 'director', kind: 'uml', addresses: ['10.84.0.10/24'], password },
        ...rs.map((name, i) => ({ name, role: 'real-server' as const, addresses: [`${rsAddr(i)}/24`] })),
      ],
    });
    const t0 = Date.now();
    expect(await ok(lab, 'director', ['hostname'])).toBe('director\n');
    recordBoot(lab, 'dr', Date.now() - t0);
  });

  afterAll(async () => {
    await lab?.destroy();
  });

  it('DR rr: requests alternate and every reply comes straight from a real server with the VIP as source', async () => {
    for (const r of rs) {
      for (const kv of ['net.ipv4.conf.all.arp_ignore=1', 'net.ipv4.conf.all.arp_announce=2', 'net.ipv4.conf.eth0.arp_ignore=1', 'net.ipv4.conf.eth0.arp_announce=2']) {
        await ok(lab, r, ['sysctl', '-qw', kv]);
      }
      await ok(lab, r, ['ip', 'addr', 'add', `${vip}/32`, 'dev', 'lo']);
    }
    await ok(lab, 'director', ['ip', 'addr', 'add', `${vip}/32`, 'dev', 'eth0']);
    await ok(lab, 'director', ['ipvsadm', '-A', '-t', `${vip}:80`, '-s', 'rr']);
    for (const [i] of rs.entries()) await ok(lab, 'director', ['ipvsadm', '-a', '-t', `${vip}:80`, '-r', `${rsAddr(i)}:80`, '-g']);

    // The client counts packets from the VIP by the Ethernet source they arrive with.
    const macs = { director: await mac('director'), rs1: await mac('rs1'), rs2: await mac('rs2') };
    const rule = (name: string, m: string) => `add rule inet labdr in ether saddr ${m} ip saddr ${vip} tcp sport 80 counter comment "${name}"`;
    const nft = ['add table inet labdr', 'add chain inet labdr in { type filter hook input priority 0; }', ...Object.entries(macs).map(([n, m]) => rule(n, m))].join('\n');
    expect((await lab.exec('client', ['nft', '-f', '-'], { input: nft + '\n' })).code).toBe(0);

    const got = await requests(lab, `http://${vip}/`, 20);
    expect(got.filter((n) => n === 'rs1')).toHaveLength(10);
    for (let i = 0; i + 1 < got.length; i++) expect(got[i + 1]).not.toBe(got[i]);

    const counters = JSON.parse(await ok(lab, 'client', ['nft', '-j', 'list', 'table', 'inet', 'labdr'])) as {
      nftables: { rule?: { comment?: string; expr: { counter?: { packets: number } }[] } }[];
    };
    const packets = new Map(
      counters.nftables.flatMap((e) => (e.rule?.comment ? [[e.rule.comment, e.rule.expr.find((x) => x.counter)!.counter!.packets] as const] : [])),
    );
    expect(packets.get('director')).toBe(0);
    expect(packets.get('rs1')).toBeGreaterThan(0);
    expect(packets.get('rs2')).toBeGreaterThan(0);

    const listing = await statsAfter(lab, vip, 20);
    const [conns, inPkts, outPkts] = statsRow(listing, vip);
    expect(conns).toBe(20);
    expect(inPkts).toBeGreaterThan(0);
    expect(outPkts).toBe(0); // the director never sees a reply in DR
    await new Promise((r) => setTimeout(r, 2_500));
    const s = await saveSamples(lab, 'dr');
    expect(s.ip_vs_conn).toMatch(/TCP 0A540002 [0-9A-F]{4} 0A540064 0050 0A54001[56] 0050 /);
  });

  it('password login works on a UML host given a password', async () => {
    expect(lab.sshTarget('director').password).toBe(password);
    expect(await lab.ssh('director', ['hostname'], { password })).toMatchObject({ code: 0, stdout: 'director\n' });
    expect(lab.sshdLog('director')).toMatch(/Accepted password for root/);
    expect((await lab.ssh('director', ['true'], { password: 'wrong' })).code).toBe(255);
  });

  it('setLink(down) takes the guest off the LAN; up brings it back and exec reconnects', async () => {
    await lab.setLink('director', false);
    expect((await lab.ssh('director', ['true'])).code).toBe(255);
    await expect(lab.http('client', `http://${vip}/`)).rejects.toThrow();
    await lab.setLink('director', true);
    expect(await ok(lab, 'director', ['hostname'])).toBe('director\n');
    expect((await requests(lab, `http://${vip}/`, 2)).sort()).toEqual(['rs1', 'rs2']);
  });
});

describe.skipIf(!enabled)('UML director running the scripts src-core renders (DR, wrr 3:1)', () => {
  let lab: Lab;
  const cluster = labCluster({ net: 85, mode: 'dr', scheduler: 'wrr', weights: [3, 1], plane: 'ipvs' });

  beforeAll(async () => {
    cleanupStaleLabs();
    lab = await createLab({ hosts: cluster.lab.map((h) => (h.name === 'director' ? { ...h, kind: 'uml' as const } : h)) });
  });

  afterAll(async () => {
    await lab?.destroy();
  });

  it('applies the compiled plan with the rendered director and real-server scripts; traffic follows 3:1 and bypasses the director', async () => {
    const compiled = compilePlan(cluster.plan);
    for (const h of compiled.hosts) {
      const script = renderHostFiles(cluster.plan, h).find((f) => f.kind === 'script');
      if (!script) continue;
      const put = await lab.exec(h.hostId, ['sh', '-c', 'mkdir -p "${1%/*}" && cat > "$1" && chmod 0755 "$1"', 'sh', script.path], { input: script.content });
      expect(put.code, put.stderr).toBe(0);
      const applied = await lab.exec(h.hostId, [script.path, 'apply']);
      expect(applied.code, `${h.hostId}: ${applied.stdout}${applied.stderr}`).toBe(0);
      const status = await lab.exec(h.hostId, [script.path, 'status']);
      expect(status.code, `${h.hostId}: ${status.stdout}${status.stderr}`).toBe(0);
    }
    expect(await ok(lab, 'director', ['ipvsadm', '-Sn'])).toBe(renderIpvsadmSave(compiled.hosts.find((h) => h.hostId === 'director')!.ipvs));

    const got = await requests(lab, `http://${cluster.vip}/`, 40);
    expect(got.filter((n) => n === 'rs1')).toHaveLength(30);
    expect(got.filter((n) => n === 'rs2')).toHaveLength(10);
    const [conns, inPkts, outPkts] = statsRow(await statsAfter(lab, cluster.vip, 40), cluster.vip);
    expect(conns).toBe(40);
    expect(inPkts).toBeGreaterThan(0);
    expect(outPkts).toBe(0);
  });
});
