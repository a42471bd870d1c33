// The systemd unit that runs the host script at boot (directors and real servers alike).
import type { HostDesiredState } from '../compile/desired-state';
import { commentText } from './shell-quote';
import { hostScriptPath } from './scripts/paths';

export { SYSTEMD_UNIT_PATH } from './scripts/paths';

/** Unit-file text: printable, one line, and "%" doubled (systemd specifiers). */
const unitText = (s: string): string => commentText(s).replace(/%/g, '%%');

export function renderSystemdUnit(host: HostDesiredState): string {
  const script = hostScriptPath(host);
  const director = host.role === 'director';
  return [
    `# LVS Studio: configures host ${commentText(host.hostName)} (id ${commentText(host.hostId)}) at boot.`,
    '# No ExecStop: stopping the unit leaves the host as it is. To undo: sh ' + script + ' remove',
    '[Unit]',
    `Description=LVS Studio ${director ? 'director' : 'real-server'} setup for ${unitText(host.hostName)}`,
    'Wants=network-online.target',
    'After=network-online.target',
    ...(director ? ['Before=keepalived.service'] : []),
    '',
    '[Service]',
    'Type=oneshot',
    'RemainAfterExit=yes',
    `ExecStart=/bin/sh ${script} apply`,
    `ExecReload=/bin/sh ${script} apply`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
