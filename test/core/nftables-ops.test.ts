// applyIpvsOps: the table after the diff's ops is the desired table (the nftables plane loads whole
// tables, so it computes that state itself), and while draining it keeps the drained servers at 0.
import { describe, expect, it } from 'vitest';
import { diffIpvs } from '../../src-core/diff/ipvs-diff';
import { serviceId, serviceKeyOf } from '../../src-core/diff/ipvs-ops';
import type { IpvsService, IpvsTable } from '../../src-core/ipvs/types';
import { applyIpvsOps } from '../../src-core/render/nftables';
import { mulberry32, type Rng } from '../support/prng';

function randomTable(rng: Rng): IpvsTable {
  const services: IpvsService[] = [];
  for (let i = 0; i < 1 + Math.floor(rng() * 6); i++) {
    const port = [80, 443, 53][Math.floor(rng() * 3)]!;
    const vip = `10.0.0.${1 + Math.floor(rng() * 5)}`;
    if (services.some((s) => s.address === vip && s.port === port)) continue;
    services.push({
      protocol: 'tcp',
      family: 'ipv4',
      address: vip,
      port,
      scheduler: ['rr', 'wrr', 'sh'][Math.floor(rng() * 3)]!,
      ...(rng() < 0.3 ? { persistence: 300 } : {}),
      onePacket: false,
      flags: [],
      destinations: [...new Set(Array.from({ length: 1 + Math.floor(rng() * 4) }, () => 21 + Math.floor(rng() * 6)))].map((h) => ({
        address: `10.0.1.${h}`,
        family: 'ipv4' as const,
        port,
        forward: 'masq' as const,
        weight: Math.floor(rng() * 4),
        upperThreshold: 0,
        lowerThreshold: 0,
      })),
    });
  }
  return { services };
}

const canon = (t: IpvsTable) =>
  t.services
    .map((s) => ({ ...s, destinations: [...s.destinations].sort((a, b) => a.address.localeCompare(b.address)) }))
    .sort((a, b) => serviceId(serviceKeyOf(a)).localeCompare(serviceId(serviceKeyOf(b))));

describe('applyIpvsOps', () => {
  it('actual + diff(actual, desired) = desired, for 300 seeded pairs (all destinations already drained)', () => {
    const rng = mulberry32(0xa11);
    for (let i = 0; i < 300; i++) {
      const a = randomTable(rng);
      const b = randomTable(rng);
      const drained = a.services.flatMap((s) => s.destinations.map((d) => ({ service: s, address: d.address, port: d.port })));
      expect(canon(applyIpvsOps(a, diffIpvs(a, b, { drainedDestinations: drained }))), `pair ${i}`).toEqual(canon(b));
      expect(applyIpvsOps(a, [])).toEqual(a);
    }
  });

  it('a removed server that is not drained yet stays, at weight 0', () => {
    const a = randomTable(mulberry32(5));
    const s = a.services[0]!;
    const gone = s.destinations[0]!;
    const b: IpvsTable = { services: [{ ...s, destinations: s.destinations.slice(1) }, ...a.services.slice(1)] };
    const next = applyIpvsOps(a, diffIpvs(a, b));
    expect(next.services[0]!.destinations.find((d) => d.address === gone.address)).toMatchObject({ weight: 0 });
  });
});
