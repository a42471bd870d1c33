// The typed steps that turn one IPVS table into another. Identity is kept apart from state (as in
// kube-proxy's IPVS proxier): a service is identified by (family, protocol, address, port) or
// (family, fwmark); a destination by (address, port) within its service.
import type { IpvsDestination, IpvsFamily, IpvsProtocol, IpvsService } from '../ipvs/types';

export interface IpvsServiceKey {
  family: IpvsFamily;
  protocol: IpvsProtocol;
  /** tcp/udp/sctp only. */
  address?: string;
  port?: number;
  /** fwmark only. */
  fwmark?: number;
}

/** A service without its destinations: what `-A` / `-E` set (both set all of it). */
export type IpvsServiceSpec = Omit<IpvsService, 'destinations'>;

export type IpvsOp =
  | { kind: 'add-service'; service: IpvsServiceSpec }
  /** `ipvsadm -E` replaces the whole service: the op carries all of the desired service. */
  | { kind: 'edit-service'; service: IpvsServiceSpec }
  | { kind: 'delete-service'; service: IpvsServiceKey }
  | { kind: 'add-dest'; service: IpvsServiceKey; dest: IpvsDestination }
  /** `ipvsadm -e` replaces the whole destination: the op carries all of the desired destination. */
  | { kind: 'edit-dest'; service: IpvsServiceKey; dest: IpvsDestination }
  | { kind: 'delete-dest'; service: IpvsServiceKey; dest: Pick<IpvsDestination, 'family' | 'address' | 'port'> }
  /** Weight 0, the rest unchanged: the destination takes no new connections; it is deleted once drained. */
  | { kind: 'drain-dest'; service: IpvsServiceKey; dest: IpvsDestination };

export type IpvsOpKind = IpvsOp['kind'];

export function serviceKeyOf(s: IpvsServiceKey): IpvsServiceKey {
  if (s.protocol === 'fwmark') return { family: s.family, protocol: 'fwmark', fwmark: s.fwmark ?? 0 };
  return { family: s.family, protocol: s.protocol, address: s.address ?? '', port: s.port ?? 0 };
}

export function serviceId(s: IpvsServiceKey): string {
  return s.protocol === 'fwmark' ? `${s.family}|fwmark|${s.fwmark ?? 0}` : `${s.family}|${s.protocol}|${s.address ?? ''}|${s.port ?? 0}`;
}

export function destId(d: Pick<IpvsDestination, 'address' | 'port'>): string {
  return `${d.address}|${d.port}`;
}

export function serviceSpecOf(s: IpvsService): IpvsServiceSpec {
  const { destinations, ...spec } = s;
  void destinations;
  return structuredClone(spec);
}
