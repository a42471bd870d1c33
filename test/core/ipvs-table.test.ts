// planToIpvsTable: which services a director gets (own and HA pair) and the kernel normalisation.
import { describe, expect, it } from 'vitest';
import { planToIpvsTable } from '../../src-core/compile/ipvs-table';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import type { Plan } from '../../src-core/model/plan-schema';

const plan: Plan = {
  apiVersion: 'lvs-studio.io/v1',
  kind: 'ClusterPlan',
  metadata: { name: 't' },
  spec: {
    networks: [{ id: 'lan', name: 'lan', cidr: '10.0.0.0/24' }],
    hosts: [
      { id: 'd1', name: 'd1', role: 'director', interfaces: [{ name: 'eth0', network: 'lan', addresses: ['10.0.0.2/24'] }] },
      { id: 'd2', name: 'd2', role: 'director', interfaces: [{ name: 'eth0', network: 'lan', addresses: ['10.0.0.3/24'] }] },
      { id: 'd3', name: 'd3', role: 'director', interfaces: [{ name: 'eth0', network: 'lan', addresses: ['10.0.0.4/24'] }] },
      { id: 'web1', name: 'web1', role: 'real-server', interfaces: [{ name: 'eth0', network: 'lan', addresses: ['10.0.0.11/24', '2001:db8::11/64'] }] },
    ],
    services: [
      {
        id: 'web', name: 'web', director: 'pair', protocol: 'tcp', vip: '10.0.0.100', port: 80,
        persistence: { timeout: 300, netmask: '255.255.255.255' },
        realServers: [
          { id: 'r1', host: 'web1', port: 8080, forwarding: 'dr' },
          { id: 'r2', host: 'web1', address: '10.0.0.12', port: 8080, forwarding: 'nat', weight: 5 },
        ],
      },
      { id: 'other', name: 'other', director: 'd3', protocol: 'udp', vip: '10.0.0.101', port: 53, realServers: [] },
      {
        id: 'v6', name: 'v6', director: 'd1', protocol: 'fwmark', fwmark: 7, family: 'ipv6', scheduler: 'sh',
        schedulerFlags: ['sh-port', 'sh-fallback'], persistence: { timeout: 60, netmask: '64' },
        realServers: [{ id: 'r3', host: 'web1', forwarding: 'tun', tunnel: { type: 'gre' } }],
      },
    ],
    haPairs: [{ id: 'pair', name: 'pair', directors: ['d1', 'd2'], vrrp: { virtualRouterId: 1, interface: 'eth0', priorities: { d1: 100, d2: 90 } } }],
  },
};

describe('planToIpvsTable', () => {
  it('gives each director its own and its HA pair services, normalised like the kernel', () => {
    expect(renderIpvsadmSave(planToIpvsTable(plan, 'd1'))).toBe(
      [
        '-A -t 10.0.0.100:80 -s wlc -p 300',
        '-a -t 10.0.0.100:80 -r 10.0.0.11:80 -g -w 1',
        '-a -t 10.0.0.100:80 -r 10.0.0.12:8080 -m -w 5',
        '-A -f 7 -6 -s sh -p 60 -M 64 -b sh-fallback,sh-port',
        '-a -f 7 -6 -r [2001:db8::11]:0 -i -w 1 --tun-type gre --tun-nocsum',
        '',
      ].join('\n'),
    );
    expect(planToIpvsTable(plan, 'd2').services.map((s) => s.address)).toEqual(['10.0.0.100']);
    expect(planToIpvsTable(plan, 'd3').services.map((s) => s.address)).toEqual(['10.0.0.101']);
    expect(planToIpvsTable(plan, 'nobody').services).toEqual([]);
  });
});
