// 1,000 services x 100 real servers (100,000 memberships, 1,100 hosts): validation is one linear
// pass, so this runs in well under a second or two; the diagnostics are exactly the injected ones.
import { expect, test } from 'vitest';
import { validatePlan } from '../../src-core/validate';
import type { Host, Plan, Service } from '../../src-core/model/plan-schema';

function bigPlan(): Plan {
  const hosts: Host[] = [
    { id: 'router', name: 'router', role: 'router', interfaces: [
      { name: 'eth0', network: 'pub', addresses: ['203.0.113.1/24'] },
      { name: 'eth1', network: 'priv', addresses: ['10.1.255.254/16'] },
    ] },
  ];
  for (const [id, pub, priv] of [['lb1', '203.0.113.2/24', '10.1.255.1/16'], ['lb2', '203.0.113.3/24', '10.1.255.2/16']] as const) {
    hosts.push({ id, name: id, role: 'director', gateway: '203.0.113.1', kernel: '6.1.0-18-amd64', interfaces: [
      { name: 'eth0', network: 'pub', addresses: [pub] },
      { name: 'eth1', network: 'priv', addresses: [priv] },
    ] });
  }
  for (let i = 0; i < 1000; i++) {
    const address = `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}/16`;
    hosts.push({ id: `rs${i}`, name: `rs${i}`, role: 'real-server', gateway: '10.1.255.254', interfaces: [{ name: 'eth0', network: 'priv', addresses: [address] }] });
  }
  for (let i = 0; i < 97; i++) {
    hosts.push({ id: `client${i}`, name: `client${i}`, role: 'client', gateway: '203.0.113.1', interfaces: [{ name: 'eth0', network: 'pub', addresses: [`203.0.113.${100 + i}/24`] }] });
  }
  const services: Service[] = [];
  for (let k = 0; k < 1000; k++) {
    const realServers = [];
    for (let j = 0; j < 100; j++) {
      realServers.push({
        id: `s${k}-r${j}`,
        host: `rs${(k + j * 10) % 1000}`,
        forwarding: 'dr' as const,
        weight: k % 10 === 0 && j === 0 ? 0 : 1 + (j % 5),
        ...(k % 100 === 0 && j === 5 ? { port: 8080 } : {}),
        healthCheck: { type: 'http' as const, path: '/health', interval: 6, timeout: 3 },
      });
    }
    services.push({
      id: `svc${k}`,
      name: `svc${k}`,
      director: 'ha1',
      protocol: 'tcp',
      vip: `203.0.113.${10 + (k % 10)}`,
      port: 1000 + Math.floor(k / 10),
      scheduler: 'wlc',
      realServers,
    });
  }
  return {
    apiVersion: 'lvs-studio.io/v1',
    kind: 'ClusterPlan',
    metadata: { name: 'scale' },
    spec: {
      networks: [
        { id: 'pub', name: 'Public', cidr: '203.0.113.0/24' },
        { id: 'priv', name: 'Private', cidr: '10.1.0.0/16' },
      ],
      hosts,
      services,
      haPairs: [{ id: 'ha1', name: 'HA', directors: ['lb1', 'lb2'], vrrp: { virtualRouterId: 7, interface: 'eth0', priorities: { lb1: 150, lb2: 100 } } }],
    },
  };
}

test('100,000 memberships: exactly the injected diagnostics', () => {
  const plan = bigPlan();
  expect(plan.spec.hosts).toHaveLength(1100);
  expect(plan.spec.services.reduce((n, s) => n + s.realServers.length, 0)).toBe(100_000);
  const diags = validatePlan(plan);
  const count = (code: string) => diags.filter((d) => d.code === code).length;
  expect(count('dr.rs-arp-generated')).toBe(1000); // once per real-server host, not per membership
  expect(count('rs.weight-zero')).toBe(100);
  expect(count('dr.port-mapping')).toBe(10);
  expect(diags).toHaveLength(1110);
});
