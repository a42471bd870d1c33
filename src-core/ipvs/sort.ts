// The order `ipvsadm -S` prints: libipvs ipvs_cmp_services / ipvs_cmp_dests run through glibc qsort.
// The comparators take differences of unsigned 32-bit values as a signed int, so addresses more
// than 2^31 apart compare "wrapped" and the order is not transitive; glibc's qsort is a merge sort
// (msort), reproduced here so the same input order gives the same output.
import type { IpvsDestination, IpvsService } from './types';
import { addressBytes } from './normalize';

const AF = { ipv4: 2, ipv6: 10 } as const;
const PROTO = { tcp: 6, udp: 17, sctp: 132, fwmark: 6 } as const;

/** (int)(a - b) for two unsigned 32-bit values. */
function signedDiff(a: number, b: number): number {
  return ((a - b) | 0);
}

function word(bytes: number[], i: number): number {
  return ((bytes[i * 4]! << 24) | (bytes[i * 4 + 1]! << 16) | (bytes[i * 4 + 2]! << 8) | bytes[i * 4 + 3]!) >>> 0;
}

// Comparators run O(n log n) times: keep the parsed bytes of recently seen addresses.
const bytesCache = new Map<string, number[]>();
function bytesOf(address: string): number[] {
  let b = bytesCache.get(address);
  if (!b) {
    if (bytesCache.size > 4096) bytesCache.clear();
    b = addressBytes(address);
    bytesCache.set(address, b);
  }
  return b;
}

function cmpAddr(family: 'ipv4' | 'ipv6', a: string, b: string): number {
  const ab = bytesOf(a);
  const bb = bytesOf(b);
  if (family === 'ipv6') {
    let r = 0;
    for (let i = 0; r === 0 && i < 4; i++) r = signedDiff(word(ab, i), word(bb, i));
    return r;
  }
  return signedDiff(word(ab, 0), word(bb, 0));
}

export function compareServices(s1: IpvsService, s2: IpvsService): number {
  let r = signedDiff(s1.fwmark ?? 0, s2.fwmark ?? 0);
  if (r !== 0) return r;
  r = AF[s1.family] - AF[s2.family];
  if (r !== 0) return r;
  // fwmark services are created with protocol TCP by ipvsadm
  r = PROTO[s1.protocol] - PROTO[s2.protocol];
  if (r !== 0) return r;
  r = cmpAddr(s1.family, s1.address ?? (s1.family === 'ipv6' ? '::' : '0.0.0.0'), s2.address ?? (s2.family === 'ipv6' ? '::' : '0.0.0.0'));
  if (r !== 0) return r;
  return (s1.port ?? 0) - (s2.port ?? 0);
}

export function compareDestinations(d1: IpvsDestination, d2: IpvsDestination): number {
  // the comparator looks only at d1's family (mixed-family tunnel destinations share a service)
  const r = cmpAddr(d1.family, d1.address, d2.address);
  if (r !== 0) return r;
  return d1.port - d2.port;
}

/** glibc msort: top-down merge sort, n1 = n/2, ties taken from the left run. */
export function glibcSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const a = items.slice();
  const tmp: T[] = new Array<T>(a.length);
  const rec = (lo: number, n: number): void => {
    if (n <= 1) return;
    const n1 = n >>> 1;
    const n2 = n - n1;
    rec(lo, n1);
    rec(lo + n1, n2);
    let i = lo;
    let j = lo + n1;
    let k = 0;
    const iEnd = lo + n1;
    const jEnd = lo + n;
    while (i < iEnd && j < jEnd) {
      if (cmp(a[i]!, a[j]!) <= 0) tmp[k++] = a[i++]!;
      else tmp[k++] = a[j++]!;
    }
    while (i < iEnd) tmp[k++] = a[i++]!;
    for (let m = 0; m < k; m++) a[lo + m] = tmp[m]!;
  };
  rec(0, a.length);
  return a;
}

export function sortServices(services: readonly IpvsService[]): IpvsService[] {
  return glibcSort(services, compareServices);
}

export function sortDestinations(dests: readonly IpvsDestination[]): IpvsDestination[] {
  return glibcSort(dests, compareDestinations);
}
