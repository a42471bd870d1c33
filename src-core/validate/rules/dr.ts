// LVS-DR: director and real server on one L2 network; the real server answers clients directly,
// so its gateway must not be the director; the VIP on lo and the ARP settings are generated.
import type { RuleContext } from '../context';
import { firstTime, routerOn, type PassState } from '../pass-state';
import { dipFor, networkOf } from '../../model/plan-index';
import { familyOf, normalizeIp } from '../../util/ip';
import { hostTargetById, realServerTarget } from '../targets';
import { vrrpVipAddress } from './ha';
import { gatewayField, type Membership } from './membership-info';

/** The network id of a real-server address: from the host interface holding it, else by CIDR. */
export function rsNetworkId(ctx: RuleContext, hostId: string, address: string): string | undefined {
  const own = (ctx.index.hostAddresses.get(hostId) ?? []).find((a) => a.address === address);
  return own?.networkId ?? networkOf(ctx.index, address)?.id;
}

export function checkDr(ctx: RuleContext, st: PassState, m: Membership): void {
  const { service: s, rs, address, family, directors } = m;
  const net = rsNetworkId(ctx, rs.host, address);
  for (const d of directors) {
    if (!firstTime(st, 'dr-net', address, d)) continue;
    const ok = net ? ctx.hostNetworkIds(d).has(net) : dipFor(ctx.index, d, address) !== undefined;
    if (!ok) ctx.report('dr.rs-not-on-director-network', realServerTarget(m.si, m.ri, rs.id), { address, service: s.id, director: d });
  }
  const host = ctx.index.hosts.get(rs.host);
  if (!host) return;
  if (firstTime(st, 'dr-info', rs.host)) ctx.report('dr.rs-arp-generated', hostTargetById(ctx, rs.host)!, { host: rs.host });
  const field = gatewayField(family);
  const gw = host[field];
  if (gw === undefined || !firstTime(st, `dr-gw-${family}`, rs.host, s.director) || familyOf(gw) !== family) return;
  const hostT = hostTargetById(ctx, rs.host)!;
  const g = normalizeIp(gw)!;
  let director = (ctx.index.addressOwners.get(g) ?? []).find((o) => directors.includes(o.host.id))?.host.id;
  const pair = ctx.index.haPairs.get(s.director);
  if (!director && pair && (pair.vrrp?.vips ?? []).some((v) => vrrpVipAddress(v) === g)) director = pair.id;
  if (!director) return;
  const router = net ? routerOn(ctx, st, net, family) : undefined;
  const path = `${hostT.path}.${field}`;
  const fix =
    router && router !== g
      ? { fix: { title: { en: `Set the ${field} of ${rs.host} to the router ${router}`, zh: `把 ${rs.host} 的 ${field} 设为路由器地址 ${router}` }, edits: [{ path, value: router }] } }
      : {};
  const related = hostTargetById(ctx, director);
  ctx.report('dr.rs-gateway-is-director', { ...hostT, path }, { host: rs.host, field, gateway: g, director, service: s.id }, {
    ...fix,
    ...(related ? { related: [related] } : {}),
  });
}
