// The nftables renderer: golden transactions, refusals, and the real `nft` as validator: many
// seeded tables (schedulers, weights, persistence, families, NAT/FULLNAT/DR, fwmark) are checked
// with `nft -c -f`, loaded, read back with `nft -j list`, and replaced in place.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpvsDestination, IpvsService, IpvsTable } from '../../src-core/ipvs/types';
import {
  nftCounterName,
  emptyNftContext,
  fromBase64url,
  base64url,
  nftServiceKey,
  NftRenderError,
  readNftListing,
  renderNftTransaction,
  type NftRenderContext,
} from '../../src-core/render/nftables';
import { mulberry32, type Rng } from '../support/prng';
import { needRoot, needTools } from '../support/tools';

const dest = (address: string, weight: number, forward: IpvsDestination['forward'] = 'masq', port = 80): IpvsDestination => ({
  address,
  family: address.includes(':') ? 'ipv6' : 'ipv4',
  port,
  forward,
  weight,
  upperThreshold: 0,
  lowerThreshold: 0,
});

const svc = (address: string, scheduler: string, destinations: IpvsDestination[], extra: Partial<IpvsService> = {}): IpvsService => ({
  protocol: 'tcp',
  family: address.includes(':') ? 'ipv6' : 'ipv4',
  address,
  port: 80,
  scheduler,
  onePacket: false,
  flags: [],
  destinations,
  ...extra,
});

function drContext(): NftRenderContext {
  const ctx = emptyNftContext();
  ctx.vipDevice = { '10.0.0.101': 'eth0', '2001:db8::101': 'eth0' };
  ctx.deviceMac = { eth1: '02:00:00:00:01:10' };
  for (let i = 1; i <= 9; i++) {
    ctx.neighbours[`10.0.1.2${i}`] = { mac: `02:00:00:00:01:2${i}`, dev: 'eth1' };
    ctx.neighbours[`2001:db8:1::2${i}`] = { mac: `02:00:00:00:06:2${i}`, dev: 'eth1' };
  }
  return ctx;
}

describe('renderNftTransaction', () => {
  it('NAT wrr 3:1: numgen over weighted slots, per flow in the nat chain, the logical table in the state set', () => {
    const table: IpvsTable = { services: [svc('10.0.0.100', 'wrr', [dest('10.0.1.21', 3), dest('10.0.1.22', 1, 'masq', 8080)])] };
    const text = renderNftTransaction(table, emptyNftContext());
    const lines = text.trim().split('\n');
    const S = '[0-9a-f]{12}';
    const counters = ['n', 'i', 'o'].flatMap((k) => [k, `${k}_1`, `${k}_2`]);
    expect(lines.slice(0, 24)).toEqual([
      'table inet lvs_studio {',
      '  set state { type mark; }',
      '  chain nat_pre { type nat hook prerouting priority dstnat; policy accept; }',
      '  chain nat_post { type nat hook postrouting priority srcnat; policy accept; }',
      ...counters.map((c) => expect.stringMatching(new RegExp(`^  counter ${c[0]}_${S}${c.length > 1 ? '_[0-9a-f]{8}' : ''} \\{\\}$`))),
      '  chain stats { type filter hook prerouting priority dstnat + 10; policy accept; }',
      expect.stringMatching(/^ {2}chain v_[0-9a-f]{8} \{\}$/),
      '}',
      'flush table inet lvs_studio',
      'flush set inet lvs_studio state',
      expect.stringMatching(/^add element inet lvs_studio state \{ 0 comment "[A-Za-z0-9_-]{100}", 1 comment /),
      expect.stringMatching(
        /^add rule inet lvs_studio nat_pre ip daddr 10\.0\.0\.100 meta l4proto tcp th dport 80 dnat ip to numgen inc mod 4 map \{ 0-2 : 10\.0\.1\.21 \. 80, 3 : 10\.0\.1\.22 \. 8080 \} comment "lvs-studio [0-9a-f]{16}"$/,
      ),
      expect.stringMatching(/^add rule inet lvs_studio stats ct status dnat ct original ip daddr vmap \{ 10\.0\.0\.100 : jump v_[0-9a-f]{8} \}$/),
      // per connection on its first packet; per direction; the real server read from the packet
      expect.stringMatching(new RegExp(`^add rule inet lvs_studio v_\\w+ meta l4proto tcp ct original proto-dst 80 ct status & confirmed == 0 ct direction original counter name "n_${S}" counter name ip daddr \\. th dport map \\{ 10\\.0\\.1\\.21 \\. 80 : "n_${S}_[0-9a-f]{8}", 10\\.0\\.1\\.22 \\. 8080 : "n_${S}_[0-9a-f]{8}" \\}$`)),
      expect.stringMatching(/^add rule inet lvs_studio v_\w+ meta l4proto tcp ct original proto-dst 80 ct direction original counter name "i_\w+" counter name ip daddr \. th dport map \{ .* \} return$/),
      expect.stringMatching(/^add rule inet lvs_studio v_\w+ meta l4proto tcp ct original proto-dst 80 ct direction reply counter name "o_\w+" counter name ip saddr \. th sport map \{ 10\.0\.1\.21 \. 80 : "o_\w+", 10\.0\.1\.22 \. 8080 : "o_\w+" \} return$/),
    ]);
    expect(lines.slice(24)).toEqual(['table netdev lvs_studio_dr {}', 'delete table netdev lvs_studio_dr']);
  });

  it('counters: named from the service and real server (not their place in the table); those of a removed real server are deleted', () => {
    const two = svc('10.0.0.100', 'rr', [dest('10.0.1.21', 1), dest('10.0.1.22', 1)]);
    const one = svc('10.0.0.100', 'rr', [dest('10.0.1.22', 4)]);
    const gone = nftCounterName('n', two, two.destinations[0]!);
    const kept = nftCounterName('n', two, two.destinations[1]!);
    expect(kept).toBe(nftCounterName('n', one, one.destinations[0]!));
    expect(gone).toMatch(/^n_[0-9a-f]{12}_[0-9a-f]{8}$/);
    const text = renderNftTransaction({ services: [one] }, emptyNftContext(), [{ services: [two] }]);
    expect(text).toContain(`  counter ${kept} {}`);
    expect(text).not.toContain(`  counter ${gone} {}`);
    for (const k of ['n', 'i', 'o'] as const) {
      const name = nftCounterName(k, two, two.destinations[0]!);
      expect(text).toContain(`add counter inet lvs_studio ${name}\ndelete counter inet lvs_studio ${name}\n`);
    }
    expect(text).not.toContain(`delete counter inet lvs_studio ${kept}`);
  });

  it('rr ignores weights, weight 0 gets no slot, all weights 0 drops new flows', () => {
    const text = renderNftTransaction(
      { services: [svc('10.0.0.100', 'rr', [dest('10.0.1.21', 5), dest('10.0.1.22', 0), dest('10.0.1.23', 1)]), svc('10.0.0.102', 'rr', [dest('10.0.1.21', 0)])] },
      emptyNftContext(),
    );
    expect(text).toContain('numgen inc mod 2 map { 0 : 10.0.1.21 . 80, 1 : 10.0.1.23 . 80 }');
    expect(text).toMatch(/ip daddr 10\.0\.0\.102 meta l4proto tcp th dport 80 drop comment/);
  });

  it('FULLNAT adds the snat to the LIP; sh hashes the client (and port with sh-port); persistence keeps ids in a timed map', () => {
    const s = svc('10.0.0.100', 'sh', [dest('10.0.1.21', 1), dest('10.0.1.22', 2)], { flags: ['sh-port'], persistence: 300, netmask: '255.255.255.0' });
    const ctx = emptyNftContext();
    ctx.fullnatLip[nftServiceKey(s)] = '10.0.1.10';
    const text = renderNftTransaction({ services: [s] }, ctx);
    expect(text).toMatch(/map p_[0-9a-f]{12} \{ type ipv4_addr : mark; flags timeout; size 262144; \}/);
    expect(text).toMatch(/ct mark set ip saddr and 255\.255\.255\.0 map @p_\w+ ct mark \{ 0x\w+, 0x\w+ \} update @p_\w+ \{ ip saddr and 255\.255\.255\.0 timeout 300s : ct mark \} dnat ip to ct mark map/);
    expect(text).toMatch(/ct mark set jhash ip saddr \. th sport mod 3 seed 0x\w+ map \{ 0 : 0x\w+, 1-2 : 0x\w+ \}/);
    expect(text).toContain('add rule inet lvs_studio nat_post meta l4proto tcp ct original ip daddr 10.0.0.100 ct original proto-dst 80 snat ip to 10.0.1.10');
  });

  it('DR: netdev ingress on the VIP device, flows pinned in a timed map, MACs rewritten, fwd to the real servers\' interface', () => {
    const text = renderNftTransaction({ services: [svc('10.0.0.101', 'rr', [dest('10.0.1.21', 1, 'route'), dest('10.0.1.22', 1, 'route')])] }, drContext());
    expect(text).toMatch(/chain in_eth0_[0-9a-f]{4} \{ type filter hook ingress device "eth0" priority -500; policy accept; \}/);
    expect(text).toMatch(/map f_\w+ \{ type inet_service \. ipv4_addr : ether_addr; flags timeout; size 262144; \}/);
    expect(text).toMatch(/ether daddr set th sport \. ip saddr map @f_\w+ update @f_\w+ \{ th sport \. ip saddr timeout 900s : ether daddr \} counter name "i_\w+" counter name ether daddr map \{ 02:00:00:00:01:21 : "i_\w+", 02:00:00:00:01:22 : "i_\w+" \} ether saddr set 02:00:00:00:01:10 fwd to "eth1" comment/);
    expect(text).toMatch(/ether daddr set numgen inc mod 2 map \{ 0 : 02:00:00:00:01:21, 1 : 02:00:00:00:01:22 \} update @f_\w+ .* fwd to "eth1"$/m);
    expect(text).not.toMatch(/flush map|delete table netdev/);
  });

  it('refuses what the plane cannot do, naming each problem', () => {
    const bad: IpvsTable = {
      services: [
        svc('10.0.0.100', 'wlc', [dest('10.0.1.21', 1)]),
        svc('10.0.0.101', 'rr', [dest('10.0.1.21', 1, 'tunnel'), { ...dest('10.0.1.22', 1), upperThreshold: 5 }, dest('10.0.1.23', 1, 'route')], { onePacket: true, pe: 'sip', flags: ['mh-port'] }),
        svc('10.0.0.102', 'rr', [dest('10.0.1.99', 1, 'route')]),
      ],
    };
    try {
      renderNftTransaction(bad, drContext());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NftRenderError);
      const p = (e as NftRenderError).problems.join('\n');
      for (const what of ['scheduler wlc', 'forward tunnel', 'mixed-forward', 'one-packet', 'pe sip', 'flag mh-port', 'threshold 10.0.1.22', 'no director interface known for VIP 10.0.0.102', 'no MAC address known for real server 10.0.1.99']) {
        expect(p).toContain(what);
      }
    }
  });

  it('an empty table deletes both of our tables', () => {
    expect(renderNftTransaction({ services: [] }, emptyNftContext())).toBe(
      'table inet lvs_studio {}\ndelete table inet lvs_studio\ntable netdev lvs_studio_dr {}\ndelete table netdev lvs_studio_dr\n',
    );
  });

  it('base64url round-trips any text', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 200; i++) {
      const t = Array.from({ length: Math.floor(rng() * 40) }, () => String.fromCodePoint(Math.floor(rng() * 0x2fff))).join('');
      expect(fromBase64url(base64url(t))).toBe(t);
    }
  });
});

// --- the real nft ---

const enabled = needRoot() && needTools('nft', 'ip');
const NS = `h3nft${process.pid}`;
const nsRun = (argv: string[], input?: string) =>
  spawnSync('ip', ['netns', 'exec', NS, ...argv], { input, encoding: 'utf8', maxBuffer: 256 << 20 });

function randomTable(rng: Rng, n: number): { table: IpvsTable; ctx: NftRenderContext } {
  const ctx = drContext();
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rng() * a.length)]!;
  const services: IpvsService[] = [];
  for (let i = 0; i < n; i++) {
    const v6 = rng() < 0.3;
    const mode = pick(['nat', 'fullnat', 'dr'] as const);
    const scheduler = pick(['rr', 'wrr', 'sh', 'dh', 'fo']);
    const fwmark = mode !== 'dr' && rng() < 0.2;
    const vip = v6 ? `2001:db8::${(i + 1).toString(16)}` : `10.0.${100 + Math.floor(i / 200)}.${(i % 200) + 1}`;
    const count = 1 + Math.floor(rng() * 6);
    const destinations = Array.from({ length: count }, (_, k) => {
      const addr = v6 ? `2001:db8:1::2${k + 1}` : `10.0.1.2${k + 1}`;
      const weight = pick([0, 1, 1, 3, 100, 65535]);
      return dest(addr, weight, mode === 'dr' ? 'route' : 'masq', mode === 'dr' ? 80 : pick([80, 8080]));
    });
    const s: IpvsService = fwmark
      ? { protocol: 'fwmark', family: v6 ? 'ipv6' : 'ipv4', fwmark: i + 1, scheduler, onePacket: false, flags: [], destinations: destinations.map((d) => ({ ...d, port: 0 })) }
      : svc(vip, scheduler, destinations, { protocol: pick(['tcp', 'udp', 'sctp'] as const) });
    if (scheduler === 'sh' && rng() < 0.5) s.flags = ['sh-port'];
    if (rng() < 0.3) {
      s.persistence = pick([60, 360, 86400]);
      if (rng() < 0.5) s.netmask = v6 ? '64' : '255.255.255.0';
    }
    if (mode === 'dr') ctx.vipDevice[vip] = 'eth0';
    if (fwmark) ctx.fwmarkMatch[i + 1] = [{ family: s.family, vip, protocol: 'tcp', ports: rng() < 0.5 ? [80] : [80, 443] }];
    if (mode === 'fullnat') ctx.fullnatLip[nftServiceKey(s)] = v6 ? '2001:db8:1::10' : '10.0.1.10';
    services.push(s);
  }
  return { table: { services }, ctx };
}

describe.skipIf(!enabled)('the real nft takes every rendered table', () => {
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', NS]);
    execFileSync('ip', ['-n', NS, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth1']);
    for (const d of ['eth0', 'eth1']) execFileSync('ip', ['-n', NS, 'link', 'set', d, 'up']);
  });
  afterAll(() => {
    spawnSync('ip', ['netns', 'del', NS]);
  });

  it('nft -c accepts 60 seeded tables; each loads, reads back as loaded, and replaces the previous one in place', () => {
    const rng = mulberry32(0x4e4654);
    for (let round = 0; round < 60; round++) {
      const { table, ctx } = randomTable(rng, 1 + Math.floor(rng() * 12));
      const text = renderNftTransaction(table, ctx);
      const check = nsRun(['nft', '-c', '-f', '-'], text);
      expect(check.stderr, `round ${round}:\n${text}`).toBe('');
      expect(check.status).toBe(0);
      const load = nsRun(['nft', '-f', '-'], text);
      expect(load.stderr, `round ${round}`).toBe('');
      const inet = JSON.parse(nsRun(['nft', '-j', 'list', 'table', 'inet', 'lvs_studio']).stdout) as unknown;
      const dr = nsRun(['nft', '-j', 'list', 'table', 'netdev', 'lvs_studio_dr']);
      const back = readNftListing(inet, dr.status === 0 ? (JSON.parse(dr.stdout) as unknown) : undefined);
      expect(back.drift).toEqual([]);
      expect(back.table).toEqual(table);
    }
  });

  it('a hand-changed rule is drift: its service is left out of what is read back', () => {
    const table: IpvsTable = { services: [svc('10.0.0.100', 'rr', [dest('10.0.1.21', 1)]), svc('10.0.0.101', 'rr', [dest('10.0.1.21', 1, 'route')])] };
    expect(nsRun(['nft', '-f', '-'], renderNftTransaction(table, drContext())).status).toBe(0);
    const listed = nsRun(['nft', '-a', 'list', 'chain', 'inet', 'lvs_studio', 'nat_pre']).stdout;
    const handle = /comment "lvs-studio \w+" # handle (\d+)/.exec(listed)![1]!;
    expect(nsRun(['nft', 'delete', 'rule', 'inet', 'lvs_studio', 'nat_pre', 'handle', handle]).status).toBe(0);
    const inet = JSON.parse(nsRun(['nft', '-j', 'list', 'table', 'inet', 'lvs_studio']).stdout) as unknown;
    const dr = JSON.parse(nsRun(['nft', '-j', 'list', 'table', 'netdev', 'lvs_studio_dr']).stdout) as unknown;
    const back = readNftListing(inet, dr);
    expect(back.stored).toEqual(table);
    expect(back.table.services.map((s) => s.address)).toEqual(['10.0.0.101']);
    expect(back.drift).toHaveLength(1);
  });

  it('the DR flow map survives a reload (a weight change keeps pinned flows); an empty table removes everything', () => {
    const table: IpvsTable = { services: [svc('10.0.0.101', 'wrr', [dest('10.0.1.21', 1, 'route'), dest('10.0.1.22', 1, 'route')])] };
    expect(nsRun(['nft', '-f', '-'], renderNftTransaction(table, drContext())).status).toBe(0);
    const fmap = /map (f_\w+)/.exec(nsRun(['nft', 'list', 'table', 'netdev', 'lvs_studio_dr']).stdout)![1]!;
    expect(nsRun(['nft', 'add', 'element', 'netdev', 'lvs_studio_dr', fmap, '{ 4242 . 10.9.9.9 timeout 900s : 02:00:00:00:01:21 }']).status).toBe(0);
    table.services[0]!.destinations[0]!.weight = 5;
    expect(nsRun(['nft', '-f', '-'], renderNftTransaction(table, drContext())).stderr).toBe('');
    expect(nsRun(['nft', 'list', 'map', 'netdev', 'lvs_studio_dr', fmap]).stdout).toContain('4242 . 10.9.9.9');
    expect(nsRun(['nft', 'list', 'table', 'netdev', 'lvs_studio_dr']).stdout).toContain('numgen inc mod 6');
    expect(nsRun(['nft', '-f', '-'], renderNftTransaction({ services: [] }, drContext())).status).toBe(0);
    expect(nsRun(['nft', 'list', 'tables']).stdout).toBe('');
  });
});
