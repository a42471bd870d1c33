// Which kernel device and module receive IPVS-tunnelled packets on a real server. We only bring up
// the fallback device each tunnel module creates (tunl0, gre0, ...): it accepts packets from any
// director without per-director configuration. GUE is ipip inside UDP: fou on the given port
// strips the UDP header and hands the packet to tunl0.
import type { DesiredTunnel } from '../../compile/desired-state';

export interface TunnelDevice {
  dev: string;
  module: string;
  /** gue only: the UDP port given to `ip fou add port N gue`. */
  fouPort?: number;
}

export function tunnelDevice(t: Pick<DesiredTunnel, 'type' | 'family' | 'port'>): TunnelDevice | undefined {
  if (t.type === 'ipip' || t.type === 'ip6tnl') {
    return t.family === 'ipv4' ? { dev: 'tunl0', module: 'ipip' } : { dev: 'ip6tnl0', module: 'ip6_tunnel' };
  }
  if (t.type === 'gre') {
    return t.family === 'ipv4' ? { dev: 'gre0', module: 'ip_gre' } : { dev: 'ip6gre0', module: 'ip6_gre' };
  }
  if (t.type === 'gue' && t.family === 'ipv4' && Number.isInteger(t.port) && t.port! >= 1 && t.port! <= 65535) {
    return { dev: 'tunl0', module: 'ipip', fouPort: t.port };
  }
  return undefined;
}

/** Loaded by the tunnel step itself, so that a missing one gives the tunnel's own message. */
export const TUNNEL_MODULES = ['ipip', 'ip6_tunnel', 'ip_gre', 'ip6_gre', 'fou', 'fou6'];
