// Parsers of the texts stats are sampled from. None throws: an odd line is skipped.
// - `ipvsadm -Ln --stats --exact`: per service and destination Conns InPkts OutPkts InBytes OutBytes
//   (without --exact ipvsadm scales with K/M/G suffixes; those are read too, approximately).
// - /proc/net/ip_vs: ActiveConn InActConn per destination, addresses in hex (IPv6 as eight
//   4-digit groups in brackets). The kernel prints no family for fwmark services: it is taken
//   from the first destination's address form.
// - /proc/loadavg, /proc/meminfo.
// Keys are src-core's serviceId() and destId(), with addresses in the kernel's printed form.
import { destId, serviceId, serviceKeyOf } from '../../src-core/diff/ipvs-ops';
import { inetPton6 } from '../../src-core/ipvs/normalize';
import type { IpvsDestination, IpvsFamily, IpvsProtocol, IpvsService, IpvsTable } from '../../src-core/ipvs/types';
import { NFT_DR_TABLE, NFT_TABLE, nftCounterName } from '../../src-core/render/nftables';

export interface Counters {
  conns: number;
  packetsIn: number;
  packetsOut: number;
  bytesIn: number;
  bytesOut: number;
}

export interface ParsedService {
  service: string;
  counters: Counters;
  destinations: { dest: string; counters: Counters }[];
}

const SCALE: Record<string, number> = { K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

function num(t: string | undefined): number {
  if (t === undefined) return NaN;
  const last = t[t.length - 1]!;
  if (SCALE[last] !== undefined) return Number(t.slice(0, -1)) * SCALE[last]!;
  return Number(t);
}

/** Dotted quad of 0-255 without leading zeros beyond what the kernel prints (it prints none). */
function isIpv4(h: string): boolean {
  let parts = 0;
  let val = -1;
  for (let i = 0; i <= h.length; i++) {
    const c = i < h.length ? h.charCodeAt(i) : 46;
    if (c === 46) {
      if (val < 0 || val > 255) return false;
      parts++;
      val = -1;
    } else if (c >= 48 && c <= 57) {
      val = val < 0 ? c - 48 : val * 10 + (c - 48);
      if (val > 255) return false;
    } else return false;
  }
  return parts === 4;
}

/** "10.0.0.1:80" or "[2001:db8::1]:443" as ipvsadm -n prints it. */
function endpoint(text: string): { family: IpvsFamily; address: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = Number(text.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  let host = text.slice(0, colon);
  if (host.startsWith('[') && host.endsWith(']')) {
    host = host.slice(1, -1);
    const a = inetPton6(host);
    return a === undefined ? undefined : { family: 'ipv6', address: a, port };
  }
  return isIpv4(host) ? { family: 'ipv4', address: host, port } : undefined;
}

const PROTO: Record<string, Exclude<IpvsProtocol, 'fwmark'>> = { TCP: 'tcp', UDP: 'udp', SCTP: 'sctp' };

function serviceHead(tokens: string[]): { id: string; family: IpvsFamily } | undefined {
  const p = tokens[0]!;
  if (p === 'FWM') {
    const mark = Number(tokens[1]);
    if (!Number.isInteger(mark) || mark < 0) return undefined;
    const family: IpvsFamily = tokens[2] === 'IPv6' ? 'ipv6' : 'ipv4';
    return { id: serviceId({ family, protocol: 'fwmark', fwmark: mark }), family };
  }
  const protocol = PROTO[p];
  const ep = protocol && tokens[1] !== undefined ? endpoint(tokens[1]) : undefined;
  if (!protocol || !ep) return undefined;
  return { id: serviceId({ family: ep.family, protocol, address: ep.address, port: ep.port }), family: ep.family };
}

const splitWs = (line: string): string[] => line.trim().split(/\s+/);

// One regex per line instead of a split: a 10,000-destination listing is parsed per sample.
const STATS_DEST = /^\s+->\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/;
const STATS_SVC = /^(TCP|UDP|SCTP|FWM)\s+(\S+)(?:\s+(IPv6))?\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$/;

function countersOf(m: RegExpExecArray, from: number): Counters | undefined {
  const v0 = num(m[from]);
  const v1 = num(m[from + 1]);
  const v2 = num(m[from + 2]);
  const v3 = num(m[from + 3]);
  const v4 = num(m[from + 4]);
  if (!(v0 >= 0 && v1 >= 0 && v2 >= 0 && v3 >= 0 && v4 >= 0) || !Number.isFinite(v0 + v1 + v2 + v3 + v4)) return undefined;
  return { conns: v0, packetsIn: v1, packetsOut: v2, bytesIn: v3, bytesOut: v4 };
}

export function parseIpvsadmStats(text: string): ParsedService[] {
  const out: ParsedService[] = [];
  let cur: ParsedService | undefined;
  for (const line of String(text ?? '').split('\n')) {
    if (line.length === 0) continue;
    if (line.charCodeAt(0) === 32) {
      const m = cur ? STATS_DEST.exec(line) : null;
      if (!m || !cur) continue;
      const ep = endpoint(m[1]!);
      const c = countersOf(m, 2);
      if (ep && c) cur.destinations.push({ dest: `${ep.address}|${ep.port}`, counters: c });
      continue;
    }
    const m = STATS_SVC.exec(line);
    const head = m ? serviceHead(m[3] ? [m[1]!, m[2]!, m[3]] : [m[1]!, m[2]!]) : undefined;
    const c = m ? countersOf(m, 4) : undefined;
    if (!head || !c) {
      cur = undefined;
      continue;
    }
    cur = { service: head.id, counters: c, destinations: [] };
    out.push(cur);
  }
  return out;
}

const HEX_V4 = /^[0-9A-Fa-f]{8}$/;

function hexEndpoint(text: string): { family: IpvsFamily; address: string; port: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0) return undefined;
  const port = parseInt(text.slice(colon + 1), 16);
  const host = text.slice(0, colon);
  if (!Number.isInteger(port) || port > 65535) return undefined;
  if (host.startsWith('[') && host.endsWith(']')) {
    const a = inetPton6(host.slice(1, -1));
    return a === undefined ? undefined : { family: 'ipv6', address: a, port };
  }
  if (!HEX_V4.test(host)) return undefined;
  const n = parseInt(host, 16);
  return { family: 'ipv4', address: `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`, port };
}

const PROC_DEST = /^\s+->\s+(\S+)\s+\S+\s+\S+\s+(\d+)\s+(\d+)/;

export type ConnCounts = { active: number; inactive: number };

/** /proc/net/ip_vs -> serviceId -> destId -> { active, inactive } (no per-destination key strings built). */
export function parseProcIpVsByService(text: string): Map<string, Map<string, ConnCounts>> {
  const out = new Map<string, Map<string, ConnCounts>>();
  // the service's entry; for fwmark known only at its first destination (the kernel prints no family)
  let cur: Map<string, ConnCounts> | undefined;
  let mark: number | undefined;
  for (const line of String(text ?? '').split('\n')) {
    if (line.length === 0) continue;
    if (line.charCodeAt(0) === 32) {
      const m = cur !== undefined || mark !== undefined ? PROC_DEST.exec(line) : null;
      if (!m) continue;
      const ep = hexEndpoint(m[1]!);
      if (!ep) continue;
      if (cur === undefined) {
        const id = serviceId({ family: ep.family, protocol: 'fwmark', fwmark: mark ?? 0 });
        cur = out.get(id) ?? new Map<string, ConnCounts>();
        out.set(id, cur);
      }
      cur.set(`${ep.address}|${ep.port}`, { active: Number(m[2]), inactive: Number(m[3]) });
      continue;
    }
    const t = splitWs(line);
    cur = undefined;
    mark = undefined;
    if (t[0] === 'FWM') {
      const n = parseInt(t[1] ?? '', 16);
      if (Number.isInteger(n)) mark = n;
      continue;
    }
    const proto = PROTO[t[0]!];
    const ep = proto && t[1] !== undefined ? hexEndpoint(t[1]) : undefined;
    if (proto && ep) {
      const id = serviceId({ family: ep.family, protocol: proto, address: ep.address, port: ep.port });
      cur = out.get(id) ?? new Map<string, ConnCounts>();
      out.set(id, cur);
    }
  }
  return out;
}

/** /proc/net/ip_vs -> { active, inactive } keyed `${serviceId}#${destId}`. */
export function parseProcIpVs(text: string): Map<string, ConnCounts> {
  const out = new Map<string, ConnCounts>();
  for (const [svc, dests] of parseProcIpVsByService(text)) for (const [d, c] of dests) out.set(`${svc}#${d}`, c);
  return out;
}

export function parseLoadavg(text: string): { load1: number; load5: number; load15: number } {
  const [a, b, c] = String(text ?? '').trim().split(/\s+/).map(Number);
  const f = (x: number | undefined): number => (x !== undefined && Number.isFinite(x) ? x : 0);
  return { load1: f(a), load5: f(b), load15: f(c) };
}

export function parseMemAvailableKiB(text: string): number {
  const m = /^MemAvailable:\s+(\d+)\s*kB/m.exec(String(text ?? ''));
  return m ? Number(m[1]) : 0;
}

/**
 * `nft -j list counters` -> packets/bytes per counter name, only those of the nftables plane's
 * tables (inet lvs_studio, netdev lvs_studio_dr). Never throws.
 */
export function parseNftCounters(json: string): Map<string, { packets: number; bytes: number }> {
  const out = new Map<string, { packets: number; bytes: number }>();
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    return out;
  }
  const items = (doc as { nftables?: unknown })?.nftables;
  if (!Array.isArray(items)) return out;
  for (const it of items) {
    const c = (it as { counter?: { name?: unknown; table?: unknown; family?: unknown; packets?: unknown; bytes?: unknown } })?.counter;
    if (!c || typeof c.name !== 'string') continue;
    const ours = (c.family === 'inet' && c.table === NFT_TABLE) || (c.family === 'netdev' && c.table === NFT_DR_TABLE) || c.table === undefined;
    if (!ours) continue;
    const packets = typeof c.packets === 'number' ? c.packets : 0;
    const bytes = typeof c.bytes === 'number' ? c.bytes : 0;
    out.set(c.name, { packets, bytes });
  }
  return out;
}

/**
 * The nftables plane's counters as per-service and per-destination stats of a logical table
 * (names: src-core/render/nftables/counters.ts). A counter not (yet) in the kernel reads 0; DR has
 * no `o_` counters: replies do not pass the director, as IPVS DR shows OutPkts 0.
 */
export function nftServiceCounters(table: IpvsTable, counters: Map<string, { packets: number; bytes: number }>): ParsedService[] {
  const of = (svc: IpvsService, dest?: IpvsDestination): Counters => {
    const n = counters.get(nftCounterName('n', svc, dest));
    const i = counters.get(nftCounterName('i', svc, dest));
    const o = counters.get(nftCounterName('o', svc, dest));
    return { conns: n?.packets ?? 0, packetsIn: i?.packets ?? 0, packetsOut: o?.packets ?? 0, bytesIn: i?.bytes ?? 0, bytesOut: o?.bytes ?? 0 };
  };
  return table.services.map((s) => ({
    service: serviceId(serviceKeyOf(s)),
    counters: of(s),
    destinations: s.destinations.map((d) => ({ dest: destId(d), counters: of(s, d) })),
  }));
}
