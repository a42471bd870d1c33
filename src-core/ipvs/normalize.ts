// Address and number parsing exactly as ipvsadm 1.31 does it (glibc strtol/strtoul, inet_aton,
// inet_pton, parse_service), producing the kernel's normalised forms.
import { numberToIpv4 } from '../util/ip';
import type { IpvsFamily } from './types';

/** glibc strtol(s, &end, 10) followed by `*end == '\0' && end != s`; undefined when that fails. */
export function strtolFull(s: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(s);
  if (!m) return undefined;
  // strtol saturates at LONG_MAX: anything this long is out of every range ipvsadm asks for
  const digits = m[2]!.replace(/^0+(?=\d)/, '');
  const v = digits.length > 24 ? 10n ** 24n : BigInt(digits);
  return m[1] === '-' ? -v : v;
}

/** ipvsadm's string_to_number(s, min, max): -1 (here undefined) on any failure. */
export function stringToNumber(s: string, min: number, max: number): number | undefined {
  const v = strtolFull(s);
  if (v === undefined) return undefined;
  // strtol saturates at LONG_MAX/LONG_MIN (ERANGE): out of any range we use here.
  if (v < BigInt(min) || v > BigInt(max)) return undefined;
  return Number(v);
}

/** parse_fwmark: strtoul base 10, 1..UINT_MAX (a leading '-' wraps to a huge value: rejected). */
export function parseFwmark(s: string): number | undefined {
  const v = strtolFull(s);
  if (v === undefined || v <= 0n || v > 0xffffffffn) return undefined;
  return Number(v);
}

/** glibc inet_aton: a, a.b, a.b.c, a.b.c.d with decimal, octal (0..) or hex (0x..) parts. */
export function inetAton(s: string): number | undefined {
  const parts: number[] = [];
  let i = 0;
  for (;;) {
    let base = 10;
    let j = i;
    if (s[j] === undefined || !/[0-9]/.test(s[j]!)) return undefined;
    if (s[j] === '0') {
      if (s[j + 1] === 'x' || s[j + 1] === 'X') {
        base = 16;
        j += 2;
      } else base = 8;
    }
    let v = 0;
    const digitRe = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
    while (j < s.length && /[0-9a-fA-F]/.test(s[j]!)) {
      if (!digitRe.test(s[j]!)) {
        // a digit of the wrong base ends the number (glibc then sees a bad character)
        if (/[0-9]/.test(s[j]!)) return undefined;
        break;
      }
      v = v * base + parseInt(s[j]!, 16);
      if (v > 0xffffffff) return undefined;
      j++;
    }
    parts.push(v);
    i = j;
    if (s[i] === '.') {
      if (parts.length >= 4) return undefined;
      i++;
      continue;
    }
    break;
  }
  // glibc accepts trailing whitespace after the address
  if (i < s.length && !/^[ \t\n\v\f\r]/.test(s.slice(i))) return undefined;
  const [a, b, c, d] = parts;
  let n: number;
  switch (parts.length) {
    case 1:
      n = a!;
      break;
    case 2:
      if (a! > 255 || b! > 0xffffff) return undefined;
      n = a! * 0x1000000 + b!;
      break;
    case 3:
      if (a! > 255 || b! > 255 || c! > 0xffff) return undefined;
      n = a! * 0x1000000 + b! * 0x10000 + c!;
      break;
    default:
      if (a! > 255 || b! > 255 || c! > 255 || d! > 255) return undefined;
      n = a! * 0x1000000 + b! * 0x10000 + c! * 0x100 + d!;
  }
  return n >>> 0;
}

/** glibc inet_pton(AF_INET6): the 16 bytes, or undefined. */
export function parseIpv6Bytes(s: string): number[] | undefined {
  if (s.length === 0 || s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return undefined;
  const words: number[] = [];
  let gap = -1;
  let rest = s;
  if (rest.startsWith('::')) {
    gap = 0;
    rest = rest.slice(2);
  } else if (rest.startsWith(':')) return undefined;
  let v4: number[] | undefined;
  while (rest.length > 0) {
    const m = /^([0-9A-Fa-f]{1,4})(?=$|:)/.exec(rest);
    const d = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(rest);
    if (d) {
      const oct = d.slice(1).map((o) => (o.length > 1 && o.startsWith('0') ? 256 : Number(o)));
      if (oct.some((o) => o > 255)) return undefined;
      v4 = oct;
      rest = '';
      break;
    }
    if (!m) return undefined;
    words.push(parseInt(m[1]!, 16));
    rest = rest.slice(m[1]!.length);
    if (rest.startsWith('::')) {
      if (gap >= 0) return undefined;
      gap = words.length;
      rest = rest.slice(2);
    } else if (rest.startsWith(':')) {
      rest = rest.slice(1);
      if (rest.length === 0) return undefined;
    }
  }
  if (v4) words.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
  if (gap >= 0) {
    if (words.length > 7) return undefined;
    words.splice(gap, 0, ...new Array<number>(8 - words.length).fill(0));
  } else if (words.length !== 8) return undefined;
  return words.flatMap((w) => [w >> 8, w & 255]);
}

/** glibc inet_ntop(AF_INET6): longest zero run (first on ties, length >= 2) as ::, IPv4-compatible/mapped tails dotted. */
export function formatIpv6(bytes: readonly number[]): string {
  const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      cur = cur.base < 0 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
      if (cur.len > best.len) best = { ...cur };
    } else cur = { base: -1, len: 0 };
  }
  if (best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base >= 0 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += bytes.slice(12, 16).join('.');
      break;
    }
    out += words[i]!.toString(16);
  }
  if (best.base >= 0 && best.base + best.len === 8) out += ':';
  return out;
}

/** inet_pton(AF_INET6) then inet_ntop: the kernel's printed form, or undefined. */
export function inetPton6(s: string): string | undefined {
  const b = parseIpv6Bytes(s);
  return b ? formatIpv6(b) : undefined;
}

// A small /etc/services table (Debian netbase names, with their aliases) for `:http` style ports.
// getservbyname() would read the system file; src-core stays pure, so only these names resolve.
const TCP_SERVICES: Record<string, number> = {
  'ftp-data': 20, ftp: 21, ssh: 22, telnet: 23, smtp: 25, mail: 25, domain: 53, http: 80, www: 80, kerberos: 88,
  pop3: 110, 'pop-3': 110, nntp: 119, imap2: 143, imap: 143, snmp: 161, bgp: 179, ldap: 389, https: 443,
  submission: 587, ldaps: 636, rsync: 873, imaps: 993, pop3s: 995, openvpn: 1194, 'ms-sql-s': 1433, radius: 1812,
  'radius-acct': 1813, mysql: 3306, sip: 5060, 'sip-tls': 5061, postgresql: 5432, postgres: 5432, redis: 6379,
  'http-alt': 8080, webcache: 8080,
};
const UDP_SERVICES: Record<string, number> = {
  domain: 53, tftp: 69, kerberos: 88, ntp: 123, snmp: 161, ldap: 389, https: 443, syslog: 514, ldaps: 636,
  openvpn: 1194, radius: 1812, 'radius-acct': 1813, sip: 5060, 'sip-tls': 5061,
};

export type IpvsProto = 'tcp' | 'udp' | 'sctp';

export function serviceToPort(name: string, proto: IpvsProto): number | undefined {
  const table = proto === 'tcp' ? TCP_SERVICES : proto === 'udp' ? UDP_SERVICES : undefined;
  if (!table || !Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  return table[name];
}

export interface ParsedEndpoint {
  family: IpvsFamily;
  address: string;
  /** undefined: no port given (SERVICE_ADDR only). */
  port?: number;
}

/** ipvsadm parse_service(): undefined = SERVICE_NONE. Host names other than localhost do not resolve. */
export function parseEndpoint(input: string, proto: IpvsProto): ParsedEndpoint | undefined {
  let buf = input;
  if (buf.length === 0 || /^\d*$/.test(buf)) return undefined;
  let portText: string | undefined;
  if (buf.startsWith('[')) {
    buf = buf.slice(1);
    const close = buf.indexOf(']');
    if (close < 0) return undefined;
    const rest = buf.slice(close + 1);
    buf = buf.slice(0, close);
    if (!rest.startsWith(':')) return undefined;
    portText = rest.slice(1);
  }
  const v6 = inetPton6(buf);
  let result: ParsedEndpoint;
  if (v6 !== undefined) {
    result = { family: 'ipv6', address: v6 };
  } else {
    // the IPv4 branch looks for its own ':' and forgets the bracket form's port
    const colon = buf.lastIndexOf(':');
    portText = colon >= 0 ? buf.slice(colon + 1) : undefined;
    const host = colon >= 0 ? buf.slice(0, colon) : buf;
    const n = host === 'localhost' ? 0x7f000001 : inetAton(host);
    if (n === undefined) return undefined;
    result = { family: 'ipv4', address: numberToIpv4(n) };
  }
  if (portText !== undefined) {
    const p = stringToNumber(portText, 0, 65535) ?? serviceToPort(portText, proto);
    if (p === undefined) return undefined;
    result.port = p;
  }
  return result;
}

/** 16 bytes as the kernel's union nf_inet_addr holds them (IPv4 in the first 4 bytes). */
export function addressBytes(address: string): number[] {
  const v6 = address.includes(':') ? parseIpv6Bytes(address) : undefined;
  if (v6) return v6;
  const n = inetAton(address) ?? 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...new Array<number>(12).fill(0)];
}
