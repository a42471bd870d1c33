// Generated plans of a chosen size, for benchmarks and scale tests: DR services spread over
// directors (100 services each), real servers drawn from a shared pool of hosts.
import { API_VERSION, PLAN_KIND, type Host, type Plan, type Service } from '../src-core/model/plan-schema';
import { numberToIpv4 } from '../src-core/util/ip';

export interface GenOptions {
  services: number;
  realServersPerService: number;
  /** Real-server hosts in the pool (default: max(realServersPerService, services)). */
  pool?: number;
}

const BASE = (10 << 24) >>> 0; // 10.0.0.0/8, one flat L2 network

export function generatePlan(o: GenOptions): Plan {
  const directors = Math.max(1, Math.ceil(o.services / 100));
  const pool = Math.max(o.pool ?? Math.max(o.realServersPerService, o.services), o.realServersPerService);
  const hosts: Host[] = [];
  for (let d = 0; d < directors; d++) {
    hosts.push({ id: `dir${d}`, name: `director-${d}`, role: 'director', interfaces: [{ name: 'eth0', network: 'lan', addresses: [`${numberToIpv4(BASE + 2 + d)}/8`] }], gateway: '10.0.0.1' });
  }
  for (let r = 0; r < pool; r++) {
    hosts.push({ id: `rs${r}`, name: `real-${r}`, role: 'real-server', interfaces: [{ name: 'eth0', network: 'lan', addresses: [`${numberToIpv4(BASE + 0x10000 + r)}/8`] }], gateway: '10.0.0.1' });
  }
  const services: Service[] = [];
  for (let s = 0; s < o.services; s++) {
    const realServers = [];
    for (let j = 0; j < o.realServersPerService; j++) {
      const r = (s * 7 + j) % pool;
      realServers.push({ id: `s${s}-r${j}`, host: `rs${r}`, port: 80 + (s % 1000), weight: 1 + (j % 5), forwarding: 'dr' as const });
    }
    services.push({
      id: `svc${s}`,
      name: `service-${s}`,
      director: `dir${Math.floor(s / 100)}`,
      protocol: 'tcp',
      vip: numberToIpv4(BASE + 0x800000 + Math.floor(s / 1000)),
      port: 80 + (s % 1000),
      scheduler: (['wlc', 'rr', 'wrr', 'lc', 'sh'] as const)[s % 5],
      realServers,
    });
  }
  return {
    apiVersion: API_VERSION,
    kind: PLAN_KIND,
    metadata: { name: `generated-${o.services}x${o.realServersPerService}` },
    spec: { networks: [{ id: 'lan', name: 'lan', cidr: '10.0.0.0/8', role: 'private' }], hosts: [{ id: 'router', name: 'router', role: 'router', interfaces: [{ name: 'eth0', network: 'lan', addresses: ['10.0.0.1/8'] }] }, ...hosts], services },
  };
}
