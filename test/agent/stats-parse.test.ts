// Stats parsers on texts recorded from a real kernel (user-mode-linux 6.1, real HTTP traffic through
// a NAT service; test/agent/record-stats-fixtures.ts), and on odd input (they never throw).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseIpvsadmStats, parseLoadavg, parseMemAvailableKiB, parseNftCounters, parseProcIpVs } from '../../src-agent/stats';
import { nftServiceCounters } from '../../src-agent/stats/parse';
import { nftCounterName } from '../../src-core/render/nftables';
import type { IpvsService } from '../../src-core/ipvs/types';
import { parseIpvsConnections } from '../../src-agent/plane/ipvs';
import { execFileSync } from 'node:child_process';
import { needRoot, needTools } from '../support/tools';

const fx = (n: string): string => readFileSync(`test/fixtures/agent-stats/${n}`, 'utf8');
const HTTP = 'ipv4|tcp|10.0.0.100|80';

describe('ipvsadm -Ln --stats --exact', () => {
  it('reads every service and destination with the five counters, keyed like the IPVS table', () => {
    const s = parseIpvsadmStats(fx('ipvsadm_stats'));
    expect(s.map((x) => x.service)).toEqual([HTTP, 'ipv4|udp|10.0.0.100|53', 'ipv6|tcp|2001:db8::100|443', 'ipv4|fwmark|7']);
    expect(s[0]).toEqual({
      service: HTTP,
      counters: { conns: 9, packetsIn: 58, packetsOut: 41, bytesIn: 3672, bytesOut: 3892 },
      destinations: [
        { dest: '10.0.1.1|80', counters: { conns: 4, packetsIn: 28, packetsOut: 20, bytesIn: 1780, bytesOut: 1916 } },
        { dest: '10.0.1.2|80', counters: { conns: 5, packetsIn: 30, packetsOut: 21, bytesIn: 1892, bytesOut: 1976 } },
      ],
    });
    expect(s[1]!.counters).toMatchObject({ conns: 3, packetsIn: 3 });
    expect(s[2]!.destinations.map((d) => d.dest)).toEqual(['2001:db8::1|443', '2001:db8::1:0:0:2|8443']);
    expect(s[3]!.destinations.map((d) => d.dest)).toEqual(['10.0.1.2|0']);
    // the service counters are the sum of their destinations'
    for (const svc of s) for (const k of ['conns', 'packetsIn', 'bytesOut'] as const) expect(svc.destinations.reduce((a, d) => a + d.counters[k], 0)).toBe(svc.counters[k]);
    // 4 more requests between the two recordings: 4 more connections
    const s2 = parseIpvsadmStats(fx('ipvsadm_stats_2'));
    expect(s2[0]!.counters.conns - s[0]!.counters.conns).toBe(4);
  });

  it('the rate listing has the same shape (scaled suffixes read too)', () => {
    expect(parseIpvsadmStats(fx('ipvsadm_rate'))[0]!.service).toBe(HTTP);
    const scaled = parseIpvsadmStats('TCP  10.0.0.1:80  1K  2M  3G  4  5\n  -> 10.0.0.2:80  1 2 3 4 5\n');
    expect(scaled[0]!.counters).toEqual({ conns: 1000, packetsIn: 2e6, packetsOut: 3e9, bytesIn: 4, bytesOut: 5 });
  });
});

describe('/proc/net/ip_vs', () => {
  it('gives ActiveConn/InActConn per destination with hex addresses decoded (IPv4, IPv6, fwmark)', () => {
    const m = parseProcIpVs(fx('proc_ip_vs'));
    expect(m.get(`${HTTP}#10.0.1.2|80`)).toEqual({ active: 1, inactive: 4 });
    expect(m.get(`${HTTP}#10.0.1.1|80`)).toEqual({ active: 0, inactive: 4 });
    expect(m.get('ipv4|udp|10.0.0.100|53#10.0.1.1|53')).toEqual({ active: 0, inactive: 3 });
    expect(m.get('ipv6|tcp|2001:db8::100|443#2001:db8::1:0:0:2|8443')).toEqual({ active: 0, inactive: 0 });
    expect(m.get('ipv4|fwmark|7#10.0.1.2|0')).toEqual({ active: 0, inactive: 0 });
    expect(m.size).toBe(6);
  });

  it('agrees with ipvsadm -Ln (the ipvs plane parser) on every destination', () => {
    const proc = parseProcIpVs(fx('proc_ip_vs'));
    const list = parseIpvsConnections(fx('ipvsadm_list'));
    const sum = new Map([...proc].map(([k, v]) => [k, v.active + v.inactive]));
    // the plane's parser normalises IPv6 its own way; compare the IPv4 entries exactly and the count
    for (const [k, v] of list) if (!k.startsWith('ipv6')) expect(sum.get(k)).toBe(v);
    expect(sum.size).toBe(list.size);
  });
});

describe('the lab director\'s recordings (test/fixtures/ipvs-proc, traffic from a client namespace)', () => {
  const lab = (d: string, f: string): string => readFileSync(`test/fixtures/ipvs-proc/${d}/${f}`, 'utf8');
  it.each([
    ['nat', { 'ipv4|tcp|10.83.1.100|80': 30, 'ipv4|tcp|10.83.1.101|80': 40, 'ipv4|tcp|10.83.1.102|80': 36 }],
    ['dr', { 'ipv4|tcp|10.84.0.100|80': 20 }],
  ] as const)('%s: the requests made are the connections counted, and both sources name the same destinations', (dir, want) => {
    const stats = parseIpvsadmStats(lab(dir, 'ipvsadm-Ln-stats-exact.txt'));
    expect(Object.fromEntries(stats.map((s) => [s.service, s.counters.conns]))).toEqual(want);
    const proc = parseProcIpVs(lab(dir, 'ip_vs.txt'));
    const keys = stats.flatMap((s) => s.destinations.map((d) => `${s.service}#${d.dest}`)).sort();
    expect([...proc.keys()].sort()).toEqual(keys);
    // every finished request is an inactive connection on the destination that served it
    for (const s of stats) for (const d of s.destinations) expect(proc.get(`${s.service}#${d.dest}`)!.inactive).toBe(d.counters.conns);
    if (dir === 'dr') expect(stats[0]!.counters.packetsOut).toBe(0); // replies bypass the director
  });
});

describe('odd input never throws', () => {
  const junk = ['', '\n\n', 'garbage', 'TCP', 'TCP  x:y 1 2 3 4 5', '  -> 1.2.3.4:80 1 2 3 4 5', 'FWM  zz\n  -> [::1]:0 Route 1 2 3', 'UDP  0A000064:FFFFFF rr\n  -> 0A:0 Masq', '\u0000\u00ff', 'TCP  10.0.0.1:80 -1 2 3 4 5'];
  it.each(junk)('%j', (t) => {
    expect(() => parseIpvsadmStats(t)).not.toThrow();
    expect(() => parseProcIpVs(t)).not.toThrow();
    expect(() => parseNftCounters(t)).not.toThrow();
    expect(parseIpvsadmStats(t).every((s) => s.destinations.every((d) => Number.isFinite(d.counters.conns)))).toBe(true);
  });
  it('also with non-string input from a broken runner', () => {
    expect(parseIpvsadmStats(undefined as unknown as string)).toEqual([]);
    expect(parseProcIpVs(null as unknown as string).size).toBe(0);
    expect(parseLoadavg(undefined as unknown as string)).toEqual({ load1: 0, load5: 0, load15: 0 });
  });
});

describe('host files and nft counters', () => {
  it('reads this machine\'s /proc/loadavg and /proc/meminfo', () => {
    const l = parseLoadavg(readFileSync('/proc/loadavg', 'utf8'));
    expect(l.load1).toBeGreaterThanOrEqual(0);
    expect(parseMemAvailableKiB(readFileSync('/proc/meminfo', 'utf8'))).toBeGreaterThan(1000);
  });
  it('named counters from nft -j: only those of our two tables', () => {
    const j = JSON.stringify({
      nftables: [
        { metainfo: { version: '1.0.6' } },
        { counter: { family: 'inet', name: 'n_0', table: 'lvs_studio', handle: 1, packets: 12, bytes: 3400 } },
        { counter: { family: 'netdev', name: 'i_1', table: 'lvs_studio_dr', handle: 2, packets: 5, bytes: 100 } },
        { counter: { family: 'inet', name: 'n_9', table: 'someone_else', handle: 1, packets: 1, bytes: 1 } },
      ],
    });
    expect([...parseNftCounters(j)]).toEqual([
      ['n_0', { packets: 12, bytes: 3400 }],
      ['i_1', { packets: 5, bytes: 100 }],
    ]);
  });

  it.skipIf(!(needTools('nft', 'ip') && needRoot()))('named counters as the real nft -j prints them (in a namespace of its own)', () => {
    const ns = `lvs_stats_t${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      const nft = (args: string[], input?: string) => execFileSync('ip', ['netns', 'exec', ns, 'nft', ...args], { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
      nft(['-f', '-'], 'table inet lvs_studio {\n counter n_a { packets 7 bytes 700 }\n counter i_a { }\n}\ntable netdev lvs_studio_dr {\n counter i_b { packets 2 bytes 20 }\n}\ntable inet other {\n counter n_z { packets 1 bytes 1 }\n}\n');
      expect([...parseNftCounters(nft(['-j', 'list', 'counters']))].sort()).toEqual([
        ['i_a', { packets: 0, bytes: 0 }],
        ['i_b', { packets: 2, bytes: 20 }],
        ['n_a', { packets: 7, bytes: 700 }],
      ]);
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  });

  it('nft counters to per-service and per-destination stats: by service and real server, not by position; missing counters read 0', () => {
    const d = (address: string) => ({ address, family: 'ipv4' as const, port: 80, forward: 'route' as const, weight: 1, upperThreshold: 0, lowerThreshold: 0 });
    const svc: IpvsService = { protocol: 'tcp', family: 'ipv4', address: '10.0.0.1', port: 80, scheduler: 'rr', onePacket: false, flags: [], destinations: [d('10.0.1.1'), d('10.0.1.2')] };
    const c = new Map([
      [nftCounterName('n', svc), { packets: 3, bytes: 180 }],
      [nftCounterName('i', svc), { packets: 30, bytes: 3000 }],
      [nftCounterName('n', svc, svc.destinations[1]!), { packets: 3, bytes: 180 }],
      [nftCounterName('i', svc, svc.destinations[1]!), { packets: 30, bytes: 3000 }],
    ]);
    // the real servers listed the other way round: the counters follow them
    const [s] = nftServiceCounters({ services: [{ ...svc, destinations: [...svc.destinations].reverse() }] }, c);
    expect(s).toEqual({
      service: 'ipv4|tcp|10.0.0.1|80',
      counters: { conns: 3, packetsIn: 30, packetsOut: 0, bytesIn: 3000, bytesOut: 0 },
      destinations: [
        { dest: '10.0.1.2|80', counters: { conns: 3, packetsIn: 30, packetsOut: 0, bytesIn: 3000, bytesOut: 0 } },
        { dest: '10.0.1.1|80', counters: { conns: 0, packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0 } },
      ],
    });
  });
});
