// Plans whose addresses are those of the end-to-end labs, so the compiled desired state of each
// host is what the agent must make real there.
import { API_VERSION, PLAN_KIND, type Host, type Plan, type RealServer, type Service } from '../../src-core/model/plan-schema';
import type { LabHostSpec } from '../lab/lab';

export interface LabCluster {
  plan: Plan;
  lab: LabHostSpec[];
  vip: string;
  realServers: string[];
}

export interface ClusterOptions {
  /** Third octet block of the lab's networks (keep labs that run at once apart in logs). */
  net: number;
  mode: 'nat' | 'dr' | 'fullnat';
  scheduler: Service['scheduler'];
  weights?: number[];
  plane: 'nftables' | 'ipvs';
  rsCount?: number;
  persistence?: number;
  healthCheck?: Service['healthCheck'];
  sorry?: boolean;
  /** Also a service on VIP:81 whose real servers keep connections alive (the lab web server's port 81). */
  keepAliveService?: boolean;
  /** Replace every name in the plan with this (shell metacharacters test). */
  hostileNames?: boolean;
}

const hostile = (s: string) => `${s}$(touch /tmp/pwned);\`touch /tmp/pwned\`'"|&`;

function host(id: string, role: Host['role'], ifaces: [string, string, string][], gateway?: string): Host {
  const h: Host = { id, name: id, role, interfaces: ifaces.map(([name, network, cidr]) => ({ name, network, addresses: [cidr] })) };
  if (gateway) h.gateway = gateway;
  return h;
}

/**
 * NAT/FULLNAT: client on 10.N.1.0/24 reaches the VIP there; real servers on 10.N.2.0/24 behind the
 * director. DR: one LAN 10.N.0.0/24; real servers hold the VIP on lo and answer the client directly.
 */
export function labCluster(o: ClusterOptions): LabCluster {
  const n = o.net;
  const count = o.rsCount ?? 2;
  const rsNames = Array.from({ length: count }, (_, i) => `rs${i + 1}`);
  const weights = o.weights ?? rsNames.map(() => 1);
  const twoLans = o.mode !== 'dr';
  const pub = twoLans ? `10.${n}.1` : `10.${n}.0`;
  const priv = twoLans ? `10.${n}.2` : `10.${n}.0`;
  const vip = `${pub}.100`;
  const dirPub = `${pub}.1`;
  const dirPriv = twoLans ? `${priv}.1` : dirPub;
  const rsAddr = (i: number) => `${priv}.${21 + i}`;
  const networks: Plan['spec']['networks'] = twoLans
    ? [
        { id: 'pub', name: 'public', cidr: `${pub}.0/24`, role: 'public' },
        { id: 'priv', name: 'private', cidr: `${priv}.0/24`, role: 'private' },
      ]
    : [{ id: 'lan', name: 'lan', cidr: `${pub}.0/24`, role: 'private' }];
  const pubNet = twoLans ? 'pub' : 'lan';
  const privNet = twoLans ? 'priv' : 'lan';
  const director = host('director', 'director', twoLans ? [['eth0', pubNet, `${dirPub}/24`], ['eth1', privNet, `${dirPriv}/24`]] : [['eth0', pubNet, `${dirPub}/24`]]);
  director.dataPlane = o.plane;
  const rsGateway = o.mode === 'nat' ? dirPriv : undefined;
  const rsHosts = rsNames.map((r, i) => host(r, 'real-server', [['eth0', privNet, `${rsAddr(i)}/24`]], rsGateway));
  const members: RealServer[] = rsNames.map((r, i) => ({ id: `m-${r}`, host: r, port: 80, weight: weights[i] ?? 1, forwarding: o.mode }));
  const service: Service = { id: 'web', name: 'web', director: 'director', protocol: 'tcp', vip, port: 80, scheduler: o.scheduler, realServers: members };
  if (o.persistence !== undefined) service.persistence = { timeout: o.persistence };
  if (o.healthCheck) service.healthCheck = o.healthCheck;
  if (o.sorry) service.sorryServer = { address: `${priv}.99`, port: 80, forwarding: o.mode === 'dr' ? 'dr' : 'nat' };
  const services: Service[] = [service];
  if (o.keepAliveService) {
    services.push({ ...structuredClone(service), id: 'web-ka', name: 'web-keepalive', port: 81, realServers: members.map((m) => ({ ...m, id: `${m.id}-ka`, port: 81 })) });
  }
  const plan: Plan = {
    apiVersion: API_VERSION,
    kind: PLAN_KIND,
    metadata: { name: `e2e-${o.mode}-${o.scheduler}`, description: 'end-to-end lab cluster' },
    spec: { networks, hosts: [host('client', 'client', [['eth0', pubNet, `${pub}.2/24`]]), director, ...rsHosts], services },
  };
  if (o.hostileNames) {
    plan.metadata.name = hostile('plan');
    plan.metadata.description = hostile('desc');
    for (const h of plan.spec.hosts) h.name = hostile(h.id);
    for (const s of plan.spec.services) s.name = hostile(s.id);
    for (const nw of plan.spec.networks) nw.name = hostile(nw.id);
  }
  const lab: LabHostSpec[] = [
    { name: 'client', role: 'client', addresses: [`${pub}.2/24`] },
    { name: 'director', role: 'director', addresses: twoLans ? [`${dirPub}/24`, `${dirPriv}/24`] : [`${dirPub}/24`] },
    ...rsNames.map((r, i) => ({ name: r, role: 'real-server' as const, addresses: [`${rsAddr(i)}/24`] })),
  ];
  if (o.sorry) lab.push({ name: 'sorry', role: 'real-server', addresses: [`${priv}.99/24`], ...(rsGateway ? { gateway: rsGateway } : {}) });
  return { plan, lab, vip, realServers: rsNames };
}
