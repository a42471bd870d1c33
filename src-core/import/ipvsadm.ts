// Import an ipvsadm-save / restore file as a cluster plan: the file is applied the way
// ipvsadm-restore applies it (parseIpvsadmRules), and the resulting IPVS table becomes one
// director, one real-server host per distinct real-server address, inferred networks and the
// services. Re-rendering the plan (planToIpvsTable + renderIpvsadmSave) gives the kernel's -Sn
// output again, except for the few things a plan cannot hold (reported as warnings).
import { API_VERSION, PLAN_KIND, type Host, type Network, type Plan, type RealServer, type Service } from '../model/plan-schema';
import type { Diagnostic } from '../validate/diagnostic';
import { makeDiagnostic } from '../validate/diagnostic';
import { parseIpvsadmRules } from '../ipvs/parse-rules';
import { sortDestinations, sortServices } from '../ipvs/sort';
import { IPVS_MESSAGES } from '../ipvs/messages';
import type { IpvsService } from '../ipvs/types';
import { networkAddress, normalizeIp } from '../util/ip';

export interface ImportIpvsadmOptions {
  /** Name of the director host (default "director"). */
  directorName?: string;
}

const SLUG_RE = /[^A-Za-z0-9_.-]+/g;

function slug(text: string): string {
  const s = text.replace(SLUG_RE, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 63);
  return s.length > 0 ? s : 'director';
}

/** 10.0.0.7 -> 10-0-0-7; 2001:db8::3 -> 2001-db8--3 */
function addrSlug(address: string): string {
  return address.replace(/[.:]/g, '-');
}

export function serviceId(s: IpvsService): string {
  if (s.protocol === 'fwmark') return `svc-fwm-${s.fwmark ?? 0}${s.family === 'ipv6' ? '-v6' : ''}`;
  return `svc-${s.protocol}-${addrSlug(s.address ?? '')}-${s.port ?? 0}`;
}

function serviceName(s: IpvsService): string {
  if (s.protocol === 'fwmark') return `FWM ${s.fwmark ?? 0}${s.family === 'ipv6' ? ' (IPv6)' : ''}`;
  const ep = s.family === 'ipv6' ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`;
  return `${s.protocol.toUpperCase()} ${ep}`;
}

const FORWARDING: Record<string, RealServer['forwarding']> = { masq: 'nat', route: 'dr', tunnel: 'tun' };

export function importIpvsadmRules(
  text: string,
  file: string,
  opts: ImportIpvsadmOptions = {},
): { plan: Plan; diagnostics: Diagnostic[] } {
  const parsed = parseIpvsadmRules(text, file);
  const diagnostics = [...parsed.diagnostics];
  const warn = (code: string, params: Record<string, string | number>, id: string) =>
    diagnostics.push(makeDiagnostic(IPVS_MESSAGES, code, 'warning', { kind: 'service', id, path: '' }, params, { location: { file, line: 1, column: 1 } }));

  const directorName = (opts.directorName ?? 'director').slice(0, 128) || 'director';
  const directorId = slug(directorName);
  // The director keeps one interface and no address: an ipvsadm file names VIPs and real servers,
  // never the director's own addresses, and an invented DIP would be a guess the validator then
  // trusts. The designer attaches it to networks after the import.
  const director: Host = { id: directorId, name: directorName, role: 'director', interfaces: [{ name: 'eth0', addresses: [] }] };

  const networks = new Map<string, Network>();
  const hosts = new Map<string, Host>();
  const hostFor = (address: string, family: 'ipv4' | 'ipv6'): string => {
    const id = `rs-${addrSlug(address)}`;
    if (hosts.has(id) || id === directorId) return id;
    const prefix = family === 'ipv4' ? 24 : 64;
    const net = networkAddress({ address, prefix, family });
    const netId = `net-${addrSlug(net)}-${prefix}`;
    if (!networks.has(netId)) networks.set(netId, { id: netId, name: `${net}/${prefix}`, cidr: `${net}/${prefix}`, role: 'private' });
    hosts.set(id, { id, name: id, role: 'real-server', interfaces: [{ name: 'eth0', network: netId, addresses: [`${address}/${prefix}`] }] });
    return id;
  };

  const services: Service[] = [];
  for (const s of sortServices(parsed.table.services)) {
    const id = serviceId(s);
    const svc: Service = { id, name: serviceName(s), director: directorId, protocol: s.protocol, realServers: [] };
    if (s.protocol === 'fwmark') {
      svc.fwmark = s.fwmark!;
      svc.family = s.family;
    } else {
      svc.vip = s.address!;
      svc.port = s.port!;
    }
    svc.scheduler = s.scheduler as NonNullable<Service['scheduler']>;
    const flags = s.flags.filter((f): f is NonNullable<Service['schedulerFlags']>[number] =>
      ['sh-fallback', 'sh-port', 'mh-fallback', 'mh-port'].includes(f),
    );
    for (const f of s.flags) if (!flags.includes(f as never)) warn('import.ipvsadm.flag-dropped', { flag: f, service: id }, id);
    if (flags.length > 0) svc.schedulerFlags = flags;
    if (s.onePacket) svc.onePacket = true;
    if (s.persistence !== undefined) {
      svc.persistence = { timeout: s.persistence };
      if (s.netmask !== undefined) svc.persistence.netmask = s.netmask;
      if (s.pe === 'sip') svc.persistence.engine = 'sip';
    } else if (s.pe !== undefined) warn('import.ipvsadm.pe-without-persistence', { service: id, pe: s.pe }, id);
    const used = new Set<string>();
    sortDestinations(s.destinations).forEach((d, i) => {
      const host = hostFor(d.address, d.family);
      let rsId = `${id}.${host}-${d.port}`;
      if (rsId.length > 63 || used.has(rsId)) rsId = `${id}.r${i + 1}`;
      used.add(rsId);
      const rs: RealServer = { id: rsId, host, port: d.port, weight: d.weight, forwarding: FORWARDING[d.forward]! };
      // util/ip's normalizeIp (ipaddr.js) spells IPv4-compatible addresses (::10.0.0.1) as
      // ::ffff:10.0.0.1; naming the address keeps the kernel's spelling through host resolution
      if (normalizeIp(d.address) !== d.address) rs.address = d.address;
      if (d.forward === 'tunnel') {
        rs.tunnel = { type: d.tunType ?? 'ipip' };
        if (d.tunPort !== undefined) rs.tunnel.port = d.tunPort;
        if (d.tunCsum !== undefined) rs.tunnel.checksum = d.tunCsum;
      }
      if (d.upperThreshold !== 0) rs.upperThreshold = d.upperThreshold;
      if (d.lowerThreshold !== 0) rs.lowerThreshold = d.lowerThreshold;
      svc.realServers.push(rs);
    });
    services.push(svc);
  }

  const plan: Plan = {
    apiVersion: API_VERSION,
    kind: PLAN_KIND,
    metadata: { name: `Imported from ${file}`.slice(0, 128), description: 'Imported from an ipvsadm rules file' },
    spec: { networks: [...networks.values()], hosts: [director, ...hosts.values()], services },
  };
  return { plan, diagnostics };
}
