// What the nftables renderer needs beyond the logical IPVS table; the agent finds it on the host
// (interfaces, MACs, neighbours) or in the host's desired state (fwmark matches, FULLNAT LIPs).
import type { IpvsFamily, IpvsService } from '../../ipvs/types';

export interface NftFwmarkMatch {
  family: IpvsFamily;
  vip: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  ports: number[];
}

export interface NftNeighbour {
  mac: string;
  /** Director interface the neighbour is reached on. */
  dev: string;
}

export interface NftRenderContext {
  /** DR: the director interface each VIP's traffic arrives on (the netdev ingress hook's device). */
  vipDevice: Record<string, string>;
  /** DR: MAC of each director interface, by name (the source MAC of forwarded frames). */
  deviceMac: Record<string, string>;
  /** DR: real-server MAC and the director interface it is on, by real-server address. */
  neighbours: Record<string, NftNeighbour>;
  /** FULLNAT: the local address (LIP) the director SNATs to, by service key (see nftServiceKey). */
  fullnatLip: Record<string, string>;
  /** fwmark services: the traffic a mark stands for (the plan's `match`), by mark. */
  fwmarkMatch: Record<number, NftFwmarkMatch[]>;
}

export const emptyNftContext = (): NftRenderContext => ({ vipDevice: {}, deviceMac: {}, neighbours: {}, fullnatLip: {}, fwmarkMatch: {} });

/** Stable identity of a service: what IPVS keys it by. */
export function nftServiceKey(s: Pick<IpvsService, 'protocol' | 'family' | 'address' | 'port' | 'fwmark'>): string {
  return s.protocol === 'fwmark' ? `fwmark/${s.family}/${s.fwmark ?? 0}` : `${s.protocol}/${s.family}/${s.address ?? ''}/${s.port ?? 0}`;
}
