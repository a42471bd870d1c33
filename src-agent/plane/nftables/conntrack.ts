// Connections per NAT destination from conntrack (`conntrack -L`, or /proc/net/nf_conntrack): an
// entry counts for a destination when its original direction went to the service and its reply
// comes from the destination. Both sources print the same key=value fields.
import type { IpvsService } from '../../../src-core/ipvs/types';
import type { NftFwmarkMatch } from '../../../src-core/render/nftables';
import { normalizeIp } from '../../../src-core/util/ip';

export interface ConntrackEntry {
  protocol: string;
  origDst: string;
  origDport: number;
  replySrc: string;
  replySport: number;
}

/** Parses conntrack lines; unknown lines are skipped. */
export function parseConntrack(text: string): ConntrackEntry[] {
  const out: ConntrackEntry[] = [];
  for (const line of text.split('\n')) {
    const proto = /(?:^|\s)(tcp|udp|sctp)\s+\d+\s/.exec(line)?.[1];
    if (!proto) continue;
    const dst = [...line.matchAll(/\bdst=(\S+)/g)].map((m) => m[1]!);
    const src = [...line.matchAll(/\bsrc=(\S+)/g)].map((m) => m[1]!);
    const sport = [...line.matchAll(/\bsport=(\d+)/g)].map((m) => Number(m[1]));
    const dport = [...line.matchAll(/\bdport=(\d+)/g)].map((m) => Number(m[1]));
    if (dst.length < 2 || src.length < 2 || sport.length < 2 || dport.length < 2) continue;
    out.push({ protocol: proto, origDst: normalizeIp(dst[0]!) ?? dst[0]!, origDport: dport[0]!, replySrc: normalizeIp(src[1]!) ?? src[1]!, replySport: sport[1]! });
  }
  return out;
}

/** Entries of one service going to one destination. */
export function countFor(entries: readonly ConntrackEntry[], svc: IpvsService, match: readonly NftFwmarkMatch[], address: string, port: number): number {
  const wants = (e: ConntrackEntry): boolean => {
    if (svc.protocol !== 'fwmark') return e.protocol === svc.protocol && e.origDst === svc.address && (svc.port === 0 || e.origDport === svc.port);
    return match.some((m) => m.protocol === e.protocol && normalizeIp(m.vip) === e.origDst && m.ports.includes(e.origDport));
  };
  return entries.filter((e) => wants(e) && e.replySrc === address && (port === 0 || e.replySport === port)).length;
}
