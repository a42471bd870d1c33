// Targets (JSON paths), related elements, mechanical fixes and filled-in messages of diagnostics.
import { describe, expect, test } from 'vitest';
import { validatePlan } from '../../src-core/validate';
import type { Diagnostic } from '../../src-core/validate/diagnostic';
import type { Plan } from '../../src-core/model/plan-schema';
import { applyFix } from '../fixtures/validate/apply-fix';
import { basePlan, haPlan, host, service } from '../fixtures/validate/plans';

const only = (p: Plan, code: string): Diagnostic[] => validatePlan(p).filter((d) => d.code === code);
const one = (p: Plan, code: string): Diagnostic => {
  const list = only(p, code);
  expect(list, code).toHaveLength(1);
  return list[0]!;
};

describe('fixes', () => {
  test('NAT: gateway not the DIP points at the host gateway and sets it to the DIP', () => {
    const p = basePlan('nat');
    host(p, 'web1').gateway = '10.0.0.254';
    const d = one(p, 'nat.rs-gateway-not-dip');
    expect(d.severity).toBe('error');
    expect(d.target).toEqual({ kind: 'host', id: 'web1', path: 'spec.hosts[2].gateway' });
    expect(d.fix?.edits).toEqual([{ path: 'spec.hosts[2].gateway', value: '10.0.0.1' }]);
    expect(d.related?.map((r) => r.id)).toEqual(['lb1']);
    expect(d.message.en).toContain('10.0.0.254');
    expect(d.message.zh).toContain('10.0.0.1');
    expect(only(applyFix(p, d.fix!), 'nat.rs-gateway-not-dip')).toEqual([]);
  });

  test('NAT: an IPv6 service checks gateway6 against the IPv6 DIP', () => {
    const p = basePlan('nat');
    service(p).vip = '2001:db8:1::10';
    delete host(p, 'web2').gateway6;
    const d = one(p, 'nat.rs-gateway-missing');
    expect(d.target.path).toBe('spec.hosts[3].gateway6');
    expect(d.fix?.edits).toEqual([{ path: 'spec.hosts[3].gateway6', value: '2001:db8:2::1' }]);
    expect(one(p, 'nat.ip-forward').message.en).toContain('net.ipv6.conf.all.forwarding');
    expect(only(applyFix(p, d.fix!), 'nat.rs-gateway-missing')).toEqual([]);
  });

  test('NAT on an HA pair: the fix uses the floating private VIP; a director own address is a warning', () => {
    const p = haPlan('nat');
    delete host(p, 'web1').gateway;
    const d = one(p, 'nat.rs-gateway-missing');
    expect(d.fix?.edits).toEqual([{ path: 'spec.hosts[2].gateway', value: '10.0.0.100' }]);
    host(p, 'web1').gateway = '10.0.0.2';
    const w = one(p, 'nat.rs-gateway-director-own-address');
    expect(w.severity).toBe('warning');
    expect(w.message.en).toContain('"lb2"');
    expect(w.hint?.zh).toContain('ha1');
  });

  test('NAT on an HA pair without a floating private VIP: error, no mechanical fix', () => {
    const p = haPlan('nat');
    p.spec.haPairs![0]!.vrrp.vips = [];
    host(p, 'web1').gateway = '10.0.0.254';
    host(p, 'web2').gateway = '10.0.0.254';
    const list = only(p, 'nat.rs-gateway-not-dip');
    expect(list.map((x) => x.target.id)).toEqual(['web1', 'web2']);
    const d = list[0]!;
    expect(d.fix).toBeUndefined();
    expect(d.message.en).toContain('10.0.0.1, 10.0.0.2');
  });

  test('DR: gateway on the director is fixed to the router of the real-server network', () => {
    const p = basePlan('dr');
    host(p, 'web2').gateway = '10.0.0.1';
    const d = one(p, 'dr.rs-gateway-is-director');
    expect(d.target.path).toBe('spec.hosts[3].gateway');
    expect(d.fix?.edits).toEqual([{ path: 'spec.hosts[3].gateway', value: '10.0.0.254' }]);
    expect(only(applyFix(p, d.fix!), 'dr.rs-gateway-is-director')).toEqual([]);
  });

  test('DR: port mapping is a warning whose fix sets the VIP port', () => {
    const p = basePlan('dr');
    service(p).realServers[1]!.port = 8080;
    const d = one(p, 'dr.port-mapping');
    expect(d.severity).toBe('warning');
    expect(d.target).toEqual({ kind: 'real-server', id: 'r2', path: 'spec.services[0].realServers[1].port' });
    expect(d.fix?.edits).toEqual([{ path: 'spec.services[0].realServers[1].port', value: 80 }]);
    expect(validatePlan(applyFix(p, d.fix!)).filter((x) => x.severity !== 'info')).toEqual([]);
  });
});

describe('targets and details', () => {
  test('a service on one member of an HA pair: fix moves it to the pair', () => {
    const p = haPlan('dr');
    service(p).director = 'lb1';
    const d = one(p, 'ha.service-on-member');
    expect(d.fix?.edits).toEqual([{ path: 'spec.services[0].director', value: 'ha1' }]);
    expect(only(applyFix(p, d.fix!), 'ha.service-on-member')).toEqual([]);
  });

  test('a duplicate real server (dr forces the VIP port) points at the later one and relates the first', () => {
    const p = basePlan('dr');
    Object.assign(service(p).realServers[1]!, { host: 'web1', port: 8080 });
    const d = one(p, 'rs.duplicate');
    expect(d.target.path).toBe('spec.services[0].realServers[1]');
    expect(d.related?.[0]?.path).toBe('spec.services[0].realServers[0]');
    expect(d.message.en).toContain('10.0.0.11:80');
  });

  test('duplicate ids name the first element', () => {
    const p = basePlan();
    p.spec.networks[1]!.id = 'pub';
    const d = one(p, 'structure.duplicate-id');
    expect(d.target).toEqual({ kind: 'network', id: 'pub', path: 'spec.networks[1]' });
    expect(d.message.en).toBe('Id "pub" is already used by spec.networks[0].');
  });

  test('interface address paths', () => {
    const p = basePlan();
    host(p, 'web2').interfaces[0]!.addresses[1] = '2001:db8:2::zz/64';
    expect(one(p, 'network.address-invalid').target).toEqual({ kind: 'interface', id: 'web2', path: 'spec.hosts[3].interfaces[0].addresses[1]' });
  });

  test('TUN MTU: effective MTU from the network MTU and the encapsulation', () => {
    const p = basePlan('tun');
    p.spec.networks[1]!.mtu = 9000;
    service(p).realServers = [{ id: 'r1', host: 'web1', forwarding: 'tun', tunnel: { type: 'gre', checksum: 'csum' } }];
    expect(one(p, 'tun.mtu').message.en).toContain('adds 28 bytes, so the effective MTU is 8972 (network MTU 9000)');
    service(p).realServers = [{ id: 'r1', host: 'web1', forwarding: 'tun', tunnel: { type: 'gue', port: 6080 } }];
    p.spec.networks[1]!.mtu = 1500;
    const d = one(p, 'tun.mtu');
    expect(d.message.en).toContain('adds 32 bytes, so the effective MTU is 1468');
    expect(d.hint?.en).toContain('1532');
  });

  test('bare-number IPv4 netmask: what the kernel takes and the dotted form', () => {
    const p = basePlan();
    service(p).persistence = { timeout: 360, netmask: '24' };
    const d = one(p, 'service.netmask-bare-number-ipv4');
    expect(d.message.en).toContain('0.0.0.24');
    expect(d.hint?.en).toContain('255.255.255.0');
  });

  test('a problem shared by many memberships is reported once (NAT gateway per host and director)', () => {
    const p = basePlan('nat');
    host(p, 'web1').gateway = '10.0.0.254';
    for (let i = 0; i < 5; i++) {
      p.spec.services.push({ ...structuredClone(service(p)), id: `s${i}`, port: 1000 + i, realServers: [{ id: `x${i}`, host: 'web1', forwarding: 'nat' }] });
    }
    expect(only(p, 'nat.rs-gateway-not-dip')).toHaveLength(1);
  });

  test('messages have every placeholder filled, in both languages', () => {
    const p = haPlan('nat');
    host(p, 'web1').gateway = '10.0.0.1';
    service(p).scheduler = 'twos';
    service(p).persistence = { timeout: 0, netmask: '24' };
    service(p).realServers[0]!.weight = 70000;
    const all = validatePlan(p);
    expect(all.length).toBeGreaterThan(4);
    for (const d of all) {
      for (const text of [d.message.en, d.message.zh, d.hint?.en ?? '', d.hint?.zh ?? '']) expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  test('missing optional parts of a plan do not throw', () => {
    const p = { apiVersion: 'lvs-studio.io/v1', kind: 'ClusterPlan', metadata: { name: 'x' }, spec: { networks: [], hosts: [], services: [] } } as Plan;
    expect(validatePlan(p)).toEqual([]);
    const q = { spec: { hosts: [{ id: 'h', name: 'h', role: 'director' }], services: [{ id: 's', realServers: [{ id: 'r' }] }] } } as unknown as Plan;
    expect(validatePlan(q).map((d) => d.code)).toEqual(
      expect.arrayContaining(['structure.director-unknown', 'service.vip-required', 'structure.rs-host-unknown']),
    );
  });
});
