// The built-in demo: an LVS-DR web cluster (router, director, three real servers, VIP:80 and
// VIP:443 with persistence). The app opens on it; docs/plan-format.md shows it as the example.
import { API_VERSION, PLAN_KIND, type Plan } from '../model/plan-schema';

export function demoDrPlan(): Plan {
  const rs = (n: number) => ({
    id: `rs${n}`,
    name: `web-${n}`,
    role: 'real-server' as const,
    interfaces: [{ name: 'eth0', network: 'lan', addresses: [`192.168.10.${10 + n}/24`] }],
    gateway: '192.168.10.1',
    ssh: { host: `192.168.10.${10 + n}`, user: 'root', auth: 'agent' as const },
  });
  const members = (port: number) =>
    [1, 2, 3].map((n) => ({
      id: `svc-${port}-rs${n}`,
      host: `rs${n}`,
      port,
      weight: n === 3 ? 2 : 1,
      forwarding: 'dr' as const,
    }));
  return {
    apiVersion: API_VERSION,
    kind: PLAN_KIND,
    metadata: { name: 'demo-dr-web', description: 'LVS-DR web cluster: one director, three real servers, HTTP and HTTPS with persistence' },
    spec: {
      networks: [
        { id: 'lan', name: 'web LAN', cidr: '192.168.10.0/24', role: 'private' },
      ],
      hosts: [
        {
          id: 'router',
          name: 'router',
          role: 'router',
          interfaces: [{ name: 'eth1', network: 'lan', addresses: ['192.168.10.1/24'] }],
        },
        {
          id: 'dir1',
          name: 'director-1',
          role: 'director',
          interfaces: [{ name: 'eth0', network: 'lan', addresses: ['192.168.10.5/24'] }],
          gateway: '192.168.10.1',
          ssh: { host: '192.168.10.5', user: 'root', auth: 'agent' },
          dataPlane: 'auto',
        },
        rs(1),
        rs(2),
        rs(3),
      ],
      services: [
        {
          id: 'svc-http',
          name: 'web-http',
          director: 'dir1',
          protocol: 'tcp',
          vip: '192.168.10.100',
          port: 80,
          scheduler: 'wlc',
          persistence: { timeout: 300 },
          healthCheck: { type: 'http', path: '/', expectStatus: 200, interval: 5, timeout: 3, retries: 2, delayBeforeRetry: 2 },
          realServers: members(80),
        },
        {
          id: 'svc-https',
          name: 'web-https',
          director: 'dir1',
          protocol: 'tcp',
          vip: '192.168.10.100',
          port: 443,
          scheduler: 'wlc',
          persistence: { timeout: 300 },
          healthCheck: { type: 'tcp', interval: 5, timeout: 3, retries: 2, delayBeforeRetry: 2 },
          realServers: members(443),
        },
      ],
    },
  };
}
