// Golden tests: the exact text of every host-script and system-file renderer on the fixtures.
// Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allFixtures, director, drRealServer, haDirector, natRealServer } from '../fixtures/scripts/hosts';
import { renderDirectorScript, renderRealServerScript } from '../../src-core/render/scripts';
import { renderSysctlConf } from '../../src-core/render/sysctl';
import { renderIptablesRules } from '../../src-core/render/iptables';
import { renderSystemdUnit } from '../../src-core/render/systemd';
import { renderDistroIpvsadmFiles } from '../../src-core/render/distro';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import type { HostDesiredState } from '../../src-core/compile/desired-state';

const dir = fileURLToPath(new URL('../fixtures/scripts/golden/', import.meta.url));

function golden(name: string, text: string): void {
  const file = dir + name;
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
  }
  expect(existsSync(file), `golden file ${name} is missing (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const script = (h: HostDesiredState) => (h.role === 'director' ? renderDirectorScript(h) : renderRealServerScript(h));

describe('host script renderers (golden)', () => {
  for (const [name, host] of Object.entries(allFixtures)) {
    it(`${name}: script, sysctl.d, systemd unit`, () => {
      golden(`${name}.sh`, script(host));
      golden(`${name}.sysctl.conf`, renderSysctlConf(host));
      golden(`${name}.service`, renderSystemdUnit(host));
    });
  }

  it('director: iptables-restore files for both families', () => {
    golden('director.mangle-ipv4.rules', renderIptablesRules(director, 'ipv4'));
    golden('director.mangle-ipv6.rules', renderIptablesRules(director, 'ipv6'));
  });

  it('distro ipvsadm files: Debian and RHEL', () => {
    const rules = renderIpvsadmSave(director.ipvs, { thresholds: true });
    const debian = renderDistroIpvsadmFiles(director, rules);
    expect(debian.map((f) => f.path)).toEqual(['/etc/ipvsadm.rules', '/etc/default/ipvsadm']);
    expect(debian[0]!.content).toBe(rules);
    golden('debian.default-ipvsadm', debian[1]!.content);
    const rhel = renderDistroIpvsadmFiles(haDirector, rules);
    expect(rhel.map((f) => f.path)).toEqual(['/etc/sysconfig/ipvsadm', '/etc/sysconfig/ipvsadm-config']);
    expect(rhel[0]!.content).toBe(rules);
    golden('rhel.ipvsadm-config', rhel[1]!.content);
  });
});

describe('host script renderers (behaviour)', () => {
  it('renders the same text twice (deterministic, no clock or randomness)', () => {
    for (const h of Object.values(allFixtures)) expect(script(h)).toBe(script(structuredClone(h)));
  });

  it('an HA director leaves the VIPs to keepalived but still sets sysctls and the IPVS table', () => {
    const s = renderDirectorScript(haDirector);
    expect(s).not.toMatch(/^ {2}addr_apply/m);
    expect(s).toMatch(/managed by keepalived \(HA pair pair1\)/);
    expect(s).toMatch(/^ {2}sysctl_apply 'net.ipv4.ip_forward' '1'$/m);
    expect(s).toMatch(/^-A -t 192\.168\.10\.101:8080 -s rr$/m);
    const standalone = renderDirectorScript(director);
    expect(standalone).toMatch(/^ {2}addr_apply -4 'eth0' '192\.168\.10\.100\/32'$/m);
    expect(standalone).toMatch(/^ {2}addr_apply -6 'eth0' '2001:db8:10::100\/128'$/m);
  });

  it('embeds thresholds in the restored rules but compares against what ipvsadm -Sn prints', () => {
    const s = renderDirectorScript(director);
    expect(s).toContain('-a -t 192.168.10.101:8080 -r 10.1.0.11:8080 -m -w 1 -x 100 -y 50\n');
    expect(s).toContain('-a -t 192.168.10.101:8080 -r 10.1.0.11:8080 -m -w 1\n');
    expect(s).toMatch(/^ {4}ipvs_del '-f' '300' '-6'$/m);
  });

  it('never removes a default route, but removes the other routes it added', () => {
    const s = renderRealServerScript(natRealServer);
    expect(s).toMatch(/^ {2}route_apply -4 'default' via '10\.1\.0\.1'$/m);
    expect(s).not.toMatch(/route_remove -4 'default'/);
    expect(s).toMatch(/^ {2}route_remove -4 '10\.9\.0\.0\/16' via '10\.1\.0\.254' dev 'eth0'$/m);
  });

  it('sets the ARP sysctls before the VIP appears on lo', () => {
    const s = renderRealServerScript(drRealServer);
    expect(s.indexOf("sysctl_apply 'net.ipv4.conf.lo.arp_announce'")).toBeLessThan(s.indexOf("addr_apply -4 'lo'"));
  });

  it('refuses values that do not fit the strict patterns, naming each problem', () => {
    const bad: HostDesiredState = {
      ...drRealServer,
      addresses: [{ dev: 'lo', cidr: '192.168.10.300/32', family: 'ipv4', managed: true, reason: 'x' }],
      sysctls: [{ key: 'net.ipv4.conf.all.arp_ignore', value: '1 2;3', reason: 'x' }],
      tunnels: [{ dev: 'tunl0', type: 'gue', family: 'ipv4', reason: 'no port' }],
    };
    const s = renderRealServerScript(bad);
    expect(s).toMatch(/NOT RENDERED/);
    expect(s).toMatch(/\nexit 1\n$/);
    expect(s).not.toMatch(/addr_apply|sysctl_apply|tunnel_apply/);
    expect(s).toContain('192.168.10.300/32');
    expect(s).toContain('value "1 2;3" is not valid');
    expect(s).toContain('tunnel "tunl0": type "gue"');
  });

  it('refuses a firewall-mark rule with more than 15 ports (iptables multiport limit)', () => {
    const ports = Array.from({ length: 16 }, (_, i) => 1000 + i);
    const s = renderDirectorScript({ ...director, markRules: [{ family: 'ipv4', vip: '192.168.10.100', protocol: 'tcp', ports, mark: 1, serviceId: 'x' }] });
    expect(s).toMatch(/NOT RENDERED/);
  });

  it('sysctl.d: keys of devices that appear later carry a leading "-"', () => {
    const conf = renderSysctlConf(allFixtures['tun-real-server']!);
    expect(conf).toMatch(/^-net\.ipv4\.conf\.tunl0\.rp_filter = 0$/m);
    expect(conf).toMatch(/^net\.ipv4\.conf\.all\.rp_filter = 0$/m);
    expect(conf).toMatch(/^net\.ipv4\.conf\.lo\.arp_ignore = 1$/m);
  });
});
