// The before/after texts of a dry run (the Deploy panel's diff view): what is on the host as the
// agent read it, and what an apply of the desired state leaves there.
import { describe, expect, it } from 'vitest';
import { emptyDesiredState, type HostDesiredState } from '../../src-core/compile/desired-state';
import type { ActualHostState } from '../../src-core/diff/actual-state';
import { parseIpvsadmRules } from '../../src-core/ipvs/parse-rules';
import { hostStateFiles } from '../../src-core/render/host-state-text';

const SAVE = '-A -t 10.0.0.100:80 -s wrr\n-a -t 10.0.0.100:80 -r 10.0.1.21:80 -m -w 3\n-a -t 10.0.0.100:80 -r 10.0.1.22:80 -m -w 1\n';
const table = parseIpvsadmRules(SAVE, 'test').table;

const none: ActualHostState = { addresses: [], sysctls: {}, routes: [], tunnels: [], fouPorts: [], markRules: { ipv4: [], ipv6: [] }, modules: [], ipvs: { services: [] } };

const director: HostDesiredState = {
  ...emptyDesiredState({ hostId: 'd', hostName: 'd', role: 'director', distro: 'debian' }),
  addresses: [
    { dev: 'eth0', cidr: '10.0.0.1/24', family: 'ipv4', managed: false, reason: 'interface' },
    { dev: 'eth0', cidr: '10.0.0.100/32', family: 'ipv4', managed: true, reason: 'VIP' },
  ],
  sysctls: [{ key: 'net.ipv4.ip_forward', value: '1', reason: 'NAT' }],
  routes: [{ family: 'ipv4', dst: 'default', via: '10.0.0.254', reason: 'gateway' }],
  ipvs: table,
};

describe('hostStateFiles', () => {
  it('a director seen for the first time: every file from what is there to what the plan wants', () => {
    const actual: ActualHostState = {
      ...none,
      addresses: [
        { dev: 'lo', cidr: '127.0.0.1/8', family: 'ipv4', owned: false },
        { dev: 'eth0', cidr: '10.0.0.1/24', family: 'ipv4', owned: false },
        // added by an earlier deploy, no longer in the plan: the apply removes it
        { dev: 'eth0', cidr: '10.0.0.99/32', family: 'ipv4', owned: true },
        // not ours: stays
        { dev: 'eth1', cidr: '192.168.5.5/24', family: 'ipv4', owned: false },
      ],
      sysctls: { 'net.ipv4.ip_forward': '0' },
      routes: [
        { family: 'ipv4', dst: 'default', via: '10.0.0.1', dev: 'eth0' },
        { family: 'ipv6', dst: '2001:db8::/64', dev: 'eth0' },
      ],
    };
    const files = Object.fromEntries(hostStateFiles(director, actual).map((f) => [f.name, f]));
    expect(Object.keys(files)).toEqual(['ipvsadm-save', 'addresses', 'sysctl', 'routes']);
    expect(files['ipvsadm-save']).toEqual({
      name: 'ipvsadm-save',
      before: '',
      after: SAVE,
    });
    expect(files.addresses!.before).toBe('eth0 10.0.0.1/24\neth0 10.0.0.99/32\neth1 192.168.5.5/24\nlo 127.0.0.1/8\n');
    expect(files.addresses!.after).toBe('eth0 10.0.0.1/24\neth0 10.0.0.100/32\neth1 192.168.5.5/24\nlo 127.0.0.1/8\n');
    expect([files.sysctl!.before, files.sysctl!.after]).toEqual(['net.ipv4.ip_forward = 0\n', 'net.ipv4.ip_forward = 1\n']);
    // the plan's default route replaces the host's; the IPv6 route is not the plan's business
    expect(files.routes!.before).toBe('-6 2001:db8::/64 dev eth0\ndefault via 10.0.0.1 dev eth0\n');
    expect(files.routes!.after).toBe('-6 2001:db8::/64 dev eth0\ndefault via 10.0.0.254\n');
  });

  it('a host already in its desired state: every file unchanged', () => {
    const actual: ActualHostState = {
      ...none,
      addresses: director.addresses.map((a) => ({ dev: a.dev, cidr: a.cidr, family: a.family, owned: a.managed })),
      sysctls: { 'net.ipv4.ip_forward': '1' },
      routes: [{ family: 'ipv4', dst: 'default', via: '10.0.0.254' }],
      ipvs: director.ipvs,
    };
    for (const f of hostStateFiles(director, actual)) expect({ name: f.name, same: f.before === f.after }).toEqual({ name: f.name, same: true });
  });

  it('a real server has no IPVS file unless the host holds a table (then it shows the table going)', () => {
    const rs = { ...director, role: 'real-server' as const, ipvs: { services: [] } };
    expect(hostStateFiles(rs, none).map((f) => f.name)).toEqual(['addresses', 'sysctl', 'routes']);
    const withTable = hostStateFiles(rs, { ...none, ipvs: director.ipvs }).find((f) => f.name === 'ipvsadm-save')!;
    expect(withTable.before).toContain('-A -t 10.0.0.100:80 -s wrr');
    expect(withTable.after).toBe('');
  });
});
