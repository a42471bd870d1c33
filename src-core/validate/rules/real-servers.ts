// The real servers of one service: references, address and family, weight and thresholds,
// duplicates, port mapping, health checks, then the forwarding-mode rules and cross-membership
// conflicts. Linear: every lookup goes through maps built once.
import type { RuleContext } from '../context';
import { firstTime, type PassState } from '../pass-state';
import type { RealServer, Service } from '../../model/plan-schema';
import { realServerAddress, serviceFamily, serviceVips } from '../../model/plan-index';
import type { Family } from '../../util/ip';
import { hostTargetById, realServerTarget, serviceTarget } from '../targets';
import { checkDr } from './dr';
import { checkFullnat } from './fullnat';
import { checkHealth, healthNeedsPort } from './health';
import type { Membership } from './membership-info';
import { checkNat } from './nat';
import { checkTun } from './tun';

const KEEPALIVED_MAX_WEIGHT = 65535;
const KERNEL_MAX_WEIGHT = 2147483647;

/** The destination port the kernel stores: dr/tun get the VIP port, except on fwmark services. */
export function effectivePort(s: Service, rs: RealServer): number {
  if (s.protocol === 'fwmark') return rs.port ?? 0;
  if (rs.forwarding === 'dr' || rs.forwarding === 'tun') return s.port ?? 0;
  return rs.port ?? s.port ?? 0;
}

function checkNumbers(ctx: RuleContext, s: Service, si: number, rs: RealServer, ri: number): number {
  const t = (sub = '') => realServerTarget(si, ri, rs.id, sub);
  const w = rs.weight ?? 1;
  if (!Number.isInteger(w) || w < 0 || w > KERNEL_MAX_WEIGHT) {
    ctx.report('rs.weight-range', t('.weight'), { rs: rs.id, weight: String(w) });
    return 0;
  }
  if (w > KEEPALIVED_MAX_WEIGHT) ctx.report('rs.weight-over-keepalived', t('.weight'), { rs: rs.id, weight: w });
  if (w === 0) ctx.report('rs.weight-zero', t('.weight'), { rs: rs.id, service: s.id });
  const upper = rs.upperThreshold ?? 0;
  const lower = rs.lowerThreshold ?? 0;
  if (lower > 0 && upper === 0) ctx.report('rs.threshold-lower-without-upper', t('.lowerThreshold'), { rs: rs.id, lower });
  else if (lower > upper) ctx.report('rs.threshold-lower-above-upper', t('.lowerThreshold'), { rs: rs.id, lower, upper });
  return w;
}

function checkConflicts(ctx: RuleContext, st: PassState, m: Membership, vips: string[]): void {
  const { service: s, rs, directors } = m;
  if (rs.forwarding === 'dr' || rs.forwarding === 'tun') {
    for (const n of vips) {
      if (st.vipDirectors.get(n)?.has(rs.host) && firstTime(st, 'rs-director', rs.host, n)) {
        ctx.report('membership.rs-is-director', realServerTarget(m.si, m.ri, rs.id, '.host'), { host: rs.host, forwarding: rs.forwarding, vip: n, service: s.id });
      }
    }
  }
  if (rs.forwarding !== 'nat' && rs.forwarding !== 'dr') return;
  let reported = false;
  for (const d of directors) {
    const key = `${rs.host}|${d}`;
    let rec = st.modes.get(key);
    if (!rec) st.modes.set(key, (rec = {}));
    if (rs.forwarding === 'nat') rec.nat ??= s.id;
    else rec.dr ??= s.id;
    if (rec.nat !== undefined && rec.dr !== undefined && !rec.reported) {
      rec.reported = true;
      if (reported) continue; // one report for the directors of one service (an HA pair)
      reported = true;
      const t = hostTargetById(ctx, rs.host) ?? realServerTarget(m.si, m.ri, rs.id);
      ctx.report('membership.nat-dr-conflict', t, { host: rs.host, natService: rec.nat, drService: rec.dr, director: d }, {
        related: [realServerTarget(m.si, m.ri, rs.id)],
      });
    }
  }
}

/** realServerAddress, normalised; memoised per (director, family, tun, host) when the address is implicit. */
function resolveAddress(ctx: RuleContext, st: PassState, s: Service, rs: RealServer, family: Family, hostKnown: boolean): string | undefined {
  if (rs.address !== undefined) return ctx.ip(rs.address);
  if (!hostKnown) return undefined;
  let byHost = st.rsAddresses.get(`${s.director}|${family}|${rs.forwarding === 'tun'}`);
  if (!byHost) st.rsAddresses.set(`${s.director}|${family}|${rs.forwarding === 'tun'}`, (byHost = new Map()));
  if (byHost.has(rs.host)) return byHost.get(rs.host);
  const a = ctx.ip(realServerAddress(ctx.index, s, rs));
  byHost.set(rs.host, a);
  return a;
}

export function checkRealServers(ctx: RuleContext, st: PassState, s: Service, si: number, directors: string[]): void {
  const family = serviceFamily(s);
  const vips = serviceVips(s).map((v) => ctx.ip(v)).filter((v) => v !== undefined);
  const seen = new Map<string, { rs: RealServer; ri: number }>();
  let weightSum = 0;
  let zero = 0;
  const list = s.realServers ?? [];
  list.forEach((rs, ri) => {
    const t = (sub = '') => realServerTarget(si, ri, rs.id, sub);
    const host = ctx.index.hosts.get(rs.host);
    if (!host) ctx.report('structure.rs-host-unknown', t('.host'), { rs: rs.id, service: s.id, host: String(rs.host) });
    else if (host.role !== 'real-server') ctx.report('structure.rs-host-not-real-server', t('.host'), { rs: rs.id, service: s.id, host: rs.host, role: host.role });
    const w = checkNumbers(ctx, s, si, rs, ri);
    weightSum += w;
    if (w === 0) zero++;
    if (rs.tunnel !== undefined && rs.forwarding !== 'tun') {
      ctx.report('tun.options-without-tun', t('.tunnel'), { rs: rs.id, forwarding: rs.forwarding });
    }
    if ((rs.forwarding === 'dr' || rs.forwarding === 'tun') && s.protocol !== 'fwmark' && rs.port !== undefined && s.port !== undefined && rs.port !== s.port) {
      const code = rs.forwarding === 'dr' ? 'dr.port-mapping' : 'tun.port-mapping';
      ctx.report(code, t('.port'), { rs: rs.id, port: rs.port, service: s.id, vipPort: s.port }, {
        fix: {
          title: { en: `Set the port of ${rs.id} to the VIP port ${s.port}`, zh: `把 ${rs.id} 的端口设为 VIP 端口 ${s.port}` },
          edits: [{ path: t('.port').path, value: s.port }],
        },
      });
    }
    const hc = rs.healthCheck ?? s.healthCheck;
    if (rs.healthCheck) checkHealth(ctx, rs.healthCheck, rs.id, (sub) => t(`.healthCheck${sub}`));
    if (healthNeedsPort(hc) && effectivePort(s, rs) === 0) {
      const owner = rs.healthCheck ? rs.id : s.id;
      const target = rs.healthCheck ? t('.healthCheck.port') : serviceTarget(si, s.id, '.healthCheck.port');
      if (firstTime(st, 'hc-port', target.path)) ctx.report('health.port-required', target, { owner });
    }
    if (rs.address !== undefined && !ctx.ip(rs.address)) {
      ctx.report('rs.address-invalid', t('.address'), { address: String(rs.address), rs: rs.id });
      return;
    }
    const address = resolveAddress(ctx, st, s, rs, family, !!host);
    if (!address) {
      if (host) ctx.report('rs.address-unresolved', t('.address'), { rs: rs.id, host: rs.host, family, service: s.id });
      return;
    }
    if (host && rs.address !== undefined && !(ctx.index.addressOwners.get(address) ?? []).some((o) => o.host.id === rs.host)) {
      ctx.report('rs.address-not-on-host', t('.address'), { rs: rs.id, address, host: rs.host });
    }
    const addrFamily: Family = address.includes(':') ? 'ipv6' : 'ipv4';
    if (addrFamily !== family && rs.forwarding !== 'tun') {
      ctx.report('rs.family-mismatch', t('.address'), { address, addressFamily: addrFamily, family, service: s.id, forwarding: rs.forwarding });
      return;
    }
    const port = effectivePort(s, rs);
    const endpoint = addrFamily === 'ipv6' ? `[${address}]:${port}` : `${address}:${port}`;
    const first = seen.get(endpoint);
    if (first) {
      ctx.report('rs.duplicate', t(), { rs: rs.id, endpoint, other: first.rs.id, service: s.id }, { related: [realServerTarget(si, first.ri, first.rs.id)] });
    } else seen.set(endpoint, { rs, ri });
    const m: Membership = { service: s, si, rs, ri, address, family: addrFamily, directors };
    if (rs.forwarding === 'nat') checkNat(ctx, st, m);
    else if (rs.forwarding === 'dr') checkDr(ctx, st, m);
    else if (rs.forwarding === 'tun') checkTun(ctx, st, m);
    else if (rs.forwarding === 'fullnat') checkFullnat(ctx, st, m);
    checkConflicts(ctx, st, m, vips);
  });
  const t = (sub = '') => serviceTarget(si, s.id, sub);
  if (list.length === 0 && !s.sorryServer) ctx.report('service.no-real-servers', t('.realServers'), { service: s.id });
  if (list.length > 0 && zero === list.length) ctx.report('service.all-weights-zero', t('.realServers'), { count: list.length, service: s.id });
  if (s.quorum && list.length > 0 && s.quorum.minimum > weightSum) {
    ctx.report('service.quorum-unreachable', t('.quorum.minimum'), { quorum: s.quorum.minimum, service: s.id, sum: weightSum });
  }
}
