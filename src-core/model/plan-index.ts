// Lookups over a plan, built once per validation/compilation: everything downstream is linear in
// plan size because every reference is resolved through these maps.
import type { HaPair, Host, Network, Plan, RealServer, Service } from './plan-schema';
import { cidrContains, familyOf, parseCidr, type Family, type ParsedCidr } from '../util/ip';

export interface HostAddress {
  host: Host;
  iface: string;
  /** Address without prefix. */
  address: string;
  cidr: ParsedCidr;
  family: Family;
  networkId?: string;
}

export interface PlanIndex {
  plan: Plan;
  networks: Map<string, Network>;
  networkCidrs: Map<string, ParsedCidr>;
  hosts: Map<string, Host>;
  services: Map<string, Service>;
  haPairs: Map<string, HaPair>;
  /** Every interface address of every host, keyed by the address text (normalised). */
  addressOwners: Map<string, HostAddress[]>;
  hostAddresses: Map<string, HostAddress[]>;
}

export function indexPlan(plan: Plan): PlanIndex {
  const spec = plan.spec;
  const networks = new Map<string, Network>();
  const networkCidrs = new Map<string, ParsedCidr>();
  for (const n of spec?.networks ?? []) {
    if (!networks.has(n.id)) networks.set(n.id, n);
    const c = parseCidr(n.cidr);
    if (c && !networkCidrs.has(n.id)) networkCidrs.set(n.id, c);
  }
  const hosts = new Map<string, Host>();
  const addressOwners = new Map<string, HostAddress[]>();
  const hostAddresses = new Map<string, HostAddress[]>();
  for (const h of spec?.hosts ?? []) {
    if (!hosts.has(h.id)) hosts.set(h.id, h);
    const list: HostAddress[] = [];
    for (const i of h.interfaces ?? []) {
      for (const a of i.addresses ?? []) {
        const cidr = parseCidr(a);
        if (!cidr) continue;
        const ha: HostAddress = { host: h, iface: i.name, address: cidr.address, cidr, family: cidr.family, networkId: i.network };
        list.push(ha);
        const owners = addressOwners.get(cidr.address);
        if (owners) owners.push(ha);
        else addressOwners.set(cidr.address, [ha]);
      }
    }
    if (!hostAddresses.has(h.id)) hostAddresses.set(h.id, list);
  }
  const services = new Map<string, Service>();
  for (const s of spec?.services ?? []) if (!services.has(s.id)) services.set(s.id, s);
  const haPairs = new Map<string, HaPair>();
  for (const p of spec?.haPairs ?? []) if (!haPairs.has(p.id)) haPairs.set(p.id, p);
  return { plan, networks, networkCidrs, hosts, services, haPairs, addressOwners, hostAddresses };
}

/** The director host ids that serve a service: the director itself, or both hosts of its HA pair. */
export function directorsOf(index: PlanIndex, service: Service): string[] {
  const pair = index.haPairs.get(service.director);
  if (pair) return pair.directors.filter((d) => index.hosts.has(d));
  return index.hosts.has(service.director) ? [service.director] : [];
}

/** The HA pair a director belongs to, if any. */
export function haPairOf(index: PlanIndex, hostId: string): HaPair | undefined {
  for (const p of index.haPairs.values()) if (p.directors.includes(hostId)) return p;
  return undefined;
}

/** Address family of a service: from its VIP, or its declared family for fwmark services. */
export function serviceFamily(service: Service): Family {
  if (service.protocol === 'fwmark') return service.family ?? (service.match?.[0] ? familyOf(service.match[0].vip) ?? 'ipv4' : 'ipv4');
  return (service.vip && familyOf(service.vip)) || 'ipv4';
}

/** VIPs of a service: its vip, or the distinct VIPs of its fwmark match list. */
export function serviceVips(service: Service): string[] {
  if (service.protocol !== 'fwmark') return service.vip ? [service.vip] : [];
  return [...new Set((service.match ?? []).map((m) => m.vip))];
}

/**
 * The address a real server is reached at: its explicit address, else the real-server host's
 * address of the service's family on a network one of the directors is on, else its first address
 * of that family.
 */
export function realServerAddress(index: PlanIndex, service: Service, rs: RealServer): string | undefined {
  if (rs.address) return rs.address;
  const family = serviceFamily(service);
  const own = index.hostAddresses.get(rs.host) ?? [];
  const wanted = rs.forwarding === 'tun' ? own : own.filter((a) => a.family === family);
  const directorNets = new Set<string>();
  for (const d of directorsOf(index, service)) for (const a of index.hostAddresses.get(d) ?? []) if (a.networkId) directorNets.add(a.networkId);
  const shared = wanted.find((a) => a.family === family && a.networkId && directorNets.has(a.networkId));
  return (shared ?? wanted.find((a) => a.family === family) ?? wanted[0])?.address;
}

/**
 * The director's address facing a real server (its DIP): an address of the director on a network
 * that contains the real server's address.
 */
export function dipFor(index: PlanIndex, directorId: string, rsAddress: string): HostAddress | undefined {
  for (const a of index.hostAddresses.get(directorId) ?? []) {
    const net = a.networkId ? index.networkCidrs.get(a.networkId) : undefined;
    if ((net && cidrContains(net, rsAddress)) || cidrContains(a.cidr, rsAddress)) return a;
  }
  return undefined;
}

/** The network (by id) that contains an address, if any. */
export function networkOf(index: PlanIndex, address: string): Network | undefined {
  for (const [id, c] of index.networkCidrs) if (cidrContains(c, address)) return index.networks.get(id);
  return undefined;
}
