// The fast `ipvsadm -Sn` reader gives exactly the emulation's table for the shapes it takes and
// declines (undefined) everything else; checked on seeded random tables rendered as ipvsadm prints
// them, on odd texts, and for speed at 10,000 real servers.
import { describe, expect, it } from 'vitest';
import { KERNEL_SCHEDULERS } from '../../src-core/ipvs/kernel';
import type { IpvsDestination, IpvsService, IpvsTable } from '../../src-core/ipvs/types';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import { parseIpvsSave, parseIpvsSaveEmulated } from '../../src-agent/plane/ipvs';
import { parseIpvsSaveFast } from '../../src-agent/plane/ipvs-save-fast';

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function randomTable(seed: number, exotic: boolean): IpvsTable {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const v4 = (): string => `${1 + Math.floor(r() * 223)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
  const services: IpvsService[] = [];
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const protocol = pick(['tcp', 'udp', 'sctp', 'fwmark'] as const);
    const s: IpvsService = protocol === 'fwmark'
      ? { protocol, family: 'ipv4', fwmark: 1 + i, scheduler: pick(KERNEL_SCHEDULERS), onePacket: false, flags: [], destinations: [] }
      : { protocol, family: 'ipv4', address: `10.0.${i}.1`, port: Math.floor(r() * 65536), scheduler: pick(KERNEL_SCHEDULERS), onePacket: protocol === 'udp' && r() < 0.3, flags: [], destinations: [] };
    if (r() < 0.4) {
      s.persistence = 1 + Math.floor(r() * 3600);
      if (r() < 0.5) s.netmask = pick(['255.255.255.0', '255.255.0.0', '255.0.0.0']);
    }
    if (exotic && r() < 0.5) s.flags = s.scheduler === 'sh' ? ['sh-port'] : [];
    const m = Math.floor(r() * 8);
    const seen = new Set<string>();
    for (let k = 0; k < m; k++) {
      const forward = exotic && r() < 0.3 ? 'tunnel' : pick(['masq', 'route'] as const);
      const port = forward === 'masq' ? Math.floor(r() * 65536) : (s.port ?? 0);
      const d: IpvsDestination = { address: v4(), family: 'ipv4', port, forward, weight: Math.floor(r() * 100), upperThreshold: 0, lowerThreshold: 0 };
      if (forward === 'tunnel') d.tunType = 'ipip';
      if (seen.has(`${d.address}:${d.port}`)) continue;
      seen.add(`${d.address}:${d.port}`);
      s.destinations.push(d);
    }
    services.push(s);
  }
  return { services };
}

describe('fast ipvsadm -Sn reader', () => {
  it('matches the emulation exactly on 500 random plain tables', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const text = renderIpvsadmSave(randomTable(seed, false));
      const fast = parseIpvsSaveFast(text);
      expect(fast, text).toBeDefined();
      expect(fast).toEqual(parseIpvsSaveEmulated(text));
    }
  });

  it('declines what it does not know, and parseIpvsSave still reads it', () => {
    let declined = 0;
    for (let seed = 1000; seed < 1200; seed++) {
      const text = renderIpvsadmSave(randomTable(seed, true));
      const fast = parseIpvsSaveFast(text);
      if (fast === undefined) declined++;
      else expect(fast).toEqual(parseIpvsSaveEmulated(text));
      expect(parseIpvsSave(text)).toEqual(parseIpvsSaveEmulated(text));
    }
    expect(declined).toBeGreaterThan(50);
    const odd = [
      '-A -t [2001:db8::1]:80 -s rr\n',
      '-A -t 10.0.0.1:80 -s rr -b sh-port\n',
      '-A -t 10.0.0.1:80 -s nosuch\n',
      '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.2:80 -r 10.0.0.3:80 -m -w 1\n',
      '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 1\n-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 2\n',
      '-A -t 10.0.0.1:99999 -s rr\n',
      '-A -t 10.0.0.01:80 -s rr\n',
      '-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s wrr\n',
      '-A -t 10.0.0.1:80 -s rr -o\n',
      'garbage\n',
    ];
    for (const t of odd) expect(parseIpvsSaveFast(t), t).toBeUndefined();
  });

  it('reads 10,000 real servers like the emulation (both timed, printed)', () => {
    const big: IpvsTable = {
      services: Array.from({ length: 100 }, (_, s) => ({
        protocol: 'tcp' as const, family: 'ipv4' as const, address: `10.0.${s}.1`, port: 80, scheduler: 'wrr', onePacket: false, flags: [],
        destinations: Array.from({ length: 100 }, (_, d) => ({ address: `172.16.${s}.${d + 1}`, family: 'ipv4' as const, port: 8080, forward: 'masq' as const, weight: 1, upperThreshold: 0, lowerThreshold: 0 })),
      })),
    };
    const text = renderIpvsadmSave(big);
    const time = (f: () => unknown): number => {
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) f();
      return performance.now() - t0;
    };
    const fast = time(() => parseIpvsSaveFast(text));
    const slow = time(() => parseIpvsSaveEmulated(text));
    console.log(`ipvsadm -Sn, 10,000 real servers: fast reader ${(fast / 3).toFixed(1)} ms, emulation ${(slow / 3).toFixed(1)} ms`);
    expect(parseIpvsSaveFast(text)).toEqual(parseIpvsSaveEmulated(text));
  });
});
