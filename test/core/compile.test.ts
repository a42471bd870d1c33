import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import { loadPlanText } from '../../src-core/model/load';
import { readFileSync } from 'node:fs';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import type { HostDesiredState } from '../../src-core/compile/desired-state';

const host = (hosts: HostDesiredState[], id: string) => hosts.find((h) => h.hostId === id)!;
const sysctl = (h: HostDesiredState, key: string) => h.sysctls.find((s) => s.key === key)?.value;

function fullExample() {
  const doc = readFileSync('docs/plan-format.md', 'utf8');
  const text = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('full-example'))!;
  return loadPlanText(text, 'full').plan!;
}

describe('compilePlan', () => {
  it('DR: VIP on the director, VIP on lo /32 and the ARP sysctls on each real server', () => {
    const { hosts } = compilePlan(demoDrPlan());
    const dir = host(hosts, 'dir1');
    expect(dir.addresses.filter((a) => a.managed)).toEqual([expect.objectContaining({ dev: 'eth0', cidr: '192.168.10.100/32' })]);
    expect(dir.modules.map((m) => m.name)).toEqual(['ip_vs', 'ip_vs_wlc']);
    expect(dir.ipvs.services).toHaveLength(2);
    expect(sysctl(dir, 'net.ipv4.ip_forward')).toBeUndefined();
    // Health checks: keepalived keeps the table; without any, the script restores it.
    expect(dir.ipvsOwner).toBe('keepalived');
    const unchecked = demoDrPlan();
    for (const s of unchecked.spec.services) delete s.healthCheck;
    expect(host(compilePlan(unchecked).hosts, 'dir1').ipvsOwner).toBe('script');
    for (const id of ['rs1', 'rs2', 'rs3']) {
      const rs = host(hosts, id);
      expect(rs.addresses.filter((a) => a.managed)).toEqual([expect.objectContaining({ dev: 'lo', cidr: '192.168.10.100/32' })]);
      expect(sysctl(rs, 'net.ipv4.conf.all.arp_ignore')).toBe('1');
      expect(sysctl(rs, 'net.ipv4.conf.all.arp_announce')).toBe('2');
      expect(sysctl(rs, 'net.ipv4.conf.lo.arp_ignore')).toBe('1');
      expect(sysctl(rs, 'net.ipv4.conf.lo.arp_announce')).toBe('2');
      expect(rs.routes).toEqual([expect.objectContaining({ dst: 'default', via: '192.168.10.1' })]);
      expect(rs.ipvs.services).toEqual([]);
    }
  });

  it('HA NAT/TUN/fwmark/IPv6: forwarding on, marks, tunnels, keepalived owns the VIPs', () => {
    const { hosts } = compilePlan(fullExample());
    for (const id of ['lb1', 'lb2']) {
      const lb = host(hosts, id);
      expect(lb.haPairId).toBe('ha');
      expect(lb.addresses.filter((a) => a.managed)).toEqual([]);
      expect(sysctl(lb, 'net.ipv4.ip_forward')).toBe('1');
      expect(sysctl(lb, 'net.ipv4.conf.all.send_redirects')).toBe('0');
      expect(lb.markRules).toEqual([{ family: 'ipv4', vip: '203.0.113.20', protocol: 'tcp', ports: [80, 443], mark: 10, serviceId: 'web' }]);
      expect(lb.modules.map((m) => m.name)).toEqual(expect.arrayContaining(['ip_vs', 'ip_vs_wrr', 'ip_vs_sh', 'ip_vs_rr', 'ip_vs_mh']));
      expect(lb.ipvs.services.map((s) => s.protocol).sort()).toEqual(['fwmark', 'tcp', 'tcp', 'udp']);
    }
    expect(host(hosts, 'lb1').ipvs).toEqual(host(hosts, 'lb2').ipvs);
    const far = host(hosts, 'far1');
    expect(far.tunnels).toEqual([expect.objectContaining({ dev: 'tunl0', type: 'gue', port: 6080 })]);
    expect(far.addresses.filter((a) => a.managed)).toEqual([expect.objectContaining({ dev: 'tunl0', cidr: '203.0.113.20/32' })]);
    expect(sysctl(far, 'net.ipv4.conf.tunl0.rp_filter')).toBe('0');
    expect(sysctl(far, 'net.ipv4.conf.all.rp_filter')).toBe('0');
    expect(far.modules.map((m) => m.name)).toEqual(['ipip', 'fou']);
    const app = host(hosts, 'app1');
    expect(app.addresses.filter((a) => a.managed)).toEqual([]);
    expect(app.routes[0]).toMatchObject({ via: '10.10.0.1', reason: expect.stringContaining('NAT') });
    const v6 = host(hosts, 'web6');
    expect(v6.addresses.filter((a) => a.managed)).toEqual([expect.objectContaining({ dev: 'lo', cidr: '2001:db8:1::80/128', family: 'ipv6' })]);
    expect(v6.sysctls).toEqual([]);
    expect(v6.routes).toEqual([expect.objectContaining({ family: 'ipv6', via: '2001:db8:1::1' })]);
  });

  it('is total: dangling references are left out, not thrown on', () => {
    const plan = demoDrPlan();
    plan.spec.services[0]!.director = 'ghost';
    plan.spec.services[1]!.realServers[0]!.host = 'ghost';
    plan.spec.hosts[1]!.interfaces[0]!.addresses = ['not-an-address'];
    const { hosts } = compilePlan(plan);
    expect(host(hosts, 'dir1').ipvs.services).toHaveLength(1);
    expect(host(hosts, 'dir1').ipvs.services[0]!.destinations).toHaveLength(2);
  });
});
