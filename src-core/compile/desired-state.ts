// Per-host desired state: what compilePlan() decides, and what renderers and (later) the agent's
// diff consume. Every entry says why it is there (`reason`), so the UI can explain it.
import type { IpvsDestination, IpvsService, IpvsTable } from '../ipvs/types';

export type Family = 'ipv4' | 'ipv6';

export interface DesiredAddress {
  dev: string;
  /** Address with prefix length, e.g. 192.168.10.100/32. */
  cidr: string;
  family: Family;
  /** VIPs we add ourselves (lo, tunnel device); interface addresses come from the plan. */
  managed: boolean;
  reason: string;
}

export interface DesiredSysctl {
  key: string; // e.g. net.ipv4.conf.all.arp_ignore
  value: string;
  reason: string;
}

export interface DesiredRoute {
  family: Family;
  /** 'default' or a prefix. */
  dst: string;
  via?: string;
  dev?: string;
  reason: string;
}

export interface DesiredTunnel {
  /** Device name, e.g. tunl0 (ipip fallback device), gre0. */
  dev: string;
  type: 'ipip' | 'gre' | 'gue' | 'ip6tnl';
  family: Family;
  /** gue: the UDP port the host receives encapsulated packets on (ip fou add port N gue). */
  port?: number;
  reason: string;
}

/** One iptables mangle rule in our own chain, giving firewall-mark services their mark. */
export interface DesiredMarkRule {
  family: Family;
  vip: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  ports: number[];
  mark: number;
  serviceId: string;
}

export interface DesiredKernelModule {
  name: string;
  reason: string;
}

export interface HostDesiredState {
  hostId: string;
  hostName: string;
  role: 'director' | 'real-server' | 'router' | 'client';
  distro: 'debian' | 'rhel';
  dataPlane?: 'auto' | 'ipvs' | 'nftables';
  addresses: DesiredAddress[];
  tunnels: DesiredTunnel[];
  sysctls: DesiredSysctl[];
  routes: DesiredRoute[];
  markRules: DesiredMarkRule[];
  modules: DesiredKernelModule[];
  /** Directors only; real servers have an empty table. */
  ipvs: IpvsTable;
  /** Directors with FULLNAT real servers: what the nftables plane adds to `ipvs` (absent: none). */
  fullnat?: DesiredFullnat;
  /**
   * Who keeps the IPVS table in the kernel: the generated script (ipvsadm-restore), or keepalived
   * (HA pairs, health checks: it changes weights as checks fail, so the script must not fight it).
   * Absent = script.
   */
  ipvsOwner?: 'script' | 'keepalived';
  /** HA pair this director belongs to, if any. */
  haPairId?: string;
  /** Directors whose services have health checks or a sorry server: what the agent's daemon runs. */
  health?: DesiredHealth;
}

/** One FULLNAT service of a director (the kernel IPVS has none: not part of the IPVS table). */
export interface DesiredFullnatService {
  /** The service as the nftables plane takes it: its FULLNAT real servers as `masq` destinations. */
  service: IpvsService;
  /** The director's local address the real servers see as the client (the SNAT source). */
  lip: string;
}

export interface DesiredFullnat {
  services: DesiredFullnatService[];
}

/** A health check with keepalived's defaults resolved (see src-core/compile/health.ts). */
export interface DesiredHealthCheck {
  type: 'tcp' | 'http' | 'https' | 'script';
  /** Address and port the check connects to (the real server's; `port` may be the check's own). */
  address: string;
  port: number;
  /** http/https */
  path?: string;
  /** http/https: absent when only the digest is checked (keepalived writes no status_code then). */
  expectStatus?: number;
  /** http/https: lower-case MD5 of the body (genhash). */
  digest?: string;
  /** http/https: Host header (keepalived virtualhost). */
  host?: string;
  /** script: the user's command, run with /bin/sh -c; address and port are passed as $1 $2. */
  command?: string;
  /** Seconds. */
  interval: number;
  timeout: number;
  /** Further attempts after a failed one before the server is taken out (keepalived retry). */
  retries: number;
  delayBeforeRetry: number;
  onFailure: 'weight-zero' | 'remove';
}

export interface DesiredHealthDest {
  /** destId() of the destination in the service's IPVS table entry. */
  dest: string;
  check: DesiredHealthCheck;
}

export interface DesiredHealthService {
  /** serviceId() of the IPVS service. */
  service: string;
  /** Only destinations with a check; the others are always live. */
  destinations: DesiredHealthDest[];
  /** Added as the only live destination while none of the service's destinations is live. */
  sorry?: IpvsDestination;
}

export interface DesiredHealth {
  services: DesiredHealthService[];
}

/** A host that should hold nothing of ours: applying it removes what the agent owns there. */
export function emptyDesiredState(h: Pick<HostDesiredState, 'hostId' | 'hostName' | 'role' | 'distro' | 'dataPlane'>): HostDesiredState {
  const e: HostDesiredState = {
    hostId: h.hostId,
    hostName: h.hostName,
    role: h.role,
    distro: h.distro,
    addresses: [],
    tunnels: [],
    sysctls: [],
    routes: [],
    markRules: [],
    modules: [],
    ipvs: { services: [] },
  };
  if (h.dataPlane) e.dataPlane = h.dataPlane;
  return e;
}

/** compilePlan() is total: what it cannot resolve it leaves out; validatePlan() reports it. */
export interface CompiledPlan {
  hosts: HostDesiredState[];
}

/** A generated file, as the bundle and the UI show it. */
export interface GeneratedFile {
  hostId: string;
  /** Path on the target host, e.g. /etc/keepalived/keepalived.conf. */
  path: string;
  /** Name of the file inside the exported bundle folder of that host. */
  bundleName: string;
  content: string;
  mode: number;
  kind: 'script' | 'ipvsadm-save' | 'keepalived' | 'sysctl' | 'iptables' | 'systemd' | 'config';
  description: string;
}
