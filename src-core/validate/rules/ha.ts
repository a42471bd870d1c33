// HA pairs: two distinct directors, VRRP settings (interface, priorities, router id, advert,
// password, extra VIPs) and the connection-sync interface.
import type { RuleContext } from '../context';
import type { HaPair } from '../../model/plan-schema';
import { isIp, parseCidr } from '../../util/ip';
import { pairTarget } from '../targets';

/** An extra VRRP VIP ("10.0.0.1" or "10.0.0.1/24") as a plain address, or undefined when invalid. */
export function vrrpVipAddress(text: string): string | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes('/')) return parseCidr(text)?.address;
  return isIp(text) ? text : undefined;
}

/** Path suffix of one priority entry; an id with a dot cannot be a path segment, so the record is meant. */
const priorityKey = (id: string) => (/^[A-Za-z0-9_-]+$/.test(id) ? `.${id}` : '');

function checkPair(ctx: RuleContext, p: HaPair, pi: number, vrids: Map<string, { pair: HaPair; pi: number }>): void {
  const t = (sub = '') => pairTarget(pi, p.id, sub);
  const directors = p.directors ?? [];
  const distinct = [...new Set(directors)];
  if (distinct.length !== 2) ctx.report('ha.directors-count', t('.directors'), { pair: p.id, count: distinct.length });
  directors.forEach((d, di) => {
    if (directors.indexOf(d) !== di) return;
    const host = ctx.index.hosts.get(d);
    const dt = t(`.directors[${di}]`);
    if (!host) {
      ctx.report('ha.director-unknown', dt, { pair: p.id, director: d });
      return;
    }
    if (host.role !== 'director') ctx.report('ha.director-not-director', dt, { pair: p.id, director: d, role: host.role });
    const firstPair = ctx.pairOfHost.get(d);
    if (firstPair && firstPair !== p) {
      const fi = ctx.pairPos.get(firstPair.id) ?? 0;
      ctx.report('ha.director-in-two-pairs', dt, { director: d, pair: p.id, other: firstPair.id }, { related: [pairTarget(fi, firstPair.id)] });
    }
    const names = new Set((host.interfaces ?? []).map((i) => i.name));
    if (p.vrrp && !names.has(p.vrrp.interface)) {
      ctx.report('ha.vrrp-interface-missing', t('.vrrp.interface'), { iface: p.vrrp.interface, pair: p.id, director: d });
    }
    if (p.sync && !names.has(p.sync.interface)) {
      ctx.report('ha.sync-interface-missing', t('.sync.interface'), { iface: p.sync.interface, pair: p.id, director: d });
    }
  });
  const v = p.vrrp;
  if (!v) return;
  const prios = v.priorities ?? {};
  const known = distinct.filter((d) => ctx.index.hosts.has(d));
  for (const d of known) {
    const prio = prios[d];
    if (prio === undefined) ctx.report('ha.priority-missing', t('.vrrp.priorities'), { pair: p.id, director: d });
    else if (!Number.isInteger(prio) || prio < 1 || prio > 255) {
      ctx.report('ha.priority-range', t(`.vrrp.priorities${priorityKey(d)}`), { priority: prio, director: d, pair: p.id });
    }
  }
  const [a, b] = distinct;
  if (a !== undefined && b !== undefined && prios[a] !== undefined && prios[a] === prios[b]) {
    ctx.report('ha.priority-equal', t('.vrrp.priorities'), { pair: p.id, priority: prios[a] });
  }
  for (const key of Object.keys(prios)) {
    if (!distinct.includes(key)) ctx.report('ha.priority-not-member', t(`.vrrp.priorities${priorityKey(key)}`), { pair: p.id, host: key });
  }
  if (!Number.isInteger(v.virtualRouterId) || v.virtualRouterId < 1 || v.virtualRouterId > 255) {
    ctx.report('ha.vrid-range', t('.vrrp.virtualRouterId'), { pair: p.id, vrid: String(v.virtualRouterId) });
  } else {
    // The VRRP network: the network of the VRRP interface on the directors (the same on both).
    const nets = known
      .map((d) => ({ d, net: ctx.index.hosts.get(d)?.interfaces?.find((i) => i.name === v.interface)?.network }))
      .filter((x): x is { d: string; net: string } => x.net !== undefined);
    const [n1, n2] = nets;
    if (n1 && n2 && n1.net !== n2.net) {
      ctx.report('ha.vrrp-network-mismatch', t('.vrrp.interface'), {
        iface: v.interface,
        pair: p.id,
        network: n1.net,
        director: n1.d,
        otherNetwork: n2.net,
        other: n2.d,
      });
    }
    const network = n1?.net;
    if (network) {
      const key = `${network}|${v.virtualRouterId}`;
      const first = vrids.get(key);
      if (first) {
        ctx.report('ha.vrid-duplicate', t('.vrrp.virtualRouterId'), { pair: p.id, other: first.pair.id, vrid: v.virtualRouterId, network }, {
          related: [pairTarget(first.pi, first.pair.id, '.vrrp.virtualRouterId')],
        });
      } else vrids.set(key, { pair: p, pi });
    }
  }
  if (v.advertInterval !== undefined && !(typeof v.advertInterval === 'number' && v.advertInterval > 0 && v.advertInterval <= 255)) {
    ctx.report('ha.advert-interval-range', t('.vrrp.advertInterval'), { pair: p.id, value: String(v.advertInterval) });
  }
  if (typeof v.authPass === 'string' && v.authPass.length > 8) {
    ctx.report('ha.auth-pass-too-long', t('.vrrp.authPass'), { pair: p.id, length: v.authPass.length });
  }
  (v.vips ?? []).forEach((vip, k) => {
    if (!vrrpVipAddress(vip)) ctx.report('network.vip-invalid', t(`.vrrp.vips[${k}]`), { vip: String(vip), owner: p.id });
  });
}

export function checkHaPairs(ctx: RuleContext): void {
  const vrids = new Map<string, { pair: HaPair; pi: number }>();
  (ctx.plan.spec?.haPairs ?? []).forEach((p, pi) => checkPair(ctx, p, pi, vrids));
}
