// compilePlan(): the plan -> what each host must look like. The engine decides here; renderers
// and the agent only express or apply these values.
import type { Host, Plan, Service } from '../model/plan-schema';
import { directorsOf, haPairOf, indexPlan, realServerAddress, serviceFamily, serviceVips, type PlanIndex } from '../model/plan-index';
import { cidrContains, familyOf, normalizeIp } from '../util/ip';
import { emptyDesiredState, type CompiledPlan, type DesiredAddress, type DesiredKernelModule, type DesiredMarkRule, type DesiredRoute, type DesiredSysctl, type DesiredTunnel, type HostDesiredState } from './desired-state';
import { planToFullnat, planToIpvsTable } from './ipvs-table';
import { compileHealth } from './health';

class HostBuilder {
  readonly state: HostDesiredState;
  private sysctlKeys = new Map<string, DesiredSysctl>();
  private addrKeys = new Set<string>();
  private moduleKeys = new Set<string>();
  private tunnelKeys = new Set<string>();

  constructor(host: Host) {
    const meta = { hostId: host.id, hostName: host.name, role: host.role, distro: host.distro ?? 'debian' } as const;
    this.state = emptyDesiredState(host.dataPlane ? { ...meta, dataPlane: host.dataPlane } : meta);
  }

  address(a: DesiredAddress): void {
    const key = `${a.dev} ${a.cidr}`;
    if (this.addrKeys.has(key)) return;
    this.addrKeys.add(key);
    this.state.addresses.push(a);
  }

  sysctl(key: string, value: string, reason: string): void {
    const prev = this.sysctlKeys.get(key);
    if (prev) return; // first reason wins; values never conflict (all our sysctls are one-way switches)
    const s = { key, value, reason };
    this.sysctlKeys.set(key, s);
    this.state.sysctls.push(s);
  }

  module(name: string, reason: string): void {
    if (this.moduleKeys.has(name)) return;
    this.moduleKeys.add(name);
    this.state.modules.push({ name, reason } satisfies DesiredKernelModule);
  }

  tunnel(t: DesiredTunnel): void {
    const key = `${t.dev}`;
    if (this.tunnelKeys.has(key)) return;
    this.tunnelKeys.add(key);
    this.state.tunnels.push(t);
  }

  route(r: DesiredRoute): void {
    this.state.routes.push(r);
  }

  mark(r: DesiredMarkRule): void {
    this.state.markRules.push(r);
  }
}

const hostPrefix = (addr: string) => (familyOf(addr) === 'ipv6' ? 128 : 32);

function tunnelDevice(type: 'ipip' | 'gre' | 'gue', family: 'ipv4' | 'ipv6'): DesiredTunnel['dev'] {
  if (family === 'ipv6') return 'ip6tnl0';
  return type === 'gre' ? 'gre0' : 'tunl0';
}

/** The interface of a director that faces a VIP: the one whose network contains it, else the first. */
function vipInterface(index: PlanIndex, host: Host, vip: string): string {
  for (const i of host.interfaces) {
    const net = i.network ? index.networkCidrs.get(i.network) : undefined;
    if (net && cidrContains(net, vip)) return i.name;
  }
  for (const a of index.hostAddresses.get(host.id) ?? []) if (cidrContains(a.cidr, vip)) return a.iface;
  return host.interfaces[0]?.name ?? 'eth0';
}

function compileDirector(index: PlanIndex, b: HostBuilder, host: Host, services: Service[]): void {
  const pair = haPairOf(index, host.id);
  if (pair) b.state.haPairId = pair.id;
  b.state.ipvs = planToIpvsTable(index.plan, host.id, index, services);
  const fullnat = planToFullnat(index.plan, host.id, index, services);
  if (fullnat) b.state.fullnat = fullnat;
  const checked = services.some((svc) => svc.realServers.some((rs) => (rs.healthCheck ?? svc.healthCheck ?? { type: 'none' }).type !== 'none'));
  b.state.ipvsOwner = pair || checked ? 'keepalived' : 'script';
  const health = compileHealth(index, services, b.state.ipvs);
  if (health) b.state.health = health;
  if (services.length === 0) return;
  b.module('ip_vs', 'IPVS core');
  for (const svc of services) {
    const family = serviceFamily(svc);
    b.module(`ip_vs_${svc.scheduler ?? 'wlc'}`, `scheduler of service ${svc.name}`);
    if (svc.persistence?.engine === 'sip') b.module('ip_vs_pe_sip', `SIP persistence engine of service ${svc.name}`);
    if (!pair) {
      for (const vip of serviceVips(svc)) {
        const n = normalizeIp(vip);
        if (!n) continue;
        b.address({ dev: vipInterface(index, host, n), cidr: `${n}/${hostPrefix(n)}`, family: familyOf(n)!, managed: true, reason: `VIP of service ${svc.name}` });
      }
    }
    if (svc.realServers.some((rs) => rs.forwarding === 'nat' || rs.forwarding === 'fullnat')) {
      if (family === 'ipv4') {
        b.sysctl('net.ipv4.ip_forward', '1', `NAT service ${svc.name}: the director routes replies back to clients`);
        b.sysctl('net.ipv4.conf.all.send_redirects', '0', `NAT service ${svc.name}: no ICMP redirects when real servers and clients share a LAN`);
        b.sysctl('net.ipv4.conf.default.send_redirects', '0', `NAT service ${svc.name}: no ICMP redirects`);
      } else {
        b.sysctl('net.ipv6.conf.all.forwarding', '1', `NAT service ${svc.name}: the director routes replies back to clients`);
      }
    }
    if (svc.protocol === 'fwmark' && svc.fwmark !== undefined) {
      for (const m of svc.match ?? []) {
        const vip = normalizeIp(m.vip);
        if (!vip) continue;
        b.mark({ family: familyOf(vip)!, vip, protocol: m.protocol, ports: [...m.ports], mark: svc.fwmark, serviceId: svc.id });
      }
    }
  }
  if (pair?.sync) b.module('ip_vs', 'connection synchronisation');
}

function compileRealServer(b: HostBuilder, memberships: { svc: Service; forwarding: string; tunnelType?: 'ipip' | 'gue' | 'gre'; tunnelPort?: number }[]): void {
  for (const { svc, forwarding, tunnelType, tunnelPort } of memberships) {
    const vips = serviceVips(svc).map((v) => normalizeIp(v)).filter((v): v is string => !!v);
    if (forwarding === 'dr') {
      for (const vip of vips) {
        const fam = familyOf(vip)!;
        b.address({ dev: 'lo', cidr: `${vip}/${hostPrefix(vip)}`, family: fam, managed: true, reason: `DR service ${svc.name}: the real server accepts packets addressed to the VIP` });
        if (fam === 'ipv4') arpSysctls(b, `DR service ${svc.name}`);
      }
    } else if (forwarding === 'tun') {
      const type = tunnelType ?? 'ipip';
      for (const vip of vips) {
        const fam = familyOf(vip)!;
        const dev = tunnelDevice(type, fam);
        const t: DesiredTunnel = { dev, type: fam === 'ipv6' ? 'ip6tnl' : type, family: fam, reason: `TUN service ${svc.name}: decapsulates ${type} packets from the director` };
        if (type === 'gue' && tunnelPort) t.port = tunnelPort;
        b.tunnel(t);
        b.module(fam === 'ipv6' ? 'ip6_tunnel' : type === 'gre' ? 'ip_gre' : 'ipip', `TUN service ${svc.name}`);
        if (type === 'gue') b.module('fou', `TUN service ${svc.name}: GUE decapsulation`);
        b.address({ dev, cidr: `${vip}/${hostPrefix(vip)}`, family: fam, managed: true, reason: `TUN service ${svc.name}: the VIP on the tunnel device` });
        if (fam === 'ipv4') {
          b.sysctl(`net.ipv4.conf.${dev}.rp_filter`, '0', `TUN service ${svc.name}: packets decapsulated on ${dev} have the client as source`);
          b.sysctl('net.ipv4.conf.all.rp_filter', '0', `TUN service ${svc.name}: the effective rp_filter is the maximum of all and the device`);
          arpSysctls(b, `TUN service ${svc.name}`);
        }
      }
    }
  }
}

function arpSysctls(b: HostBuilder, why: string): void {
  b.sysctl('net.ipv4.conf.all.arp_ignore', '1', `${why}: answer ARP only for addresses of the receiving interface, not the VIP`);
  b.sysctl('net.ipv4.conf.all.arp_announce', '2', `${why}: never announce the VIP as ARP source`);
  b.sysctl('net.ipv4.conf.lo.arp_ignore', '1', `${why}: as for all`);
  b.sysctl('net.ipv4.conf.lo.arp_announce', '2', `${why}: as for all`);
}

export interface CompileOptions {
  /** Compile only these hosts (a preview of one host in a big plan); the others are left out of the result. */
  onlyHosts?: ReadonlySet<string>;
}

export function compilePlan(plan: Plan, options: CompileOptions = {}): CompiledPlan {
  const index = indexPlan(plan);
  const only = options.onlyHosts;
  const builders = new Map<string, HostBuilder>();
  for (const h of index.hosts.values()) if (!only || only.has(h.id)) builders.set(h.id, new HostBuilder(h));

  // One pass over the services: what each director serves, and each real server's memberships.
  const servedBy = new Map<string, Service[]>();
  const memberships = new Map<string, { svc: Service; forwarding: string; tunnelType?: 'ipip' | 'gue' | 'gre'; tunnelPort?: number }[]>();
  for (const svc of index.services.values()) {
    for (const d of directorsOf(index, svc)) {
      if (only && !only.has(d)) continue;
      const list = servedBy.get(d);
      if (list) list.push(svc);
      else servedBy.set(d, [svc]);
    }
    for (const rs of svc.realServers ?? []) {
      if (!index.hosts.has(rs.host) || (only && !only.has(rs.host))) continue;
      if (realServerAddress(index, svc, rs) === undefined) continue;
      const m = { svc, forwarding: rs.forwarding, tunnelType: rs.tunnel?.type, tunnelPort: rs.tunnel?.port };
      const list = memberships.get(rs.host);
      if (list) list.push(m);
      else memberships.set(rs.host, [m]);
    }
  }

  for (const host of index.hosts.values()) {
    const b = builders.get(host.id);
    if (!b) continue;
    for (const i of host.interfaces ?? []) {
      for (const a of i.addresses ?? []) {
        const fam = familyOf(a.split('/')[0] ?? '');
        if (fam) b.address({ dev: i.name, cidr: a, family: fam, managed: false, reason: 'interface address from the plan' });
      }
    }
    if (host.role === 'director') compileDirector(index, b, host, servedBy.get(host.id) ?? []);
    const m = memberships.get(host.id);
    if (m) compileRealServer(b, m);
    const natVia = (m ?? []).some((x) => x.forwarding === 'nat');
    if (host.gateway && familyOf(host.gateway) === 'ipv4') {
      b.route({ family: 'ipv4', dst: 'default', via: host.gateway, reason: natVia ? 'NAT: replies must return through the director (DIP)' : 'default gateway from the plan' });
    }
    if (host.gateway6 && familyOf(host.gateway6) === 'ipv6') {
      b.route({ family: 'ipv6', dst: 'default', via: host.gateway6, reason: natVia ? 'NAT: replies must return through the director (DIP)' : 'default gateway from the plan' });
    }
  }
  return { hosts: [...builders.values()].map((b) => b.state) };
}
