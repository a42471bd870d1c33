// The IPVS table a director should hold for a plan, normalised as the kernel normalises what
// ipvsadm sends (see shared/reference/ipvsadm-kernel-behaviour.md): default scheduler wlc, DR/TUN
// ports forced to the VIP port except on fwmark services, -M kept only when persistent and not the
// full mask, tunnel defaults (ipip; gue/gre checksum nocsum). Duplicates keep the first entry, as
// the kernel refuses the second.
import type { Plan, RealServer, Service } from '../model/plan-schema';
import { directorsOf, indexPlan, realServerAddress, serviceFamily, type PlanIndex } from '../model/plan-index';
import { cidrContains, familyOf, normalizeIp, numberToIpv4, parseCidr } from '../util/ip';
import { inetAton, inetPton6 } from '../ipvs/normalize';
import type { IpvsDestination, IpvsForward, IpvsService, IpvsTable } from '../ipvs/types';
import type { DesiredFullnat } from './desired-state';

const FORWARD: Record<RealServer['forwarding'], IpvsForward | undefined> = {
  nat: 'masq',
  dr: 'route',
  tun: 'tunnel',
  fullnat: undefined, // no stock-kernel IPVS forwarding method: not part of the IPVS table
};

/** The kernel's printed form of an address (glibc inet_ntop for IPv6). */
function kernelAddress(text: string): string | undefined {
  const plain = normalizeIp(text);
  if (plain === undefined) return undefined;
  return plain.includes(':') ? inetPton6(text) : plain;
}

const FLAG_ORDER = ['sh-fallback', 'sh-port', 'mh-fallback', 'mh-port'];

function netmaskOf(family: 'ipv4' | 'ipv6', mask: string | undefined): string | undefined {
  if (mask === undefined) return undefined;
  if (family === 'ipv6') {
    const n = parseInt(mask, 10);
    return Number.isInteger(n) && n >= 1 && n < 128 ? String(n) : undefined;
  }
  const n = inetAton(mask);
  return n === undefined || n === 0xffffffff ? undefined : numberToIpv4(n);
}

/** FULLNAT real servers as the nftables plane takes them: NAT destinations, plus an SNAT to the LIP. */
const FULLNAT_FORWARD: Record<RealServer['forwarding'], IpvsForward | undefined> = { nat: undefined, dr: undefined, tun: undefined, fullnat: 'masq' };

function toService(index: PlanIndex, s: Service, forwardOf: Record<RealServer['forwarding'], IpvsForward | undefined> = FORWARD): IpvsService | undefined {
  const family = serviceFamily(s);
  const scheduler = s.scheduler ?? 'wlc';
  const svc: IpvsService = {
    protocol: s.protocol,
    family,
    scheduler,
    onePacket: s.onePacket ?? false,
    flags: FLAG_ORDER.filter((f) => (s.schedulerFlags ?? []).includes(f as never) && f.startsWith(`${scheduler}-`)),
    destinations: [],
  };
  if (s.protocol === 'fwmark') {
    if (s.fwmark === undefined) return undefined;
    svc.fwmark = s.fwmark;
  } else {
    const vip = s.vip !== undefined ? kernelAddress(s.vip) : undefined;
    if (vip === undefined) return undefined;
    svc.address = vip;
    svc.port = s.port ?? 0;
  }
  if (s.persistence) {
    svc.persistence = s.persistence.timeout;
    const m = netmaskOf(family, s.persistence.netmask);
    if (m !== undefined) svc.netmask = m;
    if (s.persistence.engine) svc.pe = s.persistence.engine;
  }
  const seen = new Set<string>();
  for (const rs of s.realServers ?? []) {
    const forward = forwardOf[rs.forwarding];
    const raw = realServerAddress(index, s, rs);
    const address = raw !== undefined ? kernelAddress(raw.split('/')[0]!) : undefined;
    const rsFamily = address !== undefined ? familyOf(address) : undefined;
    if (!forward || address === undefined || rsFamily === undefined) continue;
    const port = s.protocol !== 'fwmark' && forward !== 'masq' ? (svc.port ?? 0) : (rs.port ?? (s.protocol === 'fwmark' ? 0 : (svc.port ?? 0)));
    const d: IpvsDestination = {
      address,
      family: rsFamily,
      port,
      forward,
      weight: rs.weight ?? 1,
      upperThreshold: rs.upperThreshold ?? 0,
      lowerThreshold: rs.lowerThreshold ?? 0,
    };
    if (forward === 'tunnel') {
      d.tunType = rs.tunnel?.type ?? 'ipip';
      if (d.tunType === 'gue') d.tunPort = rs.tunnel?.port ?? 0;
      if (d.tunType !== 'ipip') d.tunCsum = rs.tunnel?.checksum ?? 'nocsum';
    }
    const key = `${d.family} ${d.address} ${d.port}`;
    if (!seen.has(key)) {
      seen.add(key);
      svc.destinations.push(d);
    }
  }
  return svc;
}

const serviceKey = (a: IpvsService) => `${a.family} ${a.protocol} ${a.fwmark ?? ''} ${a.address ?? ''} ${a.port ?? ''}`;

/**
 * The services of `plan` served by director `directorHostId` (directly or through its HA pair).
 * `services` narrows the scan to those already known to be on this director (the compiler passes
 * them, so compiling many directors stays linear).
 */
export function planToIpvsTable(plan: Plan, directorHostId: string, index: PlanIndex = indexPlan(plan), services?: Service[]): IpvsTable {
  const table: IpvsTable = { services: [] };
  const seen = new Set<string>();
  for (const s of services ?? plan.spec?.services ?? []) {
    if (!directorsOf(index, s).includes(directorHostId)) continue;
    const svc = toService(index, s);
    if (!svc) continue;
    const key = serviceKey(svc);
    if (!seen.has(key)) {
      seen.add(key);
      table.services.push(svc);
    }
  }
  return table;
}

/**
 * The director's local address (LIP) its FULLNAT real servers see as the client: its own address on
 * the network holding the first real server, else its first address of the service's family.
 */
function fullnatLip(index: PlanIndex, directorHostId: string, svc: IpvsService): string | undefined {
  const cidrs = (index.hosts.get(directorHostId)?.interfaces ?? []).flatMap((i) => i.addresses).map(parseCidr);
  const own = cidrs.filter((c) => c !== undefined && c.family === svc.family && c.address !== svc.address);
  const near = svc.destinations.map((d) => own.find((c) => cidrContains(c!, d.address))).find((c) => c !== undefined);
  return (near ?? own[0])?.address;
}

/**
 * The FULLNAT services of `plan` on director `directorHostId`: the kernel IPVS has no FULLNAT, so
 * they are not in its IPVS table; the nftables plane serves them (dnat + snat to the LIP). A
 * service with both NAT and FULLNAT real servers appears in both, each with its own.
 */
export function planToFullnat(plan: Plan, directorHostId: string, index: PlanIndex = indexPlan(plan), services?: Service[]): DesiredFullnat | undefined {
  const out: DesiredFullnat = { services: [] };
  const seen = new Set<string>();
  for (const s of services ?? plan.spec?.services ?? []) {
    if (!(s.realServers ?? []).some((rs) => rs.forwarding === 'fullnat') || !directorsOf(index, s).includes(directorHostId)) continue;
    const svc = toService(index, s, FULLNAT_FORWARD);
    if (!svc || svc.destinations.length === 0) continue;
    const lip = fullnatLip(index, directorHostId, svc);
    const key = serviceKey(svc);
    if (lip === undefined || seen.has(key)) continue;
    seen.add(key);
    out.services.push({ service: svc, lip });
  }
  return out.services.length > 0 ? out : undefined;
}
