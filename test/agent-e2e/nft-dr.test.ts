// The agent over SSH on a DR cluster, nftables plane: real servers get the VIP on lo and ARP
// silenced, the director rewrites MACs per flow; replies reach the client straight from the real
// servers (source VIP, a real server's MAC); sh keeps each client on one real server; plan names full
// of shell metacharacters reach no shell.
import { existsSync, rmSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import type { Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';
import { labCluster } from './lab-plans';
import { clusterLab } from './session';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'nft', 'curl', 'unshare', 'nsenter');

describe.skipIf(!enabled)('agent over SSH: DR on the nftables plane', () => {
  rmSync('/tmp/pwned', { force: true });
  const cluster = labCluster({ net: 92, mode: 'dr', scheduler: 'rr', plane: 'nftables', hostileNames: true });
  const env = clusterLab(cluster);
  const sessions = env.sessions;
  let lab: Lab;
  beforeAll(() => void (lab = env.lab));
  const clientAddrs = Array.from({ length: 8 }, (_, i) => `10.92.0.${60 + i}`);

  const curl = async (url: string, from?: string): Promise<string> => {
    const r = await lab.exec('client', ['curl', '-sS', '-f', '--max-time', '3', '--noproxy', '*', ...(from ? ['--interface', from] : []), url]);
    if (r.code !== 0) throw new Error(`curl ${url} from ${from ?? 'client'}: ${r.stderr}`);
    return r.stdout.trim();
  };

  beforeAll(async () => {
    for (const a of clientAddrs) await lab.exec('client', ['ip', 'addr', 'add', `${a}/24`, 'dev', 'eth0']);
  });

  it('deploys real servers (VIP on lo, ARP silenced) then the director; rr alternates', async () => {
    const d = new Map(compilePlan(cluster.plan).hosts.map((h) => [h.hostId, h]));
    for (const rs of cluster.realServers) {
      const r = await sessions.get(rs)!.agent.apply({ desired: d.get(rs)! });
      expect(r.hostOps.map((o) => o.kind)).toContain('add-address');
      const lo = await lab.exec(rs, ['ip', '-o', 'addr', 'show', 'dev', 'lo']);
      expect(lo.stdout).toContain(`${cluster.vip}/32`);
      const arp = await lab.exec(rs, ['sysctl', '-n', 'net.ipv4.conf.all.arp_ignore', 'net.ipv4.conf.all.arp_announce']);
      expect(arp.stdout.split('\n').slice(0, 2)).toEqual(['1', '2']);
    }
    await sessions.get('director')!.agent.apply({ desired: d.get('director')! });
    const got: string[] = [];
    for (let i = 0; i < 8; i++) got.push(await curl(`http://${cluster.vip}/`));
    for (let i = 1; i < got.length; i++) expect(got[i]).not.toBe(got[i - 1]);
    expect(new Set(got)).toEqual(new Set(cluster.realServers));
  });

  it('replies come straight from the real servers: source VIP, a real server MAC, never the director MAC', async () => {
    const mac = async (h: string) => JSON.parse((await lab.exec(h, ['ip', '-j', 'link', 'show', 'eth0'])).stdout)[0].address as string;
    const dirMac = await mac('director');
    const rsMacs = await Promise.all(cluster.realServers.map(mac));
    const ruleset = [
      'table netdev e2e_watch {',
      '  counter from_director {}',
      ...rsMacs.map((_, i) => `  counter from_rs${i} {}`),
      '  chain in { type filter hook ingress device eth0 priority 0;',
      `    ip saddr ${cluster.vip} tcp sport 80 ether saddr ${dirMac} counter name from_director`,
      ...rsMacs.map((m, i) => `    ip saddr ${cluster.vip} tcp sport 80 ether saddr ${m} counter name from_rs${i}`),
      '  }',
      '}',
    ].join('\n');
    const load = await lab.exec('client', ['nft', '-f', '-'], { input: ruleset });
    expect(load.stderr).toBe('');
    for (let i = 0; i < 6; i++) await curl(`http://${cluster.vip}/`);
    const list = (await lab.exec('client', ['nft', '-j', 'list', 'counters', 'table', 'netdev', 'e2e_watch'])).stdout;
    const counters = new Map<string, number>();
    for (const item of JSON.parse(list).nftables as { counter?: { name: string; packets: number } }[]) if (item.counter) counters.set(item.counter.name, item.counter.packets);
    expect(counters.get('from_director')).toBe(0);
    for (let i = 0; i < rsMacs.length; i++) expect(counters.get(`from_rs${i}`)).toBeGreaterThan(0);
  });

  it('sh: each client address stays on one real server; clients spread over both', async () => {
    const d = structuredClone(cluster.plan);
    d.spec.services[0]!.scheduler = 'sh';
    const r = await sessions.get('director')!.agent.apply({ desired: compilePlan(d).hosts.find((h) => h.hostId === 'director')! });
    expect(r.ipvsOps.map((o) => o.kind)).toEqual(['edit-service']);
    const seen = new Map<string, Set<string>>();
    for (let round = 0; round < 3; round++) {
      for (const a of clientAddrs) {
        const s = seen.get(a) ?? new Set<string>();
        s.add(await curl(`http://${cluster.vip}/`, a));
        seen.set(a, s);
      }
    }
    for (const [a, s] of seen) expect({ a, servers: s.size }).toEqual({ a, servers: 1 });
    expect(new Set([...seen.values()].flatMap((s) => [...s])).size).toBe(2);
  });

  it('names full of $(touch /tmp/pwned) and ; never reached a shell', () => {
    expect(cluster.plan.spec.hosts[1]!.name).toContain('$(touch /tmp/pwned)');
    expect(existsSync('/tmp/pwned')).toBe(false);
  });
});
