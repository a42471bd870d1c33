// Every file of every host, as the bundle export, the designer's preview and the deploy use them.
import type { Plan } from '../model/plan-schema';
import type { CompiledPlan, GeneratedFile, HostDesiredState } from '../compile/desired-state';
import { renderIpvsadmSave } from './ipvsadm-save';
import { renderKeepalivedConf } from './keepalived';
import { renderDirectorScript, renderRealServerScript } from './scripts';
import { renderSysctlConf } from './sysctl';
import { renderIptablesRules } from './iptables';
import { renderSystemdUnit } from './systemd';
import { renderDistroIpvsadmFiles } from './distro';

const SCRIPT_DIR = '/usr/local/sbin';

function hasWork(h: HostDesiredState): boolean {
  return h.ipvs.services.length > 0 || h.addresses.some((a) => a.managed) || h.sysctls.length > 0 || h.tunnels.length > 0 || h.markRules.length > 0;
}

export function renderHostFiles(plan: Plan, host: HostDesiredState): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const add = (f: Omit<GeneratedFile, 'hostId'>) => files.push({ hostId: host.hostId, ...f });
  if (host.role === 'director') {
    const rules = renderIpvsadmSave(host.ipvs, { thresholds: true });
    add({ path: `${SCRIPT_DIR}/lvs-studio-director.sh`, bundleName: 'lvs-studio-director.sh', content: renderDirectorScript(host), mode: 0o755, kind: 'script', description: 'Director setup: VIPs, sysctls, firewall marks, IPVS rules (apply | remove | status)' });
    add({ path: '/etc/lvs-studio/ipvsadm.rules', bundleName: 'ipvsadm.rules', content: rules, mode: 0o644, kind: 'ipvsadm-save', description: 'IPVS rules in ipvsadm-save form (thresholds included)' });
    add({ path: '/etc/keepalived/keepalived.conf', bundleName: 'keepalived.conf', content: renderKeepalivedConf(plan, host.hostId), mode: 0o640, kind: 'keepalived', description: 'keepalived: virtual servers with health checks' + (host.haPairId ? ', VRRP and connection sync' : '') });
    for (const fam of ['ipv4', 'ipv6'] as const) {
      if (host.markRules.some((r) => r.family === fam)) {
        const name = fam === 'ipv4' ? 'iptables-mangle.rules' : 'ip6tables-mangle.rules';
        add({ path: `/etc/lvs-studio/${name}`, bundleName: name, content: renderIptablesRules(host, fam), mode: 0o644, kind: 'iptables', description: `Firewall marks for fwmark services (${fam === 'ipv4' ? 'iptables' : 'ip6tables'}-restore --noflush)` });
      }
    }
    for (const f of renderDistroIpvsadmFiles(host, rules)) {
      add({ path: f.path, bundleName: f.path.replace(/^\//, '').replace(/\//g, '__'), content: f.content, mode: 0o644, kind: 'config', description: `Distribution file that restores the IPVS rules at boot (${host.distro})` });
    }
  } else if (hasWork(host) || host.routes.length > 0) {
    add({ path: `${SCRIPT_DIR}/lvs-studio-realserver.sh`, bundleName: 'lvs-studio-realserver.sh', content: renderRealServerScript(host), mode: 0o755, kind: 'script', description: 'Real-server setup: VIP on lo or tunnel, ARP and rp_filter sysctls, gateway (apply | remove | status)' });
  } else {
    return files;
  }
  if (host.sysctls.length > 0) {
    add({ path: '/etc/sysctl.d/90-lvs-studio.conf', bundleName: '90-lvs-studio.conf', content: renderSysctlConf(host), mode: 0o644, kind: 'sysctl', description: 'Sysctls that survive a reboot' });
  }
  add({ path: '/etc/systemd/system/lvs-studio.service', bundleName: 'lvs-studio.service', content: renderSystemdUnit(host), mode: 0o644, kind: 'systemd', description: 'Runs the setup script at boot' });
  return files;
}

export function renderBundle(plan: Plan, compiled: CompiledPlan): GeneratedFile[] {
  return compiled.hosts.flatMap((h) => renderHostFiles(plan, h));
}
