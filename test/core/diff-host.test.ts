// diffHost: addresses (managed only), sysctls, routes, tunnels, our mark chain, modules; undo steps.
import { describe, expect, it } from 'vitest';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import { markRuleLine } from '../../src-core/render/iptables';
import { diffHost, invertHostOps, type ActualHostState, type HostOp } from '../../src-core/diff';

function desired(over: Partial<HostDesiredState> = {}): HostDesiredState {
  return {
    hostId: 'rs1', hostName: 'rs1', role: 'real-server', distro: 'debian',
    addresses: [
      { dev: 'eth0', cidr: '192.168.10.11/24', family: 'ipv4', managed: false, reason: 'interface' },
      { dev: 'lo', cidr: '192.168.10.100/32', family: 'ipv4', managed: true, reason: 'VIP on lo (DR)' },
    ],
    tunnels: [],
    sysctls: [
      { key: 'net.ipv4.conf.all.arp_ignore', value: '1', reason: 'DR' },
      { key: 'net.ipv4.conf.all.arp_announce', value: '2', reason: 'DR' },
    ],
    routes: [{ family: 'ipv4', dst: 'default', via: '192.168.10.1', reason: 'gateway' }],
    markRules: [],
    modules: [],
    ipvs: { services: [] },
    ...over,
  };
}

function actual(over: Partial<ActualHostState> = {}): ActualHostState {
  return {
    addresses: [{ dev: 'eth0', cidr: '192.168.10.11/24', family: 'ipv4', owned: false }],
    sysctls: { 'net.ipv4.conf.all.arp_ignore': '0', 'net.ipv4.conf.all.arp_announce': '2' },
    routes: [{ family: 'ipv4', dst: 'default', via: '192.168.10.254', dev: 'eth0' }],
    tunnels: [], fouPorts: [], markRules: { ipv4: [], ipv6: [] }, modules: [], ipvs: { services: [] },
    ...over,
  };
}

const kinds = (ops: HostOp[]): string[] => ops.map((o) => o.kind);

describe('diffHost', () => {
  it('a DR real server: VIP on lo, one sysctl (previous kept), default route replaced (previous kept)', () => {
    const ops = diffHost(actual(), desired());
    expect(ops).toEqual([
      { kind: 'set-sysctl', key: 'net.ipv4.conf.all.arp_ignore', value: '1', previous: '0', description: { en: 'Set net.ipv4.conf.all.arp_ignore = 1 (was 0)', zh: '设置 net.ipv4.conf.all.arp_ignore = 1（原为 0）' } },
      { kind: 'add-address', dev: 'lo', cidr: '192.168.10.100/32', family: 'ipv4', description: { en: 'Add address 192.168.10.100/32 to lo', zh: '在 lo 上添加地址 192.168.10.100/32' } },
      {
        kind: 'replace-route', route: { family: 'ipv4', dst: 'default', via: '192.168.10.1' }, previous: { family: 'ipv4', dst: 'default', via: '192.168.10.254', dev: 'eth0' },
        description: { en: 'Set route default via 192.168.10.1 (was default via 192.168.10.254 dev eth0)', zh: '设置路由 default via 192.168.10.1（原为 default via 192.168.10.254 dev eth0）' },
      },
    ]);
    for (const op of ops) expect(op.description.zh).not.toBe(op.description.en);
  });

  it('the state it leads to gives no op; values compare as the kernel prints them', () => {
    const a = actual({
      addresses: [
        { dev: 'eth0', cidr: '192.168.10.11/24', family: 'ipv4', owned: false },
        { dev: 'lo', cidr: '192.168.10.100/32', family: 'ipv4', owned: true },
      ],
      sysctls: { 'net.ipv4.conf.all.arp_ignore': '1', 'net.ipv4.conf.all.arp_announce': '2\n', 'net.ipv4.vs.sync_threshold': '3\t50' },
      routes: [{ family: 'ipv4', dst: 'default', via: '192.168.10.1', dev: 'eth0' }],
    });
    const d = desired({ sysctls: [...desired().sysctls, { key: 'net.ipv4.vs.sync_threshold', value: '3 50', reason: 'x' }] });
    expect(diffHost(a, d)).toEqual([]);
  });

  it('never touches unmanaged interface addresses; deletes only addresses the agent added', () => {
    const a = actual({
      addresses: [
        { dev: 'eth0', cidr: '192.168.10.50/24', family: 'ipv4', owned: false },
        { dev: 'lo', cidr: '192.168.10.99/32', family: 'ipv4', owned: true },
        { dev: 'lo', cidr: '2001:db8:0::100/128', family: 'ipv6', owned: true },
      ],
    });
    const d = desired({
      addresses: [...desired().addresses, { dev: 'lo', cidr: '2001:db8::100/128', family: 'ipv6', managed: true, reason: 'VIP' }],
    });
    const ops = diffHost(a, d).filter((o) => o.kind.endsWith('-address'));
    // eth0's planned 192.168.10.11/24 is missing and 192.168.10.50/24 is extra, but neither is ours
    expect(ops.map((o) => (o.kind === 'add-address' || o.kind === 'delete-address' ? `${o.kind} ${o.dev} ${o.cidr}` : ''))).toEqual([
      'delete-address lo 192.168.10.99/32',
      'add-address lo 192.168.10.100/32',
    ]);
  });

  it('a missing sysctl key (module not loaded yet) is set with nothing to restore; modules load first', () => {
    const d = desired({ modules: [{ name: 'ip_vs', reason: 'IPVS' }, { name: 'ip_vs_wrr', reason: 'wrr' }], sysctls: [{ key: 'net.ipv4.vs.conntrack', value: '1', reason: 'NAT' }] });
    const ops = diffHost(actual({ modules: ['ip_vs'] }), d);
    expect(kinds(ops).slice(0, 2)).toEqual(['load-module', 'set-sysctl']);
    expect(ops[0]).toMatchObject({ name: 'ip_vs_wrr' });
    expect(ops[1]).not.toHaveProperty('previous');
    expect(invertHostOps(ops.slice(0, 2))).toEqual([{ kind: 'unload-module', name: 'ip_vs_wrr', description: { en: 'Unload kernel module ip_vs_wrr', zh: '卸载内核模块 ip_vs_wrr' } }]);
  });

  it('tunnels: created and brought up, or only brought up; GUE gets its fou port', () => {
    const d = desired({
      tunnels: [
        { dev: 'tunl0', type: 'ipip', family: 'ipv4', reason: 'TUN' },
        { dev: 'gue1', type: 'gue', family: 'ipv4', port: 6080, reason: 'GUE' },
        { dev: 'gre0', type: 'gre', family: 'ipv4', reason: 'GRE' },
      ],
    });
    const ops = diffHost(actual({ tunnels: [{ dev: 'tunl0', up: false }, { dev: 'gre0', up: true }] }), d).filter((o) => /tunnel|fou/.test(o.kind));
    expect(ops.map((o) => [o.kind, o.kind === 'tunnel-up' ? `${o.tunnel.dev} existed=${o.existed}` : o.kind === 'add-fou-port' ? o.port : ''])).toEqual([
      ['tunnel-up', 'tunl0 existed=true'],
      ['add-fou-port', 6080],
      ['tunnel-up', 'gue1 existed=false'],
    ]);
    expect(kinds(invertHostOps(ops))).toEqual(['tunnel-down', 'delete-fou-port', 'tunnel-down']);
    expect(invertHostOps(ops)[0]).toMatchObject({ tunnel: { dev: 'gue1' }, remove: true });
    expect(invertHostOps(ops)[2]).toMatchObject({ tunnel: { dev: 'tunl0' }, remove: false });
  });

  it('mark rules: our chain is replaced when its rules differ, per family, and the inverse puts the old rules back', () => {
    const rule = { family: 'ipv4' as const, vip: '10.0.0.100', protocol: 'tcp' as const, ports: [80, 443], mark: 10, serviceId: 's1' };
    const line = markRuleLine(rule)!;
    expect(line).toBe('-A LVS-STUDIO-MARK -d 10.0.0.100/32 -p tcp -m multiport --dports 80,443 -j MARK --set-xmark 0xa/0xffffffff');
    const d = desired({ role: 'director', markRules: [rule] });
    expect(diffHost(actual({ markRules: { ipv4: [line], ipv6: [] } }), d).filter((o) => o.kind === 'replace-mark-chain')).toEqual([]);
    const stale = '-A LVS-STUDIO-MARK -d 10.0.0.100/32 -p tcp -m tcp --dport 80 -j MARK --set-xmark 0xa/0xffffffff';
    const ops = diffHost(actual({ markRules: { ipv4: [stale], ipv6: ['-A LVS-STUDIO-MARK -d 2001:db8::1/128 -p udp -m udp --dport 53 -j MARK --set-xmark 0x1/0xffffffff'] } }), d).filter((o) => o.kind === 'replace-mark-chain');
    expect(ops).toMatchObject([
      { family: 'ipv4', chain: 'LVS-STUDIO-MARK', rules: [line], previous: [stale] },
      { family: 'ipv6', rules: [] },
    ]);
    expect(invertHostOps(ops)[1]).toMatchObject({ kind: 'replace-mark-chain', family: 'ipv4', rules: [stale], previous: [line] });
  });

  it('a route without a previous one is undone by deleting it; route vias compare as addresses', () => {
    const d = desired({ routes: [{ family: 'ipv6', dst: 'default', via: '2001:db8:0::1', reason: 'gw' }] });
    const ops = diffHost(actual({ routes: [] }), d).filter((o) => o.kind === 'replace-route');
    expect(ops).toHaveLength(1);
    expect(ops[0]).not.toHaveProperty('previous');
    expect(invertHostOps(ops)).toMatchObject([{ kind: 'delete-route', route: { family: 'ipv6', dst: 'default', via: '2001:db8:0::1' } }]);
    expect(diffHost(actual({ routes: [{ family: 'ipv6', dst: 'default', via: '2001:db8::1', dev: 'eth0' }] }), d).filter((o) => o.kind === 'replace-route')).toEqual([]);
  });

  it('every op has an undo that undoes it (inverse of the inverse is the op)', () => {
    const ops = diffHost(actual(), desired({ modules: [{ name: 'ip_vs', reason: 'x' }], tunnels: [{ dev: 'tunl0', type: 'ipip', family: 'ipv4', reason: 'x' }] }));
    const back = invertHostOps(invertHostOps(ops));
    expect(back.map((o) => ({ ...o, description: undefined }))).toEqual(ops.map((o) => ({ ...o, description: undefined })));
  });
});
