// One minimal plan that triggers each rule and one that does not; every code in the catalogue has a case.
import { describe, expect, test } from 'vitest';
import { RULES, validatePlan } from '../../src-core/validate';
import type { Plan } from '../../src-core/model/plan-schema';
import { basePlan, haPlan, host, service } from '../fixtures/validate/plans';

type Mode = 'dr' | 'nat' | 'tun' | 'fullnat' | 'ha-dr' | 'ha-nat';
interface Case {
  code: string;
  base?: Mode;
  bad: (p: Plan) => void;
  /** Defaults to the untouched base plan. */
  good?: (p: Plan) => void;
}

const build = (mode: Mode = 'dr'): Plan => (mode === 'ha-dr' ? haPlan('dr') : mode === 'ha-nat' ? haPlan('nat') : basePlan(mode));
const svc = (p: Plan, i = 0) => service(p, i);
const rs = (p: Plan, i = 0) => service(p).realServers[i]!;
const toFwmark = (p: Plan) => {
  const s = svc(p);
  s.protocol = 'fwmark';
  s.fwmark = 10;
  delete s.vip;
  delete s.port;
  s.match = [{ vip: '203.0.113.10', protocol: 'tcp', ports: [80, 443] }];
};
const addService = (p: Plan, forwarding: 'dr' | 'nat', port: number) =>
  p.spec.services.push({
    id: 'second',
    name: 'Second',
    director: 'lb1',
    protocol: 'tcp',
    vip: '203.0.113.10',
    port,
    realServers: [{ id: 'r9', host: 'web1', forwarding, ...(forwarding === 'nat' ? { port: 8080 } : {}) }],
  });
const toV6 = (p: Plan) => {
  svc(p).vip = '2001:db8:1::10';
};

const CASES: Case[] = [
  // structure
  { code: 'structure.duplicate-id', bad: (p) => (svc(p).id = 'web1'), good: (p) => (svc(p).id = 'web') },
  { code: 'structure.duplicate-id', bad: (p) => (rs(p, 1).id = 'r1') },
  { code: 'structure.director-unknown', bad: (p) => (svc(p).director = 'nope') },
  { code: 'structure.director-not-director', bad: (p) => (svc(p).director = 'router') },
  { code: 'structure.rs-host-unknown', bad: (p) => (rs(p).host = 'ghost') },
  { code: 'structure.rs-host-not-real-server', bad: (p) => (rs(p).host = 'router') },
  { code: 'structure.interface-network-unknown', bad: (p) => (host(p, 'web1').interfaces[0]!.network = 'nonet') },
  // network
  { code: 'network.cidr-invalid', bad: (p) => (p.spec.networks[0]!.cidr = '203.0.113.0/33') },
  { code: 'network.overlap', bad: (p) => p.spec.networks.push({ id: 'big', name: 'Big', cidr: '10.0.0.0/16' }),
    good: (p) => p.spec.networks.push({ id: 'next', name: 'Next', cidr: '10.0.1.0/24' }) },
  { code: 'network.address-invalid', bad: (p) => (host(p, 'web1').interfaces[0]!.addresses[0] = '10.0.0.11') },
  { code: 'network.address-outside-network', bad: (p) => (host(p, 'web2').interfaces[0]!.addresses[0] = '10.0.1.12/24') },
  { code: 'network.duplicate-address', bad: (p) => (host(p, 'web2').interfaces[0]!.addresses[0] = '10.0.0.11/24') },
  { code: 'network.vip-on-interface', bad: (p) => host(p, 'lb1').interfaces[0]!.addresses.push('203.0.113.10/24') },
  { code: 'network.vip-invalid', bad: (p) => (svc(p).vip = '203.0.113.300') },
  { code: 'network.vip-invalid', base: 'ha-dr', bad: (p) => p.spec.haPairs![0]!.vrrp.vips!.push('nonsense') },
  { code: 'network.vip-on-two-directors', base: 'ha-dr', bad: (p) => addService(p, 'dr', 443),
    good: (p) => (addService(p, 'dr', 443), (svc(p, 1).director = 'ha1')) },
  { code: 'network.vip-off-director-network', bad: (p) => (svc(p).vip = '198.51.100.10') },
  // host
  { code: 'host.gateway-invalid', bad: (p) => (host(p, 'web1').gateway = '2001:db8:2::fe') },
  { code: 'host.gateway-invalid', bad: (p) => (host(p, 'web1').gateway6 = 'fe80') },
  { code: 'host.gateway-unreachable', bad: (p) => (host(p, 'web1').gateway = '192.168.1.1') },
  // service
  { code: 'service.duplicate', bad: (p) => addService(p, 'dr', 80), good: (p) => addService(p, 'dr', 443) },
  { code: 'service.duplicate', base: 'ha-dr', bad: (p) => addService(p, 'dr', 80) },
  { code: 'service.vip-required', bad: (p) => delete svc(p).vip },
  { code: 'service.port-required', bad: (p) => delete svc(p).port },
  { code: 'service.zero-port-not-persistent', bad: (p) => (svc(p).port = 0),
    good: (p) => Object.assign(svc(p), { port: 0, persistence: { timeout: 360 } }) },
  { code: 'service.fwmark-required', bad: (p) => (toFwmark(p), delete svc(p).fwmark), good: toFwmark },
  { code: 'service.fwmark-range', bad: (p) => (toFwmark(p), (svc(p).fwmark = 0)), good: (p) => (toFwmark(p), (svc(p).fwmark = 4294967295)) },
  { code: 'service.fwmark-no-match', bad: (p) => (toFwmark(p), (svc(p).match = [])), good: toFwmark },
  { code: 'service.fwmark-fields-ignored', bad: (p) => (svc(p).fwmark = 5) },
  { code: 'service.family-mismatch', bad: (p) => (toFwmark(p), (svc(p).family = 'ipv6')), good: (p) => (toFwmark(p), (svc(p).family = 'ipv4')) },
  { code: 'service.one-packet-not-udp', bad: (p) => (svc(p).onePacket = true), good: (p) => Object.assign(svc(p), { onePacket: true, protocol: 'udp' }) },
  { code: 'service.one-packet-not-udp', bad: (p) => Object.assign(svc(p), { onePacket: true, protocol: 'sctp' }), good: (p) => (toFwmark(p), (svc(p).onePacket = true)) },
  { code: 'service.persistence-timeout-range', bad: (p) => (svc(p).persistence = { timeout: 0 }),
    good: (p) => (svc(p).persistence = { timeout: 2678400 }) },
  { code: 'service.persistence-timeout-range', bad: (p) => (svc(p).persistence = { timeout: 2678401 }) },
  { code: 'service.netmask-bare-number-ipv4', bad: (p) => (svc(p).persistence = { timeout: 360, netmask: '24' }),
    good: (p) => (svc(p).persistence = { timeout: 360, netmask: '255.255.255.0' }) },
  { code: 'service.netmask-invalid', bad: (p) => (svc(p).persistence = { timeout: 360, netmask: 'abc' }) },
  { code: 'service.netmask-invalid', bad: (p) => (toV6(p), (svc(p).persistence = { timeout: 360, netmask: '129' })),
    good: (p) => (toV6(p), (svc(p).persistence = { timeout: 360, netmask: '64' })) },
  { code: 'service.netmask-ipv6-dotted', bad: (p) => (toV6(p), (svc(p).persistence = { timeout: 360, netmask: '255.255.255.0' })),
    good: (p) => (toV6(p), (svc(p).persistence = { timeout: 360, netmask: '64' })) },
  { code: 'service.netmask-noncontiguous', bad: (p) => (svc(p).persistence = { timeout: 360, netmask: '255.0.255.0' }) },
  { code: 'service.pe-sip-not-udp', bad: (p) => (svc(p).persistence = { timeout: 360, engine: 'sip' }),
    good: (p) => Object.assign(svc(p), { protocol: 'udp', persistence: { timeout: 360, engine: 'sip' } }) },
  { code: 'service.no-real-servers', bad: (p) => (svc(p).realServers = []),
    good: (p) => Object.assign(svc(p), { realServers: [], sorryServer: { address: '10.0.0.12', port: 80 } }) },
  { code: 'service.all-weights-zero', bad: (p) => (rs(p, 0).weight = 0, rs(p, 1).weight = 0), good: (p) => (rs(p, 0).weight = 0) },
  { code: 'service.sorry-address-invalid', bad: (p) => (svc(p).sorryServer = { address: 'sorry' }),
    good: (p) => (svc(p).sorryServer = { address: '10.0.0.12' }) },
  { code: 'service.sorry-family-mismatch', bad: (p) => (svc(p).sorryServer = { address: '2001:db8:2::12' }),
    good: (p) => (svc(p).sorryServer = { address: '2001:db8:2::12', forwarding: 'tun' }) },
  { code: 'service.quorum-unreachable', bad: (p) => (svc(p).quorum = { minimum: 3 }), good: (p) => (svc(p).quorum = { minimum: 2 }) },
  // real servers
  { code: 'rs.address-invalid', bad: (p) => (rs(p).address = '10.0.0.300'), good: (p) => (rs(p).address = '10.0.0.11') },
  { code: 'rs.address-unresolved', bad: (p) => (toV6(p), (host(p, 'web1').interfaces[0]!.addresses = ['10.0.0.11/24'])), good: toV6 },
  { code: 'rs.address-not-on-host', bad: (p) => (rs(p).address = '10.0.0.12'), good: (p) => (rs(p).address = '10.0.0.11') },
  { code: 'rs.family-mismatch', bad: (p) => (toV6(p), (rs(p).address = '10.0.0.11')),
    good: (p) => (toV6(p), (rs(p).address = '10.0.0.11'), (rs(p).forwarding = 'tun')) },
  { code: 'rs.duplicate', bad: (p) => (rs(p, 1).host = 'web1') },
  { code: 'rs.duplicate', bad: (p) => Object.assign(rs(p, 1), { host: 'web1', port: 8080 }) },
  { code: 'rs.duplicate', base: 'nat', bad: (p) => Object.assign(rs(p, 1), { host: 'web1', port: 8080 }),
    good: (p) => Object.assign(rs(p, 1), { host: 'web1', port: 8081 }) },
  { code: 'rs.weight-range', bad: (p) => (rs(p).weight = -1), good: (p) => (rs(p).weight = 65535) },
  { code: 'rs.weight-range', bad: (p) => (rs(p).weight = 2147483648) },
  { code: 'rs.weight-over-keepalived', bad: (p) => (rs(p).weight = 65536), good: (p) => (rs(p).weight = 65535) },
  { code: 'rs.weight-zero', bad: (p) => (rs(p).weight = 0) },
  { code: 'rs.threshold-lower-without-upper', bad: (p) => (rs(p).lowerThreshold = 10),
    good: (p) => Object.assign(rs(p), { lowerThreshold: 10, upperThreshold: 50 }) },
  { code: 'rs.threshold-lower-above-upper', bad: (p) => Object.assign(rs(p), { lowerThreshold: 50, upperThreshold: 10 }),
    good: (p) => Object.assign(rs(p), { lowerThreshold: 10, upperThreshold: 10 }) },
  // scheduler
  { code: 'scheduler.unknown', bad: (p) => ((svc(p) as { scheduler: string }).scheduler = 'RR') },
  { code: 'scheduler.flag-incompatible', bad: (p) => Object.assign(svc(p), { scheduler: 'rr', schedulerFlags: ['sh-port'] }),
    good: (p) => Object.assign(svc(p), { scheduler: 'sh', schedulerFlags: ['sh-port', 'sh-fallback'] }) },
  { code: 'scheduler.flag-incompatible', bad: (p) => Object.assign(svc(p), { scheduler: 'sh', schedulerFlags: ['mh-port'] }),
    good: (p) => Object.assign(svc(p), { scheduler: 'mh', schedulerFlags: ['mh-port'] }) },
  { code: 'scheduler.twos-kernel-unknown', bad: (p) => (svc(p).scheduler = 'twos'),
    good: (p) => ((svc(p).scheduler = 'twos'), (host(p, 'lb1').kernel = '6.12.117+deb12-amd64')) },
  { code: 'scheduler.twos-kernel-too-old', bad: (p) => ((svc(p).scheduler = 'twos'), (host(p, 'lb1').kernel = '6.1.0-18-amd64')),
    good: (p) => ((svc(p).scheduler = 'twos'), (host(p, 'lb1').kernel = '6.6.14')) },
  { code: 'scheduler.persistence-redundant', bad: (p) => Object.assign(svc(p), { scheduler: 'sh', persistence: { timeout: 60 } }),
    good: (p) => Object.assign(svc(p), { scheduler: 'wlc', persistence: { timeout: 60 } }) },
  { code: 'scheduler.locality-cache', bad: (p) => (svc(p).scheduler = 'lblcr') },
  // health checks
  { code: 'health.path-invalid', bad: (p) => (svc(p).healthCheck = { type: 'http', path: 'health' }),
    good: (p) => (svc(p).healthCheck = { type: 'http', path: '/health' }) },
  { code: 'health.path-invalid', bad: (p) => (rs(p).healthCheck = { type: 'https', path: 'x' }) },
  { code: 'health.expect-status-range', bad: (p) => (svc(p).healthCheck = { type: 'http', expectStatus: 600 }),
    good: (p) => (svc(p).healthCheck = { type: 'http', expectStatus: 204 }) },
  { code: 'health.digest-invalid', bad: (p) => (svc(p).healthCheck = { type: 'http', digest: 'abc' }),
    good: (p) => (svc(p).healthCheck = { type: 'http', digest: '9b3a0c85a887a256d6939da88aabd8cd' }) },
  { code: 'health.http-fields-on-other-type', bad: (p) => (svc(p).healthCheck = { type: 'tcp', path: '/' }),
    good: (p) => (svc(p).healthCheck = { type: 'tcp' }) },
  { code: 'health.script-command-required', bad: (p) => (svc(p).healthCheck = { type: 'script' }),
    good: (p) => (svc(p).healthCheck = { type: 'script', command: '/usr/local/bin/check' }) },
  { code: 'health.timeout-not-below-interval', bad: (p) => (svc(p).healthCheck = { type: 'tcp', interval: 3, timeout: 3 }),
    good: (p) => (svc(p).healthCheck = { type: 'tcp', interval: 6, timeout: 3 }) },
  { code: 'health.seconds-invalid', bad: (p) => (svc(p).healthCheck = { type: 'tcp', interval: 0 }) },
  { code: 'health.retries-range', bad: (p) => (svc(p).healthCheck = { type: 'tcp', retries: 101 }),
    good: (p) => (svc(p).healthCheck = { type: 'tcp', retries: 3 }) },
  { code: 'health.port-range', bad: (p) => (svc(p).healthCheck = { type: 'tcp', port: 0 }),
    good: (p) => (svc(p).healthCheck = { type: 'tcp', port: 8080 }) },
  { code: 'health.port-required', bad: (p) => (toFwmark(p), (svc(p).healthCheck = { type: 'tcp' })),
    good: (p) => (toFwmark(p), (svc(p).healthCheck = { type: 'tcp', port: 80 })) },
  // NAT
  { code: 'nat.rs-no-dip', base: 'nat', bad: (p) => (rs(p).address = '192.168.7.7') },
  { code: 'nat.rs-gateway-missing', base: 'nat', bad: (p) => delete host(p, 'web1').gateway },
  { code: 'nat.rs-gateway-missing', base: 'nat', bad: (p) => (toV6(p), delete host(p, 'web1').gateway6), good: toV6 },
  { code: 'nat.rs-gateway-not-dip', base: 'nat', bad: (p) => (host(p, 'web1').gateway = '10.0.0.254') },
  { code: 'nat.rs-gateway-not-dip', base: 'ha-nat', bad: (p) => (host(p, 'web1').gateway = '10.0.0.254') },
  { code: 'nat.rs-gateway-director-own-address', base: 'ha-nat', bad: (p) => (host(p, 'web1').gateway = '10.0.0.1') },
  { code: 'nat.ip-forward', base: 'nat', bad: () => {}, good: (p) => (svc(p).realServers = svc(build('dr')).realServers) },
  // DR
  { code: 'dr.rs-not-on-director-network', bad: (p) => {
    p.spec.networks.push({ id: 'far', name: 'Far', cidr: '10.9.0.0/24' });
    host(p, 'web1').interfaces[0] = { name: 'eth0', network: 'far', addresses: ['10.9.0.11/24'] };
    host(p, 'web1').gateway = '10.9.0.1';
  } },
  { code: 'dr.rs-gateway-is-director', bad: (p) => (host(p, 'web1').gateway = '10.0.0.1') },
  { code: 'dr.rs-gateway-is-director', base: 'ha-dr', bad: (p) => (host(p, 'web1').gateway = '10.0.0.100') },
  { code: 'dr.port-mapping', bad: (p) => (rs(p).port = 8080), good: (p) => (rs(p).port = 80) },
  { code: 'dr.port-mapping', bad: (p) => (rs(p).port = 8080), good: (p) => (toFwmark(p), (rs(p).port = 8080)) },
  { code: 'dr.rs-arp-generated', bad: () => {}, base: 'dr', good: (p) => (svc(p).realServers = svc(build('tun')).realServers) },
  // TUN
  { code: 'tun.port-mapping', base: 'tun', bad: (p) => (rs(p).port = 8080) },
  { code: 'tun.rs-tunnel-generated', base: 'tun', bad: () => {}, good: (p) => (svc(p).realServers = svc(build('dr')).realServers) },
  { code: 'tun.mtu', base: 'tun', bad: () => {}, good: (p) => (svc(p).realServers = svc(build('dr')).realServers) },
  { code: 'tun.gue-port-required', base: 'tun', bad: (p) => (rs(p).tunnel = { type: 'gue' }),
    good: (p) => (rs(p).tunnel = { type: 'gue', port: 6080 }) },
  { code: 'tun.ipip-checksum', base: 'tun', bad: (p) => (rs(p).tunnel = { type: 'ipip', checksum: 'csum' }),
    good: (p) => (rs(p).tunnel = { type: 'gre', checksum: 'csum' }) },
  { code: 'tun.gre-remcsum', base: 'tun', bad: (p) => (rs(p).tunnel = { type: 'gre', checksum: 'remcsum' }),
    good: (p) => (rs(p).tunnel = { type: 'gue', port: 6080, checksum: 'remcsum' }) },
  { code: 'tun.options-without-tun', bad: (p) => (rs(p).tunnel = { type: 'gue', port: 6080 }) },
  // FULLNAT
  { code: 'fullnat.unsupported', base: 'fullnat', bad: () => {}, good: (p) => (host(p, 'lb1').dataPlane = 'nftables') },
  { code: 'fullnat.nftables', base: 'fullnat', bad: (p) => (host(p, 'lb1').dataPlane = 'nftables') },
  // nftables data plane
  { code: 'nftables.unsupported', bad: (p) => (host(p, 'lb1').dataPlane = 'nftables'), good: (p) => ((host(p, 'lb1').dataPlane = 'nftables'), (svc(p).scheduler = 'wrr')) },
  { code: 'nftables.unsupported', base: 'tun', bad: (p) => ((host(p, 'lb1').dataPlane = 'nftables'), (svc(p).scheduler = 'rr')) },
  { code: 'nftables.auto-fallback-unsupported', bad: (p) => (host(p, 'lb1').dataPlane = 'auto'), good: (p) => ((host(p, 'lb1').dataPlane = 'auto'), (svc(p).scheduler = 'sh')) },
  // HA
  { code: 'ha.directors-count', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.directors = ['lb1', 'lb1']) },
  { code: 'ha.director-unknown', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.directors = ['lb1', 'lb3']) },
  { code: 'ha.director-not-director', base: 'ha-dr', bad: (p) => (host(p, 'lb2').role = 'router') },
  { code: 'ha.director-in-two-pairs', base: 'ha-dr', bad: (p) => p.spec.haPairs!.push({ ...structuredClone(p.spec.haPairs![0]!), id: 'ha2', vrrp: { ...p.spec.haPairs![0]!.vrrp, virtualRouterId: 52 } }) },
  { code: 'ha.vrrp-interface-missing', base: 'ha-dr', bad: (p) => (host(p, 'lb2').interfaces[0]!.name = 'ens3') },
  { code: 'ha.vrrp-network-mismatch', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.vrrp.interface = 'eth1', host(p, 'lb2').interfaces[1]!.name = 'eth0', host(p, 'lb2').interfaces[0]!.name = 'eth1') },
  { code: 'ha.service-on-member', base: 'ha-dr', bad: (p) => (svc(p).director = 'lb2') },
  { code: 'ha.sync-interface-missing', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.sync = { interface: 'eth9' }) },
  { code: 'ha.priority-missing', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.vrrp.priorities = { lb1: 150 }) },
  { code: 'ha.priority-equal', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.vrrp.priorities = { lb1: 100, lb2: 100 }) },
  { code: 'ha.priority-not-member', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.vrrp.priorities.web1 = 10) },
  { code: 'ha.priority-range', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.vrrp.priorities.lb2 = 256) },
  { code: 'ha.vrid-range', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.vrrp.virtualRouterId = 0) },
  { code: 'ha.vrid-duplicate', base: 'ha-dr', bad: (p) => addPair(p, 51), good: (p) => addPair(p, 52) },
  { code: 'ha.advert-interval-range', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.vrrp.advertInterval = 0),
    good: (p) => (p.spec.haPairs![0]!.vrrp.advertInterval = 0.5) },
  { code: 'ha.vip-network-not-shared', base: 'ha-dr', bad: (p) => (host(p, 'lb2').interfaces[0]!.network = 'priv', host(p, 'lb2').interfaces[0]!.addresses = ['10.0.0.3/24']) },
  { code: 'ha.auth-pass-too-long', base: 'ha-dr', bad: (p) => (p.spec.haPairs![0]!.vrrp.authPass = 'secret123'),
    good: (p) => (p.spec.haPairs![0]!.vrrp.authPass = 'secret12') },
  // memberships
  { code: 'membership.rs-is-director', bad: (p) => (rs(p).host = 'lb1') },
  { code: 'membership.nat-dr-conflict', bad: (p) => addService(p, 'nat', 8443), good: (p) => addService(p, 'dr', 8443) },
];

/** A second HA pair (lb3, lb4) on the same networks. */
function addPair(p: Plan, vrid: number): void {
  for (const [id, a, b] of [['lb3', '203.0.113.4/24', '10.0.0.4/24'], ['lb4', '203.0.113.5/24', '10.0.0.5/24']] as const) {
    p.spec.hosts.push({ id, name: id, role: 'director', interfaces: [
      { name: 'eth0', network: 'pub', addresses: [a] },
      { name: 'eth1', network: 'priv', addresses: [b] },
    ] });
  }
  p.spec.haPairs!.push({ id: 'ha2', name: 'HA2', directors: ['lb3', 'lb4'], vrrp: { virtualRouterId: vrid, interface: 'eth0', priorities: { lb3: 150, lb4: 100 } } });
}

const codesOf = (p: Plan) => validatePlan(p).map((d) => d.code);

describe('each rule: a plan that triggers it and one that does not', () => {
  test('the base plans are clean (no error or warning, except the TUN MTU note)', () => {
    for (const mode of ['dr', 'nat', 'ha-dr', 'ha-nat'] as const) {
      const bad = validatePlan(build(mode)).filter((d) => d.severity !== 'info');
      expect(bad, mode).toEqual([]);
    }
    expect(validatePlan(build('tun')).filter((d) => d.severity !== 'info').map((d) => d.code)).toEqual(['tun.mtu', 'tun.mtu']);
  });

  test.each(CASES.map((c, i) => [`${c.code} #${i}`, c] as const))('%s', (_name, c) => {
    const bad = build(c.base);
    c.bad(bad);
    expect(codesOf(bad)).toContain(c.code);
    const good = build(c.base);
    c.good?.(good);
    expect(codesOf(good)).not.toContain(c.code);
  });

  test('every rule of the catalogue has a case', () => {
    const covered = new Set(CASES.map((c) => c.code));
    expect(Object.keys(RULES).filter((code) => !covered.has(code))).toEqual([]);
  });

  test('each diagnostic has the severity of its catalogue entry', () => {
    for (const c of CASES) {
      const p = build(c.base);
      c.bad(p);
      for (const d of validatePlan(p)) expect(d.severity, d.code).toBe(RULES[d.code]?.severity);
    }
  });
});
