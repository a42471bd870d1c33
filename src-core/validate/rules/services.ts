// Virtual-service rules: director reference, VIP/port/fwmark, duplicates, VIP placement,
// one-packet scheduling, persistence and its netmask, sorry server.
import type { RuleContext } from '../context';
import { firstTime, type PassState } from '../pass-state';
import type { Service } from '../../model/plan-schema';
import { serviceFamily, serviceVips } from '../../model/plan-index';
import { cidrContains, familyOf, isIp, maskToPrefix, normalizeIp, numberToIpv4, prefixToMask } from '../../util/ip';
import { hostTargetById, serviceTarget } from '../targets';
import { checkHealth } from './health';

function checkDirectorRef(ctx: RuleContext, s: Service, si: number): void {
  if (ctx.index.haPairs.has(s.director)) return;
  const host = ctx.index.hosts.get(s.director);
  const t = serviceTarget(si, s.id, '.director');
  if (!host) ctx.report('structure.director-unknown', t, { service: s.id, director: String(s.director) });
  else if (host.role !== 'director') ctx.report('structure.director-not-director', t, { service: s.id, director: s.director, role: host.role });
  else {
    const pair = ctx.pairOfHost.get(host.id);
    if (pair) {
      ctx.report('ha.service-on-member', t, { service: s.id, director: host.id, pair: pair.id }, {
        fix: { title: { en: `Serve ${s.id} from HA pair ${pair.id}`, zh: `改由高可用对 ${pair.id} 承载 ${s.id}` }, edits: [{ path: t.path, value: pair.id }] },
      });
    }
  }
}

/** The identity of a service on one director, as the kernel sees it. */
function serviceKey(s: Service): string | undefined {
  if (s.protocol === 'fwmark') return s.fwmark === undefined ? undefined : `fwmark ${s.fwmark} ${serviceFamily(s)}`;
  const vip = s.vip !== undefined ? normalizeIp(s.vip) : undefined;
  if (!vip || s.port === undefined) return undefined;
  return `${s.protocol} ${familyOf(vip) === 'ipv6' ? `[${vip}]` : vip}:${s.port}`;
}

function checkAddressing(ctx: RuleContext, s: Service, si: number): void {
  const t = (sub = '') => serviceTarget(si, s.id, sub);
  if (s.protocol === 'fwmark') {
    if (s.fwmark === undefined) ctx.report('service.fwmark-required', t('.fwmark'), { service: s.id });
    else if (!Number.isInteger(s.fwmark) || s.fwmark < 1 || s.fwmark > 4294967295) {
      ctx.report('service.fwmark-range', t('.fwmark'), { service: s.id, fwmark: String(s.fwmark) });
    }
    const family = serviceFamily(s);
    if (!s.match || s.match.length === 0) {
      ctx.report('service.fwmark-no-match', t('.match'), { service: s.id, fwmark: String(s.fwmark ?? '?') });
    }
    (s.match ?? []).forEach((m, k) => {
      const f = familyOf(m.vip);
      if (!f) ctx.report('network.vip-invalid', t(`.match[${k}].vip`), { vip: String(m.vip), owner: s.id });
      else if (f !== family) ctx.report('service.family-mismatch', t(`.match[${k}].vip`), { vip: m.vip, service: s.id, vipFamily: f, family });
    });
    return;
  }
  if (s.vip === undefined) ctx.report('service.vip-required', t('.vip'), { service: s.id, protocol: s.protocol });
  else if (!isIp(s.vip)) ctx.report('network.vip-invalid', t('.vip'), { vip: String(s.vip), owner: s.id });
  if (s.port === undefined) ctx.report('service.port-required', t('.port'), { service: s.id, protocol: s.protocol });
  else if (s.port === 0 && !s.persistence) ctx.report('service.zero-port-not-persistent', t('.port'), { service: s.id });
  if (s.fwmark !== undefined) ctx.report('service.fwmark-fields-ignored', t('.fwmark'), { service: s.id, protocol: s.protocol, field: 'fwmark' });
  if (s.match !== undefined) ctx.report('service.fwmark-fields-ignored', t('.match'), { service: s.id, protocol: s.protocol, field: 'match' });
}

function checkDuplicate(ctx: RuleContext, st: PassState, s: Service, si: number, directors: string[]): void {
  const key = serviceKey(s);
  if (!key) return;
  for (const d of directors) {
    const first = st.serviceKeys.get(`${d}|${key}`);
    if (first && first.service !== s) {
      ctx.report('service.duplicate', serviceTarget(si, s.id), { service: s.id, key, other: first.service.id, director: d }, {
        related: [serviceTarget(first.si, first.service.id)],
      });
      return;
    }
  }
  for (const d of directors) st.serviceKeys.set(`${d}|${key}`, { service: s, si });
}

/** Where the VIPs live: never on an interface; on a network of the director (or of both HA directors). */
function checkVipPlacement(ctx: RuleContext, st: PassState, s: Service, si: number, directors: string[]): void {
  const pair = ctx.index.haPairs.get(s.director);
  const vips = serviceVips(s);
  vips.forEach((vip) => {
    const n = normalizeIp(vip);
    if (!n) return;
    const path = s.protocol === 'fwmark' ? `.match[${(s.match ?? []).findIndex((m) => m.vip === vip)}].vip` : '.vip';
    const t = serviceTarget(si, s.id, path);
    const first = st.vipOwners.get(n);
    if (!first) st.vipOwners.set(n, { service: s, si });
    else if (first.service.director !== s.director && firstTime(st, 'vip-two-directors', n, s.director)) {
      ctx.report('network.vip-on-two-directors', t, {
        vip: n,
        service: s.id,
        director: s.director,
        otherDirector: first.service.director,
        other: first.service.id,
      }, { related: [serviceTarget(first.si, first.service.id, '.director')] });
    }
    for (const owner of ctx.index.addressOwners.get(n) ?? []) {
      const related = hostTargetById(ctx, owner.host.id);
      ctx.report('network.vip-on-interface', t, { vip: n, service: s.id, host: owner.host.id, iface: owner.iface }, related ? { related: [related] } : {});
    }
    if (pair) {
      const [a, b] = directors;
      if (a === undefined || b === undefined || !firstTime(st, 'ha-vip', pair.id, n)) return;
      const bNets = ctx.hostNetworkIds(b);
      const shared = [...ctx.hostNetworkIds(a)].some((id) => {
        const c = ctx.index.networkCidrs.get(id);
        return bNets.has(id) && c !== undefined && cidrContains(c, n);
      });
      if (!shared) ctx.report('ha.vip-network-not-shared', t, { vip: n, service: s.id, pair: pair.id });
    } else {
      for (const d of directors) {
        if (!ctx.hostPrefixes(d).some((c) => cidrContains(c, n))) {
          ctx.report('network.vip-off-director-network', t, { vip: n, service: s.id, director: d });
        }
      }
    }
  });
}

function checkNetmask(ctx: RuleContext, s: Service, si: number, netmask: string): void {
  const t = serviceTarget(si, s.id, '.persistence.netmask');
  const family = serviceFamily(s);
  const text = String(netmask);
  if (family === 'ipv4') {
    if (/^\d+$/.test(text)) {
      const n = Number(text);
      if (n > 4294967295) ctx.report('service.netmask-invalid', t, { netmask: text, service: s.id, family });
      else ctx.report('service.netmask-bare-number-ipv4', t, { netmask: text, service: s.id, taken: numberToIpv4(n), dotted: prefixToMask(n <= 32 ? n : 24) });
    } else if (familyOf(text) !== 'ipv4') ctx.report('service.netmask-invalid', t, { netmask: text, service: s.id, family });
    else if (maskToPrefix(text) === undefined) ctx.report('service.netmask-noncontiguous', t, { netmask: text, service: s.id });
    return;
  }
  if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 128) return;
  if (familyOf(text) === 'ipv4') ctx.report('service.netmask-ipv6-dotted', t, { netmask: text, service: s.id });
  else ctx.report('service.netmask-invalid', t, { netmask: text, service: s.id, family });
}

function checkOptions(ctx: RuleContext, s: Service, si: number): void {
  const t = (sub = '') => serviceTarget(si, s.id, sub);
  if (s.onePacket && s.protocol !== 'udp' && s.protocol !== 'fwmark') {
    ctx.report('service.one-packet-not-udp', t('.onePacket'), { service: s.id, protocol: s.protocol });
  }
  const p = s.persistence;
  if (p) {
    if (!Number.isInteger(p.timeout) || p.timeout < 1 || p.timeout > 2678400) {
      ctx.report('service.persistence-timeout-range', t('.persistence.timeout'), { service: s.id, timeout: String(p.timeout) });
    }
    if (p.netmask !== undefined) checkNetmask(ctx, s, si, p.netmask);
    const udp = s.protocol === 'udp' || (s.protocol === 'fwmark' && (s.match ?? []).some((m) => m.protocol === 'udp'));
    if (p.engine === 'sip' && !udp) ctx.report('service.pe-sip-not-udp', t('.persistence.engine'), { service: s.id, protocol: s.protocol });
  }
  const sorry = s.sorryServer;
  if (sorry) {
    const f = familyOf(sorry.address);
    const family = serviceFamily(s);
    if (!f) ctx.report('service.sorry-address-invalid', t('.sorryServer.address'), { address: String(sorry.address), service: s.id });
    else if (f !== family && sorry.forwarding !== 'tun') {
      ctx.report('service.sorry-family-mismatch', t('.sorryServer.address'), { address: sorry.address, family, service: s.id, addressFamily: f });
    }
  }
  if (s.healthCheck) checkHealth(ctx, s.healthCheck, s.id, (sub) => serviceTarget(si, s.id, `.healthCheck${sub}`));
}

/** Every service-level rule (not the real servers). */
export function checkService(ctx: RuleContext, st: PassState, s: Service, si: number, directors: string[]): void {
  checkDirectorRef(ctx, s, si);
  checkAddressing(ctx, s, si);
  checkDuplicate(ctx, st, s, si, directors);
  checkVipPlacement(ctx, st, s, si, directors);
  checkOptions(ctx, s, si);
}
