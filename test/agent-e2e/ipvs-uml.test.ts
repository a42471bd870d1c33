// The agent over SSH (ssh2, strict host keys) on a user-mode-linux director: the kernel's real IPVS
// through the `ipvs` plane, real traffic from the client namespace. NAT: rr alternates, wrr follows
// 3:1 after exactly one operation, sh sticks per client, a second apply runs nothing, stats count
// exactly the requests made. DR: replies come straight from the real servers.
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import type { Plan } from '../../src-core/model/plan-schema';
import type { StatsSample } from '../../src-agent/protocol';
import type { Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { labCluster, type ClusterOptions } from './lab-plans';
import { HeldConnection } from './held';
import { clusterLab, type AgentSession } from './session';

const enabled =
  needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'curl', 'node', 'unshare', 'nsenter', 'linux', 'setpriv', 'busybox', 'ipvsadm', 'modprobe', 'perl');

function umlCluster(o: Omit<ClusterOptions, 'plane'>, clients: string[]) {
  const c = labCluster({ ...o, plane: 'ipvs' });
  c.lab = c.lab.map((h) => (h.name === 'director' ? { ...h, kind: 'uml' as const } : h.name === 'client' ? { ...h, addresses: [...h.addresses, ...clients.map((a) => `${a}/24`)] } : h));
  return c;
}

async function curlN(lab: Lab, url: string, n: number, from?: string): Promise<string[]> {
  const r = await lab.exec('client', ['curl', '-sS', '--max-time', '5', '--noproxy', '*', ...(from ? ['--interface', from] : []), ...Array<string>(n).fill(url)]);
  if (r.code !== 0) throw new Error(`curl: ${r.stderr}`);
  return r.stdout.trim().split('\n');
}

const directorOf = (p: Plan) => compilePlan(p).hosts.find((h) => h.hostId === 'director')!;

describe.skipIf(!enabled)('agent over SSH on a real-IPVS director (UML): NAT', () => {
  const clients = ['10.93.1.3', '10.93.1.4', '10.93.1.5', '10.93.1.6', '10.93.1.7', '10.93.1.8'];
  const cluster = umlCluster({ net: 93, mode: 'nat', scheduler: 'rr', rsCount: 2, keepAliveService: true }, clients);
  const env = clusterLab(cluster);
  const sessions = env.sessions;
  let lab: Lab;
  beforeAll(() => void (lab = env.lab));



  it('hello: the ipvs plane is there (UML kernel, ipvsadm)', async () => {
    const h = await sessions.get('director')!.agent.hello();
    expect(h.kernel).toMatch(/^6\.1\./);
    expect(h.planes.ipvs.ipvsadm).toBe(true);
    expect(h.planes.ipvs.moduleLoaded || h.planes.ipvs.moduleAvailable).toBe(true);
  });

  it('deploys; requests alternate (rr); a second apply runs nothing', async () => {
    const d = new Map(compilePlan(cluster.plan).hosts.map((h) => [h.hostId, h]));
    for (const rs of cluster.realServers) await sessions.get(rs)!.agent.apply({ desired: d.get(rs)! });
    const r = await sessions.get('director')!.agent.apply({ desired: d.get('director')! });
    expect(r.plane).toBe('ipvs');
    expect(r.ipvsOps.map((o) => o.kind)).toEqual(['add-service', 'add-dest', 'add-dest', 'add-service', 'add-dest', 'add-dest']);
    const sn = await lab.exec('director', ['ipvsadm', '-Sn']);
    expect(sn.stdout).toContain(`-A -t ${cluster.vip}:80 -s rr`);
    const got = await curlN(lab, `http://${cluster.vip}/`, 10);
    for (let i = 1; i < got.length; i++) expect(got[i]).not.toBe(got[i - 1]);
    const again = await sessions.get('director')!.agent.apply({ desired: d.get('director')! });
    expect([again.hostOps, again.ipvsOps, again.steps]).toEqual([[], [], []]);
  });

  it('a keep-alive connection held open across a weight change keeps its real server', async () => {
    const held = new HeldConnection(lab, 'client', cluster.vip, 81);
    try {
      const first = await held.ask();
      expect(first).toMatch(/^rs[12] \d+$/);
      const p = structuredClone(cluster.plan);
      p.spec.services[1]!.realServers[0]!.weight = 5;
      expect((await sessions.get('director')!.agent.apply({ desired: directorOf(p) })).ipvsOps.map((o) => o.kind)).toEqual(['edit-dest']);
      expect(await held.ask()).toBe(first);
      await sessions.get('director')!.agent.apply({ desired: directorOf(cluster.plan) });
      expect(await held.ask()).toBe(first);
    } finally {
      held.close();
    }
  });

  it('one weight change is one ipvsadm -e; wrr then follows 3:1', async () => {
    const p = structuredClone(cluster.plan);
    p.spec.services[0]!.scheduler = 'wrr';
    expect((await sessions.get('director')!.agent.apply({ desired: directorOf(p) })).ipvsOps.map((o) => o.kind)).toEqual(['edit-service']);
    p.spec.services[0]!.realServers[0]!.weight = 3;
    const r = await sessions.get('director')!.agent.apply({ desired: directorOf(p) });
    expect(r.ipvsOps.map((o) => o.kind)).toEqual(['edit-dest']);
    expect(r.steps.flatMap((s) => s.commands)).toEqual([['ipvsadm', '-e', '-t', `${cluster.vip}:80`, '-r', '10.93.2.21:80', '-m', '-w', '3']]);
    const got = await curlN(lab, `http://${cluster.vip}/`, 40);
    expect([got.filter((x) => x === 'rs1').length, got.filter((x) => x === 'rs2').length]).toEqual([30, 10]);
  });

  it('sh: every client address sticks to one real server', async () => {
    const p = structuredClone(cluster.plan);
    p.spec.services[0]!.scheduler = 'sh';
    await sessions.get('director')!.agent.apply({ desired: directorOf(p) });
    const per = new Map<string, Set<string>>();
    for (const a of clients) per.set(a, new Set(await curlN(lab, `http://${cluster.vip}/`, 4, a)));
    for (const [a, s] of per) expect({ a, n: s.size }).toEqual({ a, n: 1 });
    expect(new Set([...per.values()].flatMap((s) => [...s])).size).toBe(2);
  });

  it('watch: the stats count exactly the N requests made (within one sampling interval)', async () => {
    const agent = sessions.get('director')!.agent;
    const base = (await settledSample(agent)).services[0]!.conns;
    await curlN(lab, `http://${cluster.vip}/`, 25);
    // IPVS refreshes its counters every 2 s: wait for a sample that shows them
    const after = await sampleAfter(agent, base + 25);
    const svc = after.services[0]!;
    expect(svc.conns - base).toBe(25);
    expect(svc.destinations.reduce((n, d) => n + d.conns, 0)).toBe(svc.conns);
    expect(svc.packetsIn).toBeGreaterThan(0);
    expect(after.host.load1).toBeGreaterThanOrEqual(0);
  });
});

/** Streams samples until the first service shows at least `conns` connections (or 10 s pass). */
async function sampleAfter(agent: AgentSession['agent'], conns: number): Promise<StatsSample> {
  const ac = new AbortController();
  let last: StatsSample | undefined;
  const timer = setTimeout(() => ac.abort(), 10_000);
  await agent
    .watch({ intervalMs: 500 }, {
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type !== 'stats') return;
        last = e;
        if ((e.services[0]?.conns ?? -1) >= conns) ac.abort();
      },
    })
    .catch(() => undefined);
  clearTimeout(timer);
  if (!last) throw new Error('no stats sample');
  return last;
}

/** A sample once the counters have not moved for 3 s (IPVS refreshes them every 2 s). */
async function settledSample(agent: AgentSession['agent']): Promise<StatsSample> {
  const ac = new AbortController();
  const recent: StatsSample[] = [];
  const timer = setTimeout(() => ac.abort(), 20_000);
  await agent
    .watch({ intervalMs: 500 }, {
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type !== 'stats') return;
        recent.push(e);
        const last7 = recent.slice(-7);
        if (last7.length === 7 && last7.every((x) => x.services[0]?.conns === e.services[0]?.conns)) ac.abort();
      },
    })
    .catch(() => undefined);
  clearTimeout(timer);
  if (recent.length === 0) throw new Error('no stats sample');
  return recent[recent.length - 1]!;
}

describe.skipIf(!enabled)('agent over SSH on a real-IPVS director (UML): DR', () => {
  const cluster = umlCluster({ net: 94, mode: 'dr', scheduler: 'wrr', weights: [3, 1], rsCount: 2 }, []);
  const env = clusterLab(cluster);
  const sessions = env.sessions;
  let lab: Lab;
  beforeAll(() => void (lab = env.lab));



  it('wrr 3:1 in DR, and the director never sees a reply (OutPkts 0)', async () => {
    const d = new Map(compilePlan(cluster.plan).hosts.map((h) => [h.hostId, h]));
    for (const rs of cluster.realServers) await sessions.get(rs)!.agent.apply({ desired: d.get(rs)! });
    const r = await sessions.get('director')!.agent.apply({ desired: d.get('director')! });
    expect(r.plane).toBe('ipvs');
    const got = await curlN(lab, `http://${cluster.vip}/`, 40);
    expect([got.filter((x) => x === 'rs1').length, got.filter((x) => x === 'rs2').length]).toEqual([30, 10]);
    const s = await sampleAfter(sessions.get('director')!.agent, 40);
    expect(s.services[0]!.conns).toBe(40);
    expect(s.services[0]!.packetsOut).toBe(0);
    expect(s.services[0]!.packetsIn).toBeGreaterThan(0);
  });
});
