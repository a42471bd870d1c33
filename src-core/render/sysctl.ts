// /etc/sysctl.d/90-lvs-studio.conf: the host's sysctls, so they survive a reboot.
import type { HostDesiredState } from '../compile/desired-state';
import { commentText, SYSCTL_KEY_RE, SYSCTL_VALUE_RE } from './shell-quote';

export const SYSCTL_CONF_PATH = '/etc/sysctl.d/90-lvs-studio.conf';

/**
 * Keys that may not exist yet when systemd-sysctl runs early at boot: per-device keys of devices a
 * module creates (tunl0 appears when ipip loads) and the IPVS keys. A leading "-" makes
 * systemd-sysctl and `sysctl -p` skip them quietly; the host script sets them once they exist.
 */
function mayBeMissingAtBoot(key: string): boolean {
  const conf = /^net[./]ipv[46][./]conf[./]([^./]+)[./]/.exec(key);
  if (conf) return !['all', 'default', 'lo'].includes(conf[1]!);
  return /^net[./]ipv4[./]vs[./]/.test(key);
}

export function renderSysctlConf(host: HostDesiredState): string {
  const lines = [
    `# ${SYSCTL_CONF_PATH}: LVS Studio settings for host ${commentText(host.hostName)} (id ${commentText(host.hostId)}).`,
    '# Generated from the cluster plan. Load now with: sysctl -e -p ' + SYSCTL_CONF_PATH,
    '# A leading "-" skips a key whose device or module is not there yet at boot.',
  ];
  for (const s of host.sysctls) {
    lines.push('', `# ${commentText(s.reason)}`);
    if (!SYSCTL_KEY_RE.test(s.key) || !SYSCTL_VALUE_RE.test(s.value)) {
      lines.push(`# left out, not a valid key or value: ${commentText(s.key)} = ${commentText(s.value)}`);
      continue;
    }
    lines.push(`${mayBeMissingAtBoot(s.key) ? '-' : ''}${s.key} = ${s.value}`);
  }
  lines.push('');
  return lines.join('\n');
}
