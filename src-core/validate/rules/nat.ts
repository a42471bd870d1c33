// LVS-NAT: the real server reaches the director on a shared network (DIP) and routes its replies
// through it (default gateway = DIP, or a floating private VIP with an HA pair).
import type { RuleContext } from '../context';
import { firstTime, type PassState } from '../pass-state';
import { dipFor, type HostAddress } from '../../model/plan-index';
import { cidrContains, familyOf, normalizeIp } from '../../util/ip';
import { hostTargetById, realServerTarget } from '../targets';
import { vrrpVipAddress } from './ha';
import { gatewayField, type Membership } from './membership-info';

function onDipNetwork(ctx: RuleContext, dip: HostAddress, address: string): boolean {
  const net = dip.networkId ? ctx.index.networkCidrs.get(dip.networkId) : undefined;
  return (net !== undefined && cidrContains(net, address)) || cidrContains(dip.cidr, address);
}

export function checkNat(ctx: RuleContext, st: PassState, m: Membership): void {
  const { service: s, rs, address, family, directors } = m;
  const dips: HostAddress[] = [];
  for (const d of directors) {
    const dip = dipFor(ctx.index, d, address);
    if (dip) dips.push(dip);
    else if (firstTime(st, 'nat-dip', address, d)) {
      ctx.report('nat.rs-no-dip', realServerTarget(m.si, m.ri, rs.id), { address, service: s.id, director: d });
    }
    if (firstTime(st, 'ip-forward', d, family)) {
      const t = hostTargetById(ctx, d);
      if (t) ctx.report('nat.ip-forward', t, { director: d, sysctl: family === 'ipv6' ? 'net.ipv6.conf.all.forwarding' : 'net.ipv4.ip_forward' });
    }
  }
  const host = ctx.index.hosts.get(rs.host);
  if (!host || dips.length === 0 || !firstTime(st, `nat-gw-${family}`, rs.host, s.director)) return;
  const field = gatewayField(family);
  const gwTarget = hostTargetById(ctx, rs.host, `.${field}`)!;
  const gw = host[field];
  const pair = ctx.index.haPairs.get(s.director);
  const floating = pair
    ? (pair.vrrp?.vips ?? []).map(vrrpVipAddress).filter((a): a is string => !!a && dips.some((dp) => onDipNetwork(ctx, dp, a)))
    : [];
  const want = pair ? floating[0] : dips[0]!.address;
  const dipText = want ?? dips.map((d) => d.address).join(', ');
  const fix = want
    ? {
        fix: {
          title: { en: `Set the ${field} of ${rs.host} to ${want}`, zh: `把 ${rs.host} 的 ${field} 设为 ${want}` },
          edits: [{ path: gwTarget.path, value: want }],
        },
      }
    : {};
  const related = directors.map((d) => hostTargetById(ctx, d)).filter((t) => t !== undefined);
  const params = { host: rs.host, field, service: s.id, dip: dipText };
  if (gw === undefined) {
    ctx.report('nat.rs-gateway-missing', gwTarget, params, { ...fix, related });
    return;
  }
  if (familyOf(gw) !== family) return; // host.gateway-invalid says so
  const g = normalizeIp(gw)!;
  if (pair) {
    if (floating.includes(g)) return;
    const own = (ctx.index.addressOwners.get(g) ?? []).find((o) => directors.includes(o.host.id));
    if (own) {
      ctx.report('nat.rs-gateway-director-own-address', gwTarget, { host: rs.host, gateway: g, director: own.host.id, field, service: s.id, pair: pair.id }, { related });
      return;
    }
  } else if (g === want) return;
  ctx.report('nat.rs-gateway-not-dip', gwTarget, { ...params, gateway: g }, { ...fix, related });
}
