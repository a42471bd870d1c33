// The distribution's own ipvsadm service files, so its boot service restores the IPVS rules:
// Debian's ipvsadm package reads /etc/ipvsadm.rules when /etc/default/ipvsadm says AUTO="true";
// RHEL's ipvsadm.service reads /etc/sysconfig/ipvsadm, configured by /etc/sysconfig/ipvsadm-config.
import type { HostDesiredState } from '../compile/desired-state';
import { commentText } from './shell-quote';

export interface DistroFile {
  path: string;
  content: string;
}

export function renderDistroIpvsadmFiles(host: HostDesiredState, rulesText: string): DistroFile[] {
  const who = `# Written by LVS Studio for host ${commentText(host.hostName)} (id ${commentText(host.hostId)}).`;
  if (host.distro === 'rhel') {
    return [
      { path: '/etc/sysconfig/ipvsadm', content: rulesText },
      {
        path: '/etc/sysconfig/ipvsadm-config',
        content: [
          who,
          '# Keep the IPVS modules loaded when the service stops or restarts.',
          'IPVS_MODULES_UNLOAD="no"',
          '# Never overwrite /etc/sysconfig/ipvsadm: it comes from the plan.',
          'IPVS_SAVE_ON_STOP="no"',
          'IPVS_SAVE_ON_RESTART="no"',
          'IPVS_STATUS_NUMERIC="yes"',
          '',
        ].join('\n'),
      },
    ];
  }
  return [
    { path: '/etc/ipvsadm.rules', content: rulesText },
    {
      path: '/etc/default/ipvsadm',
      content: [
        who,
        '# Restore /etc/ipvsadm.rules at boot.',
        'AUTO="true"',
        '# No connection-sync daemon from this service.',
        'DAEMON="none"',
        '',
      ].join('\n'),
    },
  ];
}
