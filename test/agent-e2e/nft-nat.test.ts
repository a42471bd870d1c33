// The agent driven over SSH (ssh2, strict host keys) as the app drives it, on lab hosts without
// IPVS, so directors run the nftables plane: NAT with real traffic from the client namespace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import type { StatsSample } from '../../src-agent/protocol';
import { createLab, type Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { labCluster } from './lab-plans';
import { HeldConnection } from './held';
import { clusterLab, openSession, type AgentSession } from './session';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'nft', 'conntrack', 'curl', 'unshare', 'nsenter');

describe.skipIf(!enabled)('agent over SSH: NAT on the nftables plane', () => {
  const cluster = labCluster({ net: 91, mode: 'nat', scheduler: 'rr', plane: 'nftables', keepAliveService: true });
  const env = clusterLab(cluster);
  const sessions = env.sessions;
  let lab: Lab;
  beforeAll(() => void (lab = env.lab));
  const desired = (p = cluster.plan) => new Map<string, HostDesiredState>(compilePlan(p).hosts.map((h) => [h.hostId, h]));

  async function hits(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await lab.http('client', `http://${cluster.vip}/`)).trim());
    return out;
  }



  it('hello reports the nftables plane and no IPVS', async () => {
    const h = await sessions.get('director')!.agent.hello();
    expect(h.hostname).toBe('director');
    expect(h.planes.nftables.nft).toBe(true);
    expect(h.planes.ipvs.moduleLoaded).toBe(false);
  });

  it('applies real servers first, then the director; requests alternate (rr)', async () => {
    const d = desired();
    for (const rs of cluster.realServers) await sessions.get(rs)!.agent.apply({ desired: d.get(rs)! });
    const r = await sessions.get('director')!.agent.apply({ desired: d.get('director')! });
    expect(r.plane).toBe('nftables');
    const got = await hits(8);
    for (let i = 1; i < got.length; i++) expect(got[i]).not.toBe(got[i - 1]);
    expect(new Set(got)).toEqual(new Set(cluster.realServers));
  });

  it('a second apply runs no operation', async () => {
    const d = desired();
    for (const h of ['director', ...cluster.realServers]) {
      const r = await sessions.get(h)!.agent.apply({ desired: d.get(h)! });
      expect({ h, hostOps: r.hostOps, ipvsOps: r.ipvsOps }).toEqual({ h, hostOps: [], ipvsOps: [] });
    }
  });

  it('a keep-alive connection held open across a weight change keeps its real server', async () => {
    const held = new HeldConnection(lab, 'client', cluster.vip, 81);
    try {
      const first = await held.ask();
      expect(first).toMatch(/^rs[12] \d+$/);
      const p = structuredClone(cluster.plan);
      p.spec.services[1]!.realServers[0]!.weight = 5;
      const r = await sessions.get('director')!.agent.apply({ desired: desired(p).get('director')! });
      expect(r.ipvsOps.map((o) => o.kind)).toEqual(['edit-dest']);
      expect(await held.ask()).toBe(first);
      expect(await held.ask()).toBe(first);
      await sessions.get('director')!.agent.apply({ desired: desired().get('director')! });
      expect(await held.ask()).toBe(first);
    } finally {
      held.close();
    }
  });

  it('watch: N requests are exactly N more connections, the real servers sum to them, packets and bytes both ways', async () => {
    const agent = sessions.get('director')!.agent;
    const id = `ipv4|tcp|${cluster.vip}|80`;
    const before = (await firstSample(agent)).services.find((s) => s.service === id)!;
    await hits(7);
    const after = (await firstSample(agent)).services.find((s) => s.service === id)!;
    expect(after.conns - before.conns).toBe(7);
    expect(after.destinations.reduce((n, d) => n + d.conns, 0)).toBe(after.conns);
    for (const k of ['packetsIn', 'packetsOut', 'bytesIn', 'bytesOut'] as const) {
      expect(after[k] - before[k], k).toBeGreaterThan(0);
      expect(after.destinations.reduce((n, d) => n + d[k], 0), k).toBe(after[k]);
    }
  });

  it('wrr 3:1 after one weight change: exactly one operation; traffic follows 3:1', async () => {
    const p = structuredClone(cluster.plan);
    p.spec.services[0]!.scheduler = 'wrr';
    const d1 = desired(p);
    const r1 = await sessions.get('director')!.agent.apply({ desired: d1.get('director')! });
    expect(r1.ipvsOps.map((o) => o.kind)).toEqual(['edit-service']);
    p.spec.services[0]!.realServers[0]!.weight = 3;
    const r2 = await sessions.get('director')!.agent.apply({ desired: desired(p).get('director')! });
    expect(r2.ipvsOps.map((o) => o.kind)).toEqual(['edit-dest']);
    const got = await hits(40);
    expect(got.filter((x) => x === 'rs1').length).toBe(30);
    expect(got.filter((x) => x === 'rs2').length).toBe(10);
  });
});

describe.skipIf(!enabled)('agent over SSH: killed in the middle of an apply', () => {
  const cluster = labCluster({ net: 96, mode: 'nat', scheduler: 'rr', plane: 'nftables' });
  let lab: Lab;

  beforeAll(async () => {
    lab = await createLab({ prefix: 'lve', hosts: cluster.lab });
  }, 60_000);

  afterAll(async () => {
    await lab?.destroy();
  });

  it('the next start rolls the half-done apply back: the host is in its old state, not between', async () => {
    const d = new Map(compilePlan(cluster.plan).hosts.map((h) => [h.hostId, h]));
    for (const h of cluster.realServers) {
      const s = await openSession(lab, h);
      await s.agent.apply({ desired: d.get(h)! });
      s.close();
    }
    const first = await openSession(lab, 'director');
    await first.agent.apply({ desired: d.get('director')! });
    const before = await first.agent.readState();
    first.close();

    // a second service on a new VIP: step 0 adds the address, a later step loads the table
    const p = structuredClone(cluster.plan);
    p.spec.services.push({ ...structuredClone(p.spec.services[0]!), id: 'web2', name: 'web2', vip: '10.96.1.101' });
    p.spec.services[1]!.realServers.forEach((m) => (m.id = `${m.id}-2`));
    const next = compilePlan(p).hosts.find((h) => h.hostId === 'director')!;
    const dying = await openSession(lab, 'director', { LVS_AGENT_KILL_AFTER_STEP: '0' });
    const events: string[] = [];
    const outcome = await dying.agent
      .apply({ desired: next }, { onEvent: (e) => events.push(e.type) })
      .then(() => 'finished', (e: Error) => e.name);
    dying.close();
    expect(outcome).toBe('AgentGoneError');
    expect(events).toContain('step-done');
    const mid = await lab.exec('director', ['ip', '-o', 'addr', 'show', 'dev', 'eth0']);
    expect(mid.stdout).toContain('10.96.1.101/32'); // the agent died with the first step done

    const again = await openSession(lab, 'director');
    const hello = await again.agent.hello();
    expect(hello.state.recoveredJournal).toBe(true);
    const after = await again.agent.readState();
    expect(after.actual.ipvs).toEqual(before.actual.ipvs);
    expect(after.actual.addresses.map((a) => `${a.dev} ${a.cidr}`).sort()).toEqual(before.actual.addresses.map((a) => `${a.dev} ${a.cidr}`).sort());
    expect((await lab.http('client', `http://${cluster.vip}/`)).trim()).toMatch(/^rs[12]$/);
    // and the new state can still be applied in full
    const r = await again.agent.apply({ desired: next });
    expect(r.ipvsOps.map((o) => o.kind)).toEqual(['add-service', 'add-dest', 'add-dest']);
    expect((await lab.http('client', 'http://10.96.1.101/')).trim()).toMatch(/^rs[12]$/);
    again.close();
  });
});

describe.skipIf(!enabled)('agent over SSH: FULLNAT on the nftables plane', () => {
  const cluster = labCluster({ net: 97, mode: 'fullnat', scheduler: 'rr', plane: 'nftables' });
  const env = clusterLab(cluster);
  const sessions = env.sessions;
  let lab: Lab;
  beforeAll(() => void (lab = env.lab));



  it('the compiled director carries the FULLNAT service and its LIP outside the IPVS table', () => {
    const d = compilePlan(cluster.plan).hosts.find((h) => h.hostId === 'director')!;
    expect(d.ipvs.services.flatMap((s) => s.destinations)).toEqual([]); // the service, without its FULLNAT real servers
    expect(d.fullnat?.services.map((s) => [s.service.address, s.lip, s.service.destinations.map((x) => `${x.address}:${x.port} ${x.forward}`)])).toEqual([
      [cluster.vip, '10.97.2.1', ['10.97.2.21:80 masq', '10.97.2.22:80 masq']],
    ]);
  });

  it('requests alternate between real servers whose gateway is not the director; they answer the LIP', async () => {
    const hosts = new Map(compilePlan(cluster.plan).hosts.map((h) => [h.hostId, h]));
    for (const rs of cluster.realServers) {
      await sessions.get(rs)!.agent.apply({ desired: hosts.get(rs)! });
      // no way back to the client except through the SNAT: no default route at all
      expect((await lab.exec(rs, ['ip', 'route', 'show', 'default'])).stdout.trim()).toBe('');
    }
    const r = await sessions.get('director')!.agent.apply({ desired: hosts.get('director')! });
    expect(r.plane).toBe('nftables');
    expect(r.ipvsOps.map((o) => o.kind)).toEqual(['add-service', 'add-dest', 'add-dest']);
    const got: string[] = [];
    for (let i = 0; i < 8; i++) got.push((await lab.http('client', `http://${cluster.vip}/`)).trim());
    for (let i = 1; i < got.length; i++) expect(got[i]).not.toBe(got[i - 1]);
    expect(new Set(got)).toEqual(new Set(cluster.realServers));
    const ct = await lab.exec('director', ['conntrack', '-L', '-d', cluster.vip]);
    expect(ct.stdout).toMatch(/src=10\.97\.2\.2[12] dst=10\.97\.2\.1 sport=80/);
    // the same state again: nothing to do
    const again = await sessions.get('director')!.agent.apply({ desired: hosts.get('director')! });
    expect({ hostOps: again.hostOps, ipvsOps: again.ipvsOps }).toEqual({ hostOps: [], ipvsOps: [] });
    const sample = (await firstSample(sessions.get('director')!.agent)).services.find((s) => s.service === `ipv4|tcp|${cluster.vip}|80`)!;
    expect(sample.conns).toBe(8);
    expect(sample.packetsOut).toBeGreaterThan(0);
  });
});

/** The first stats sample of a `watch` (the nftables counters are exact at once: no refresh delay). */
async function firstSample(agent: AgentSession['agent']): Promise<StatsSample> {
  const ac = new AbortController();
  let got: StatsSample | undefined;
  const timer = setTimeout(() => ac.abort(), 10_000);
  await agent
    .watch({ intervalMs: 500 }, {
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type !== 'stats' || got) return;
        got = e;
        ac.abort();
      },
    })
    .catch(() => undefined);
  clearTimeout(timer);
  if (!got) throw new Error('no stats sample');
  return got;
}
