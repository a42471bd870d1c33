// Small builders shared by the templates.
import { API_VERSION, PLAN_KIND, type Host, type Network, type Plan, type RealServer, type Service, type HaPair } from '../model/plan-schema';

export function host(id: string, name: string, role: Host['role'], ifaces: [string, string, string][], gateway?: string): Host {
  const h: Host = { id, name, role, interfaces: ifaces.map(([iface, network, address]) => ({ name: iface, network, addresses: [address] })) };
  if (gateway) h.gateway = gateway;
  if (role === 'director' || role === 'real-server') h.ssh = { host: ifaces[0]![2].split('/')[0]!, user: 'root', auth: 'agent' };
  return h;
}

export function members(prefix: string, hosts: string[], forwarding: RealServer['forwarding'], port?: number, extra: Partial<RealServer> = {}): RealServer[] {
  return hosts.map((h) => ({ id: `${prefix}-${h}`, host: h, ...(port !== undefined ? { port } : {}), weight: 1, forwarding, ...extra }));
}

export function plan(name: string, description: string, networks: Network[], hosts: Host[], services: Service[], haPairs?: HaPair[]): Plan {
  const p: Plan = { apiVersion: API_VERSION, kind: PLAN_KIND, metadata: { name, description }, spec: { networks, hosts, services } };
  if (haPairs) p.spec.haPairs = haPairs;
  return p;
}
