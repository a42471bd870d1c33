// Named counters of the nftables plane, the source of its stats: per service and per real server,
// `n_` new connections (packets = connections), `i_` packets/bytes client -> real server, `o_` real
// server -> client. Names come from the service key and the real server's address and port, so they
// are stable across loads: the transaction declares them (a no-op for an existing counter, which
// keeps its values) and deletes only those of services and real servers that went away.
//
// NAT/FULLNAT: a filter chain at prerouting after dstnat matches our connections by their conntrack
// original tuple (VIP, protocol, port) and finds the real server in the packet, already DNATed in
// the original direction, not yet un-DNATed in the reply direction. A connection is new on its first
// packet only (conntrack entry not yet confirmed), so a retransmitted SYN is not counted twice.
// DR: the netdev rules count in the same rule that forwards (no replies pass the director).
import { type IpvsDestination, type IpvsService, type IpvsTable } from '../../ipvs/types';
import { normalizeIp } from '../../util/ip';
import { digest, hash32 } from './encode';
import { nftServiceKey } from './context';

export type NftCounterKind = 'n' | 'i' | 'o';
export const NFT_COUNTER_KINDS: readonly NftCounterKind[] = ['n', 'i', 'o'];

/** Service part of the counter names (the same as the suffix of its maps). */
const serviceTag = (svc: Pick<IpvsService, 'protocol' | 'family' | 'address' | 'port' | 'fwmark'>): string => digest(nftServiceKey(svc)).slice(0, 12);

/** Real-server part: the id the renderer gives a target (hash of address and port). */
export function nftDestTag(d: Pick<IpvsDestination, 'address' | 'port'>): string {
  const addr = normalizeIp(d.address) ?? d.address;
  return ((hash32(`${addr} ${d.port}`) || 1) >>> 0).toString(16).padStart(8, '0');
}

/** `<kind>_<service>` or `<kind>_<service>_<real server>`. */
export function nftCounterName(kind: NftCounterKind, svc: Pick<IpvsService, 'protocol' | 'family' | 'address' | 'port' | 'fwmark'>, dest?: Pick<IpvsDestination, 'address' | 'port'>): string {
  return dest ? `${kind}_${serviceTag(svc)}_${nftDestTag(dest)}` : `${kind}_${serviceTag(svc)}`;
}

/** Whether a service lives in the netdev (DR) table. */
export const isDrService = (svc: IpvsService): boolean => svc.destinations.some((d) => d.forward === 'route');

/** Every counter a table's services own, as `inet <name>` / `netdev <name>`. */
export function nftCounterRefs(table: IpvsTable): Set<string> {
  const out = new Set<string>();
  for (const s of table.services) {
    const fam = isDrService(s) ? 'netdev' : 'inet';
    for (const k of NFT_COUNTER_KINDS) {
      if (fam === 'netdev' && k === 'o') continue;
      out.add(`${fam} ${nftCounterName(k, s)}`);
      for (const d of s.destinations) out.add(`${fam} ${nftCounterName(k, s, d)}`);
    }
  }
  return out;
}
