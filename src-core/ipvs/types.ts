// The IPVS table as the kernel holds it: the common value of the ipvsadm-save renderer, the
// ipvsadm importer, the compiler and (later) the agent's read-state and diff.
// Values here are already normalised the way the kernel normalises them (see
// shared/reference/ipvsadm-kernel-behaviour.md): DR/TUN destination ports forced to the VIP port,
// scheduler always set, persistence netmask only when it is not the full mask, and so on.

export type IpvsFamily = 'ipv4' | 'ipv6';
export type IpvsProtocol = 'tcp' | 'udp' | 'sctp' | 'fwmark';
export type IpvsForward = 'masq' | 'route' | 'tunnel';
export type IpvsTunType = 'ipip' | 'gue' | 'gre';
export type IpvsTunCsum = 'nocsum' | 'csum' | 'remcsum';

export interface IpvsDestination {
  /** Compressed, lower-case address without brackets. */
  address: string;
  family: IpvsFamily;
  port: number;
  forward: IpvsForward;
  weight: number;
  tunType?: IpvsTunType;
  tunPort?: number;
  tunCsum?: IpvsTunCsum;
  /** -x / -y: stored by the kernel but never printed by `ipvsadm -S`. 0 = none. */
  upperThreshold: number;
  lowerThreshold: number;
}

export interface IpvsService {
  protocol: IpvsProtocol;
  family: IpvsFamily;
  /** tcp/udp/sctp only. */
  address?: string;
  port?: number;
  /** fwmark only. */
  fwmark?: number;
  scheduler: string;
  /** Seconds; absent = not persistent. */
  persistence?: number;
  /** Only kept when persistent and not the full mask: dotted IPv4 or an IPv6 prefix length. */
  netmask?: string;
  pe?: string;
  onePacket: boolean;
  /** Canonical scheduler flag names in kernel print order (sh-fallback, sh-port, mh-fallback, mh-port). */
  flags: string[];
  destinations: IpvsDestination[];
}

export interface IpvsTable {
  services: IpvsService[];
}
