// The generated host scripts, run for real inside throwaway network namespaces: resulting state,
// a second run that changes nothing, status, and remove. This kernel may lack IPVS and the tunnel
// modules: the director runs with LVS_STUDIO_SKIP_IPVS=1 (everything but the IPVS step is real),
// and where a module is missing the test asserts the script's clear failure instead.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { hasCommand, needRoot, needTools } from '../support/tools';
import { hostNamespace as wireHost, must, NetnsLab, netnsState } from './netns';
import { director, dr6RealServer, drRealServer, natRealServer, tunRealServer } from '../fixtures/scripts/hosts';
import { renderDirectorScript, renderRealServerScript } from '../../src-core/render/scripts';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import type { HostDesiredState } from '../../src-core/compile/desired-state';

const enabled = needRoot() && needTools('ip', 'sysctl', 'iptables', 'ip6tables', 'iptables-restore', 'ip6tables-restore');
const lab = new NetnsLab('scr');
afterAll(() => lab.cleanup());

const SKIP_IPVS = { LVS_STUDIO_SKIP_IPVS: '1' };

const hostNamespace = (host: HostDesiredState, tag: string) => wireHost(lab, host, tag);

function script(host: HostDesiredState): string {
  const text = host.role === 'director' ? renderDirectorScript(host) : renderRealServerScript(host);
  return lab.file(`${host.hostId}.sh`, text);
}

const keys = (h: HostDesiredState) => h.sysctls.map((s) => s.key);
const sysctl = (ns: string, key: string) => must(lab.exec(ns, 'sysctl', ['-n', key]), key).stdout.trim();
const addrs = (ns: string) => lab.exec(ns, 'ip', ['-o', 'addr', 'show']).stdout;

/** apply twice (the second changes nothing and says nothing), status in sync, and the state after apply. */
function applyTwice(ns: string, path: string, host: HostDesiredState, env: Record<string, string> = {}): string {
  const first = lab.exec(ns, 'sh', [path, 'apply'], { env });
  expect(first.stderr).not.toMatch(/error/);
  expect(first.status).toBe(0);
  const state = netnsState(lab, ns, keys(host));
  const second = lab.exec(ns, 'sh', [path], { env });
  expect(second.status).toBe(0);
  expect(second.stderr.split('\n').filter((l) => l && !l.includes('LVS_STUDIO_SKIP_IPVS'))).toEqual([]);
  expect(netnsState(lab, ns, keys(host))).toBe(state);
  const status = lab.exec(ns, 'sh', [path, 'status'], { env });
  expect(status.stdout).not.toMatch(/DRIFT/);
  expect(status.status).toBe(0);
  return state;
}

describe.skipIf(!enabled)('host scripts in network namespaces', () => {
  it('DR real server: VIP on lo, ARP sysctls, gateway; idempotent; remove takes the VIP away', () => {
    const ns = hostNamespace(drRealServer, 'dr');
    const path = script(drRealServer);
    applyTwice(ns, path, drRealServer);
    expect(addrs(ns)).toMatch(/^\d+: lo +inet 192\.168\.10\.100\/32 scope global lo/m);
    for (const s of drRealServer.sysctls) expect(sysctl(ns, s.key)).toBe(s.value);
    expect(lab.exec(ns, 'ip', ['-4', 'route', 'show', 'default']).stdout.trim()).toBe('default via 192.168.10.1 dev eth0');

    // Drift is seen by status and repaired by apply, with one log line.
    must(lab.exec(ns, 'sysctl', ['-w', 'net.ipv4.conf.lo.arp_announce=0']), 'drift');
    const st = lab.exec(ns, 'sh', [path, 'status']);
    expect(st.status).toBe(3);
    expect(st.stdout).toContain('DRIFT  sysctl net.ipv4.conf.lo.arp_announce = 0, want 2');
    const fix = lab.exec(ns, 'sh', [path]);
    expect(fix.status).toBe(0);
    expect(fix.stderr.trim()).toBe('lvs-studio: set net.ipv4.conf.lo.arp_announce = 2');

    const rm = lab.exec(ns, 'sh', [path, 'remove']);
    expect(rm.status).toBe(0);
    expect(addrs(ns)).not.toContain('192.168.10.100');
    expect(lab.exec(ns, 'ip', ['-4', 'route', 'show', 'default']).stdout).toContain('via 192.168.10.1');
    expect(lab.exec(ns, 'sh', [path, 'status']).status).toBe(3);
    const again = lab.exec(ns, 'sh', [path, 'remove']);
    expect(again.status).toBe(0);
    expect(again.stderr).not.toContain('removed');
  });

  it('NAT real server: default route replaced by the DIP; other routes added and removed', () => {
    const ns = hostNamespace(natRealServer, 'nat');
    must(lab.exec(ns, 'ip', ['route', 'add', 'default', 'via', '10.1.0.254']), 'old default');
    const path = script(natRealServer);
    applyTwice(ns, path, natRealServer);
    expect(lab.exec(ns, 'ip', ['-4', 'route', 'show', 'default']).stdout.trim()).toBe('default via 10.1.0.1 dev eth0');
    expect(lab.exec(ns, 'ip', ['-4', 'route', 'show', '10.9.0.0/16']).stdout.trim()).toBe('10.9.0.0/16 via 10.1.0.254 dev eth0');
    expect(must(lab.exec(ns, 'sh', [path, 'remove']), 'remove').stderr).toContain('leaving the ipv4 default route in place');
    expect(lab.exec(ns, 'ip', ['-4', 'route', 'show', '10.9.0.0/16']).stdout.trim()).toBe('');
    expect(lab.exec(ns, 'ip', ['-4', 'route', 'show', 'default']).stdout.trim()).toBe('default via 10.1.0.1 dev eth0');
  });

  it('IPv6 DR real server: VIP /128 on lo, IPv6 gateway; idempotent; remove', () => {
    const ns = hostNamespace(dr6RealServer, 'dr6');
    const path = script(dr6RealServer);
    applyTwice(ns, path, dr6RealServer);
    expect(addrs(ns)).toMatch(/^\d+: lo +inet6 2001:db8:10::100\/128 scope global/m);
    expect(lab.exec(ns, 'ip', ['-6', 'route', 'show', 'default']).stdout).toMatch(/^default via 2001:db8:10::1 dev eth0/);
    must(lab.exec(ns, 'sh', [path, 'remove']), 'remove');
    expect(addrs(ns)).not.toContain('2001:db8:10::100');
  });

  it('TUN real server: tunl0 up with the VIP and rp_filter off, or a clear failure when the kernel has no ipip', () => {
    const ns = hostNamespace(tunRealServer, 'tun');
    if (hasCommand('modprobe')) lab.exec(ns, 'modprobe', ['ipip']);
    const kernelHasIpip = lab.exec(ns, 'ip', ['link', 'show', 'tunl0']).status === 0;
    const path = script(tunRealServer);
    if (!kernelHasIpip) {
      const r = lab.exec(ns, 'sh', [path, 'apply']);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('lvs-studio: error: tunnel device tunl0 does not exist: this kernel has no ipip module, or it cannot be loaded');
      expect(addrs(ns)).not.toContain('192.168.10.100');
      expect(sysctl(ns, 'net.ipv4.conf.all.arp_ignore')).toBe('0'); // stopped before any change
      return;
    }
    applyTwice(ns, path, tunRealServer);
    expect(lab.exec(ns, 'ip', ['-o', 'link', 'show', 'tunl0']).stdout).toMatch(/[<,]UP[,>]/);
    expect(addrs(ns)).toMatch(/tunl0 +inet 192\.168\.10\.100\/32/);
    expect(sysctl(ns, 'net.ipv4.conf.tunl0.rp_filter')).toBe('0');
    must(lab.exec(ns, 'sh', [path, 'remove']), 'remove');
    expect(addrs(ns)).not.toContain('192.168.10.100');
  });

  it('director: VIPs, forwarding sysctls, fwmark chains for both families next to foreign rules; idempotent; remove', () => {
    const ns = hostNamespace(director, 'dir');
    // Rules that are not ours must survive apply and remove.
    must(lab.exec(ns, 'iptables', ['-t', 'mangle', '-A', 'PREROUTING', '-p', 'icmp', '-j', 'ACCEPT']), 'foreign rule');
    must(lab.exec(ns, 'iptables', ['-t', 'mangle', '-N', 'OTHER']), 'foreign chain');
    must(lab.exec(ns, 'iptables', ['-t', 'mangle', '-A', 'OTHER', '-p', 'tcp', '-j', 'RETURN']), 'foreign chain rule');
    const path = script(director);
    applyTwice(ns, path, director, SKIP_IPVS);
    const a = addrs(ns);
    expect(a).toMatch(/eth0 +inet 192\.168\.10\.100\/32 scope global eth0/);
    expect(a).toMatch(/eth0 +inet 192\.168\.10\.101\/32 scope global eth0/);
    expect(a).toMatch(/eth0 +inet6 2001:db8:10::100\/128 scope global/);
    expect(sysctl(ns, 'net.ipv4.ip_forward')).toBe('1');
    expect(sysctl(ns, 'net.ipv4.conf.all.send_redirects')).toBe('0');
    expect(lab.exec(ns, 'iptables', ['-t', 'mangle', '-S']).stdout).toBe(
      [
        '-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT', '-P POSTROUTING ACCEPT',
        '-N LVS-STUDIO-MARK', '-N OTHER',
        '-A PREROUTING -j LVS-STUDIO-MARK',
        '-A PREROUTING -p icmp -j ACCEPT',
        '-A LVS-STUDIO-MARK -d 192.168.10.100/32 -p tcp -m multiport --dports 80,443 -j MARK --set-xmark 0xa/0xffffffff',
        '-A LVS-STUDIO-MARK -d 192.168.10.100/32 -p udp -m udp --dport 443 -j MARK --set-xmark 0xa/0xffffffff',
        '-A OTHER -p tcp -j RETURN',
        '',
      ].join('\n'),
    );
    expect(lab.exec(ns, 'ip6tables', ['-t', 'mangle', '-S', 'LVS-STUDIO-MARK']).stdout).toBe(
      '-N LVS-STUDIO-MARK\n-A LVS-STUDIO-MARK -d 2001:db8:10::100/128 -p tcp -m multiport --dports 80,443,8080 -j MARK --set-xmark 0x12c/0xffffffff\n',
    );

    // Someone edits our chain: status sees it, apply puts it back.
    must(lab.exec(ns, 'iptables', ['-t', 'mangle', '-D', 'LVS-STUDIO-MARK', '1']), 'edit');
    expect(lab.exec(ns, 'sh', [path, 'status'], { env: SKIP_IPVS }).stdout).toContain('DRIFT  iptables mangle chain LVS-STUDIO-MARK differs');
    must(lab.exec(ns, 'sh', [path], { env: SKIP_IPVS }), 'repair');
    expect(lab.exec(ns, 'sh', [path, 'status'], { env: SKIP_IPVS }).status).toBe(0);

    must(lab.exec(ns, 'sh', [path, 'remove'], { env: SKIP_IPVS }), 'remove');
    expect(addrs(ns)).not.toMatch(/192\.168\.10\.10[01]|2001:db8:10::100/);
    expect(lab.exec(ns, 'iptables', ['-t', 'mangle', '-S']).stdout).toBe(
      ['-P PREROUTING ACCEPT', '-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT', '-P POSTROUTING ACCEPT', '-N OTHER', '-A PREROUTING -p icmp -j ACCEPT', '-A OTHER -p tcp -j RETURN', ''].join('\n'),
    );
    expect(lab.exec(ns, 'ip6tables', ['-t', 'mangle', '-S', 'LVS-STUDIO-MARK']).status).not.toBe(0);
  });

  it('director IPVS step: loads the table where the kernel has IPVS, else fails naming ip_vs', () => {
    const ns = hostNamespace(director, 'ipvs');
    const path = script(director);
    const r = lab.exec(ns, 'sh', [path, 'apply']);
    if (!existsSync('/sys/module/ip_vs') && !hasCommand('modprobe')) {
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('lvs-studio: error: kernel module ip_vs is not loaded and modprobe is not installed');
      return;
    }
    if (r.status !== 0) {
      expect(r.stderr).toMatch(/error: (cannot load kernel module ip_vs|ipvsadm-restore failed)/);
      return;
    }
    expect(lab.exec(ns, 'ipvsadm', ['-Sn']).stdout).toBe(renderIpvsadmSave(director.ipvs));
    const second = lab.exec(ns, 'sh', [path, 'apply']);
    expect(second.stderr).toBe('');
    must(lab.exec(ns, 'sh', [path, 'remove']), 'remove');
    expect(lab.exec(ns, 'ipvsadm', ['-Sn']).stdout).toBe('');
  });
});
