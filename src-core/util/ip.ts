// Address helpers over ipaddr.js. Every function is total: bad input gives undefined/false.
import ipaddr from 'ipaddr.js';

export type Family = 'ipv4' | 'ipv6';

export interface ParsedCidr {
  address: string;
  prefix: number;
  family: Family;
}

/** Strict IPv4 (four decimal octets) or IPv6; no zone ids. */
export function isIp(text: string): boolean {
  return parseIp(text) !== undefined;
}

// Validation and compilation parse the same few thousand addresses on every edit; parsing is the
// largest part of their cost, so results are memoised (bounded; the parsed values are never mutated).
const PARSE_CACHE_MAX = 200_000;
const parseCache = new Map<string, ipaddr.IPv4 | ipaddr.IPv6 | undefined>();

export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return undefined;
  if (parseCache.has(text)) return parseCache.get(text);
  const parsed = parseIpUncached(text);
  if (parseCache.size >= PARSE_CACHE_MAX) parseCache.clear();
  parseCache.set(text, parsed);
  return parsed;
}

function parseIpUncached(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!text.includes(':') || text.includes('%')) return undefined;
  // ipaddr.js reads any dotted suffix as IPv4-mapped (::10.0.0.1 -> ::ffff:10.0.0.1); spell the
  // suffix as two hex groups so the bytes are what inet_pton gives.
  const dotted = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(text);
  let v6 = text;
  if (dotted) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(dotted[2]!)) return undefined;
    const b = ipaddr.IPv4.parse(dotted[2]!).toByteArray();
    v6 = `${dotted[1]}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  return ipaddr.IPv6.isValid(v6) ? ipaddr.IPv6.parse(v6) : undefined;
}

export function familyOf(text: string): Family | undefined {
  const ip = parseIp(text);
  return ip ? (ip.kind() as Family) : undefined;
}

/** Canonical text: dotted IPv4, compressed lower-case IPv6 (RFC 5952, as the kernel prints). */
const normalCache = new Map<string, string | undefined>();

export function normalizeIp(text: string): string | undefined {
  if (normalCache.has(text)) return normalCache.get(text);
  const out = normalizeIpUncached(text);
  if (normalCache.size >= PARSE_CACHE_MAX) normalCache.clear();
  normalCache.set(text, out);
  return out;
}

function normalizeIpUncached(text: string): string | undefined {
  const ip = parseIp(text);
  if (!ip) return undefined;
  if (ip.kind() === 'ipv6') {
    // As glibc's inet_ntop prints (and so ipvsadm and the kernel tools): ::a.b.c.d and
    // ::ffff:a.b.c.d keep the dotted tail; everything else is RFC 5952 compressed hex.
    const w = (ip as ipaddr.IPv6).parts;
    const tail = `${w[6]! >> 8}.${w[6]! & 255}.${w[7]! >> 8}.${w[7]! & 255}`;
    if (w.slice(0, 6).every((x) => x === 0) && w[6] !== 0) return `::${tail}`;
    if (w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff) return `::ffff:${tail}`;
    return ip.toString();
  }
  return ip.toString();
}

/** "a.b.c.d/len" or "v6/len"; the address part need not be the network address. */
const cidrCache = new Map<string, Readonly<ParsedCidr> | undefined>();

/** "addr/len" parsed; memoised like parseIp (the result is shared: never mutate it). */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (typeof text !== 'string' || text.length > 80) return undefined;
  if (cidrCache.has(text)) return cidrCache.get(text);
  const out = parseCidrUncached(text);
  if (cidrCache.size >= PARSE_CACHE_MAX) cidrCache.clear();
  cidrCache.set(text, out ? Object.freeze(out) : out);
  return out;
}

function parseCidrUncached(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const prefix = Number(lenText);
  const max = ip.kind() === 'ipv4' ? 32 : 128;
  if (prefix > max) return undefined;
  return { address: normalizeIp(addr)!, prefix, family: ip.kind() as Family };
}

/** True when addr lies inside the prefix (both of the same family). */
export function cidrContains(cidr: ParsedCidr, addr: string): boolean {
  const ip = parseIp(addr);
  if (!ip || ip.kind() !== cidr.family) return false;
  const net = parseIp(cidr.address)!;
  return ip.match(net, cidr.prefix);
}

const networkCache = new Map<string, string>();

/** The network address of a prefix ("192.168.10.5/24" -> "192.168.10.0"); memoised like parseIp. */
export function networkAddress(cidr: ParsedCidr): string {
  const key = `${cidr.address}/${cidr.prefix}`;
  const hit = networkCache.get(key);
  if (hit !== undefined) return hit;
  const net = ipaddr.parseCIDR(key);
  const out =
    net[0].kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(key).toString() : ipaddr.IPv6.networkAddressFromCIDR(key).toString();
  if (networkCache.size >= PARSE_CACHE_MAX) networkCache.clear();
  networkCache.set(key, out);
  return out;
}

/** The bytes of an address, big-endian (for sorting and comparisons). */
export function ipBytes(text: string): number[] | undefined {
  const ip = parseIp(text);
  return ip ? ip.toByteArray() : undefined;
}

/** IPv4 as an unsigned 32-bit number. */
export function ipv4ToNumber(text: string): number | undefined {
  const b = ipBytes(text);
  if (!b || b.length !== 4) return undefined;
  return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
}

export function numberToIpv4(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Add n to an address (wrapping is refused: undefined). Used to duplicate real servers. */
export function offsetIp(text: string, n: number): string | undefined {
  const b = ipBytes(text);
  if (!b) return undefined;
  let carry = n;
  for (let i = b.length - 1; i >= 0 && carry !== 0; i--) {
    const v = b[i]! + carry;
    b[i] = ((v % 256) + 256) % 256;
    carry = Math.floor(v / 256);
  }
  if (carry !== 0) return undefined;
  return normalizeIp(b.length === 4 ? b.join('.') : ipaddr.fromByteArray(b).toString());
}

/** Dotted IPv4 mask -> prefix length, or undefined when not contiguous. */
export function maskToPrefix(mask: string): number | undefined {
  const n = ipv4ToNumber(mask);
  if (n === undefined) return undefined;
  const inv = ~n >>> 0;
  if ((inv & (inv + 1)) !== 0) return undefined;
  return 32 - Math.log2(inv + 1);
}

export function prefixToMask(prefix: number): string {
  const n = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return numberToIpv4(n);
}

/** "addr:port" with brackets for IPv6, as ipvsadm and keepalived print. */
export function hostPort(addr: string, port: number): string {
  return familyOf(addr) === 'ipv6' ? `[${addr}]:${port}` : `${addr}:${port}`;
}
