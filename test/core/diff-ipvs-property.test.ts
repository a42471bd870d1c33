// Property tests of diffIpvs / renderIpvsOps / invertIpvsOps over thousands of seeded random table
// pairs. The ops are checked against the ipvsadm + kernel emulation (applyIpvsadmRules), which
// matches the real kernel byte for byte, so an op the kernel would reject or misread fails here.
import { describe, expect, it } from 'vitest';
import type { IpvsDestination, IpvsFamily, IpvsService, IpvsTable } from '../../src-core/ipvs/types';
import { applyIpvsadmRules, parseIpvsadmRules } from '../../src-core/ipvs/parse-rules';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import { destId, diffIpvs, invertIpvsOps, renderIpvsOps, serviceId, type IpvsOp } from '../../src-core/diff';
import { mulberry32, type Rng } from '../support/prng';

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

// Small pools so actual and desired share identities; 10.x vs 192.168.x are > 2^31 apart (the
// kernel comparator wraps there).
const VIPS: Record<IpvsFamily, string[]> = { ipv4: ['10.0.0.1', '10.0.0.2', '200.1.1.1'], ipv6: ['2001:db8::1', 'fd00::5'] };
const RIPS: Record<IpvsFamily, string[]> = { ipv4: ['192.168.1.1', '192.168.1.2', '10.1.1.1', '172.16.0.5'], ipv6: ['2001:db8::10', '2001:db8::11', 'fd00::a'] };

function randomDest(r: Rng, svc: IpvsService): IpvsDestination {
  const forward = pick(r, ['masq', 'route', 'tunnel'] as const);
  const family = forward === 'tunnel' && r() < 0.2 ? (svc.family === 'ipv4' ? 'ipv6' : 'ipv4') : svc.family;
  const upper = r() < 0.6 ? 0 : int(r, 1, 5000);
  const d: IpvsDestination = {
    address: pick(r, RIPS[family]),
    family,
    port: forward === 'masq' || svc.protocol === 'fwmark' ? pick(r, [80, 8080, 443]) : svc.port ?? 0,
    forward,
    weight: r() < 0.1 ? 0 : int(r, 1, r() < 0.1 ? 2147483647 : 10),
    upperThreshold: upper,
    lowerThreshold: upper === 0 ? 0 : int(r, 0, upper),
  };
  if (forward === 'tunnel') {
    d.tunType = pick(r, ['ipip', 'gue', 'gre'] as const);
    if (d.tunType === 'gue') d.tunPort = int(r, 1, 65535);
    if (d.tunType === 'gue') d.tunCsum = pick(r, ['nocsum', 'csum', 'remcsum'] as const);
    if (d.tunType === 'gre') d.tunCsum = pick(r, ['nocsum', 'csum'] as const);
  }
  return d;
}

function randomServiceState(r: Rng, s: IpvsService): void {
  s.scheduler = pick(r, ['rr', 'wrr', 'wlc', 'lc', 'sh', 'mh']);
  s.flags = s.scheduler === 'sh' || s.scheduler === 'mh' ? [`${s.scheduler}-fallback`, `${s.scheduler}-port`].filter(() => r() < 0.5) : [];
  delete s.persistence;
  delete s.netmask;
  delete s.pe;
  if (r() < 0.4) {
    s.persistence = int(r, 1, 3600);
    if (r() < 0.4) s.netmask = s.family === 'ipv4' ? pick(r, ['255.255.255.0', '255.255.0.0']) : pick(r, ['64', '96']);
    if (r() < 0.2) s.pe = 'sip';
  }
  s.onePacket = (s.protocol === 'udp' || s.protocol === 'fwmark') && r() < 0.3;
}

function randomService(r: Rng): IpvsService {
  const family: IpvsFamily = r() < 0.7 ? 'ipv4' : 'ipv6';
  const protocol = pick(r, ['tcp', 'udp', 'sctp', 'fwmark'] as const);
  const s: IpvsService = { protocol, family, scheduler: 'wlc', onePacket: false, flags: [], destinations: [] };
  if (protocol === 'fwmark') s.fwmark = pick(r, [1, 7, 100000]);
  else {
    s.address = pick(r, VIPS[family]);
    s.port = pick(r, [80, 443]);
  }
  randomServiceState(r, s);
  const n = int(r, 0, 4);
  for (let i = 0; i < n; i++) s.destinations.push(randomDest(r, s));
  return s;
}

/** Through the ipvsadm emulation, so the table is normalised as the kernel holds it (duplicates dropped). */
function kernelTable(raw: IpvsTable): IpvsTable {
  const res = parseIpvsadmRules(renderIpvsadmSave(raw, { thresholds: true }), 'gen');
  const bad = res.diagnostics.filter((d) => d.code !== 'ipvsadm.kernel.dest-exists' && d.code !== 'ipvsadm.kernel.service-exists');
  expect(bad.map((d) => `${d.code} ${d.message.en}`)).toEqual([]);
  return res.table;
}

function randomTable(r: Rng): IpvsTable {
  const services: IpvsService[] = [];
  const n = int(r, 0, 6);
  for (let i = 0; i < n; i++) services.push(randomService(r));
  return kernelTable({ services });
}

function mutate(r: Rng, t: IpvsTable): IpvsTable {
  const out: IpvsService[] = [];
  for (const s0 of t.services) {
    if (r() < 0.15) continue;
    const s = structuredClone(s0);
    if (r() < 0.2) randomServiceState(r, s);
    s.destinations = s.destinations.flatMap((d) => {
      const x = r();
      if (x < 0.15) return [];
      if (x < 0.25) return [{ ...d, weight: int(r, 0, 20) }];
      if (x < 0.35) return [randomDest(r, s)];
      if (x < 0.4) return [{ ...d, upperThreshold: 100, lowerThreshold: 10 }];
      return [d];
    });
    if (r() < 0.3) s.destinations.push(randomDest(r, s));
    out.push(s);
  }
  if (r() < 0.4) out.push(randomService(r));
  return kernelTable({ services: out });
}

/** Order-free canonical form (the kernel's sort is not transitive, so compare by identity). */
function canon(t: IpvsTable): string {
  const svcs = t.services
    .map((s) => ({ ...s, flags: [...s.flags].sort(), destinations: [...s.destinations].sort((a, b) => destId(a).localeCompare(destId(b))) }))
    .sort((a, b) => serviceId(a).localeCompare(serviceId(b)));
  return JSON.stringify(svcs);
}

function run(start: IpvsTable, argv: string[][]): IpvsTable {
  const res = applyIpvsadmRules(start, argv.map((a) => a.join(' ')).join('\n'), 'ops');
  expect(res.diagnostics.map((d) => `${d.location?.line}: ${d.message.en}`)).toEqual([]);
  return res.table;
}

/** Each drain is followed by its delete (the agent deletes a drained destination later). */
function withDrainsDeleted(ops: IpvsOp[]): IpvsOp[] {
  return ops.flatMap((op): IpvsOp[] =>
    op.kind === 'drain-dest' ? [op, { kind: 'delete-dest', service: op.service, dest: { family: op.dest.family, address: op.dest.address, port: op.dest.port } }] : [op],
  );
}

function pairs(count: number, seed: number, f: (actual: IpvsTable, desired: IpvsTable, r: Rng, i: number) => void): void {
  const r = mulberry32(seed);
  for (let i = 0; i < count; i++) {
    const actual = randomTable(r);
    const desired = r() < 0.75 ? mutate(r, actual) : randomTable(r);
    try {
      f(actual, desired, r, i);
    } catch (e) {
      throw new Error(`seed ${seed} pair ${i}\nactual:\n${renderIpvsadmSave(actual, { thresholds: true })}desired:\n${renderIpvsadmSave(desired, { thresholds: true })}${String(e)}`);
    }
  }
}

describe('diffIpvs properties (seeded)', () => {
  it('applying the ops to actual with the kernel emulation gives desired', () => {
    let nonEmpty = 0;
    const seen = new Map<string, number>();
    const tally = (k: string): void => void seen.set(k, (seen.get(k) ?? 0) + 1);
    pairs(3000, 1, (actual, desired) => {
      const ops = diffIpvs(actual, desired);
      if (ops.length > 0) nonEmpty++;
      for (const op of ops) tally(op.kind);
      expect(diffIpvs(actual, desired)).toEqual(ops);
      for (const argv of renderIpvsOps(ops)) {
        expect(argv.every((a) => a.length > 0 && !/\s/.test(a))).toBe(true);
        const line = argv.join(' ');
        for (const k of ['-6', '--sctp-service', '--tun-type gue', '--tun-type gre', '--tun-type ipip', '--tun-remcsum', '-x', '-M', '--pe', '-o', '-b', '-m', '-g']) if (argv.includes(k) || line.includes(k)) tally(k);
      }
      expect(canon(run(actual, renderIpvsOps(withDrainsDeleted(ops))))).toBe(canon(desired));
    });
    expect(nonEmpty).toBeGreaterThan(2500);
    // every op kind and every option form was exercised
    for (const k of ['add-service', 'edit-service', 'delete-service', 'add-dest', 'edit-dest', 'delete-dest', 'drain-dest', '-6', '--sctp-service', '--tun-type gue', '--tun-type gre', '--tun-type ipip', '--tun-remcsum', '-x', '-M', '--pe', '-o', '-b', '-m', '-g']) {
      expect(seen.get(k) ?? 0, k).toBeGreaterThan(20);
    }
  });

  it('diff(desired, desired) is empty, also when the lists come in another order', () => {
    pairs(1500, 2, (_actual, desired) => {
      expect(diffIpvs(desired, desired)).toEqual([]);
      const shuffled: IpvsTable = { services: [...desired.services].reverse().map((s) => ({ ...s, destinations: [...s.destinations].reverse() })) };
      expect(diffIpvs(shuffled, desired)).toEqual([]);
    });
  });

  it('the inverse of all ops, or of any prefix of them, restores actual', () => {
    pairs(2000, 3, (actual, desired, r) => {
      const ops = diffIpvs(actual, desired, { drainedDestinations: [] });
      const after = run(actual, renderIpvsOps(ops));
      expect(canon(run(after, renderIpvsOps(invertIpvsOps(actual, ops))))).toBe(canon(actual));
      const k = int(r, 0, ops.length);
      const half = run(actual, renderIpvsOps(ops.slice(0, k)));
      expect(canon(run(half, renderIpvsOps(invertIpvsOps(actual, ops.slice(0, k)))))).toBe(canon(actual));
    });
  });

  it('never deletes a service that stays, never flushes, adds a service before its destinations, deletes services last', () => {
    pairs(2000, 4, (actual, desired) => {
      const ops = diffIpvs(actual, desired);
      const kept = new Set(desired.services.map(serviceId));
      const added = new Set<string>();
      let deleting = false;
      for (const op of ops) {
        if (op.kind === 'delete-service') {
          expect(kept.has(serviceId(op.service))).toBe(false);
          deleting = true;
        } else expect(deleting).toBe(false);
        if (op.kind === 'add-service') added.add(serviceId(op.service));
        if (op.kind === 'add-dest' && !actual.services.some((s) => serviceId(s) === serviceId(op.service))) {
          expect(added.has(serviceId(op.service))).toBe(true);
        }
      }
      for (const argv of renderIpvsOps(ops)) expect(argv[0]).not.toBe('-C');
    });
  });

  it('a single weight change gives exactly one edit-dest op', () => {
    pairs(1500, 5, (actual, _d, r) => {
      const withDests = actual.services.filter((s) => s.destinations.length > 0);
      if (withDests.length === 0) return;
      const desired = structuredClone(actual);
      const s = desired.services[actual.services.indexOf(pick(r, withDests))]!;
      const d = pick(r, s.destinations);
      d.weight = d.weight === 5 ? 6 : 5;
      const ops = diffIpvs(actual, desired);
      expect(ops).toEqual([{ kind: 'edit-dest', service: expect.objectContaining({ protocol: s.protocol }), dest: d }]);
      expect(renderIpvsOps(ops)[0]![0]).toBe('-e');
    });
  });

  it('a removed TCP/SCTP/fwmark destination is drained unless its connections are gone; a UDP one is deleted at once', () => {
    let drains = 0;
    let udp = 0;
    pairs(1500, 6, (actual, _d, r) => {
      const withDests = actual.services.filter((s) => s.destinations.length > 0);
      if (withDests.length === 0) return;
      const desired = structuredClone(actual);
      const idx = actual.services.indexOf(pick(r, withDests));
      const s = desired.services[idx]!;
      const [gone] = s.destinations.splice(int(r, 0, s.destinations.length - 1), 1);
      const ops = diffIpvs(actual, desired);
      expect(ops).toHaveLength(1);
      if (s.protocol === 'udp') {
        udp++;
        expect(ops[0]).toMatchObject({ kind: 'delete-dest', dest: { address: gone!.address, port: gone!.port } });
      } else {
        drains++;
        expect(ops[0]).toEqual({ kind: 'drain-dest', service: expect.anything(), dest: { ...gone, weight: 0 } });
        const again = diffIpvs(actual, desired, { drainedDestinations: [{ service: s, address: gone!.address, port: gone!.port }] });
        expect(again).toEqual([{ kind: 'delete-dest', service: expect.anything(), dest: { family: gone!.family, address: gone!.address, port: gone!.port } }]);
      }
      // the drain leaves the destination in place with weight 0
      const drained = run(actual, renderIpvsOps(ops));
      if (ops[0]!.kind === 'drain-dest') expect(drained.services.find((x) => serviceId(x) === serviceId(s))!.destinations.find((x) => destId(x) === destId(gone!))!.weight).toBe(0);
    });
    expect(drains).toBeGreaterThan(100);
    expect(udp).toBeGreaterThan(50);
  });
});
