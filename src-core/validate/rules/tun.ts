// LVS-TUN: tunnel options as ipvsadm accepts them, the MTU cost of encapsulation, and the tunnel
// interface generated on the real server.
import type { RuleContext } from '../context';
import { firstTime, type PassState } from '../pass-state';
import type { Tunnel } from '../../model/plan-schema';
import type { Family } from '../../util/ip';
import { hostTargetById, realServerTarget } from '../targets';
import { rsNetworkId } from './dr';
import type { Membership } from './membership-info';

/** Bytes the director adds in front of each packet sent to a TUN real server (kernel ip_vs_xmit). */
export function tunnelOverhead(tunnel: Tunnel, outer: Family): number {
  const ip = outer === 'ipv6' ? 40 : 20;
  if (tunnel.type === 'gre') return ip + 4 + (tunnel.checksum === 'csum' ? 4 : 0);
  if (tunnel.type === 'gue') return ip + 8 + 4 + (tunnel.checksum === 'remcsum' ? 8 : 0);
  return ip;
}

export const DEFAULT_MTU = 1500;

export function checkTun(ctx: RuleContext, st: PassState, m: Membership): void {
  const { rs, address, family } = m;
  const tunnel: Tunnel = rs.tunnel ?? { type: 'ipip' };
  const t = (sub = '') => realServerTarget(m.si, m.ri, rs.id, sub);
  if (tunnel.type === 'gue' && tunnel.port === undefined) ctx.report('tun.gue-port-required', t('.tunnel'), { rs: rs.id });
  if (tunnel.type === 'ipip' && tunnel.checksum !== undefined) {
    ctx.report('tun.ipip-checksum', t('.tunnel.checksum'), { rs: rs.id, checksum: tunnel.checksum });
  }
  if (tunnel.type === 'gre' && tunnel.checksum === 'remcsum') ctx.report('tun.gre-remcsum', t('.tunnel.checksum'), { rs: rs.id });
  if (firstTime(st, 'tun-mtu', address, `${tunnel.type}|${tunnel.checksum ?? ''}`)) {
    const net = rsNetworkId(ctx, rs.host, address);
    const mtu = (net ? ctx.index.networks.get(net)?.mtu : undefined) ?? DEFAULT_MTU;
    const overhead = tunnelOverhead(tunnel, family);
    ctx.report('tun.mtu', t(), { rs: rs.id, type: tunnel.type, overhead, effective: mtu - overhead, mtu, needed: mtu + overhead });
  }
  const hostT = hostTargetById(ctx, rs.host);
  if (hostT && firstTime(st, 'tun-info', rs.host)) ctx.report('tun.rs-tunnel-generated', hostT, { host: rs.host, type: tunnel.type });
}
