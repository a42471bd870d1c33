// Where the host scripts live on the target hosts (the bundle and the systemd unit agree on these).
import type { HostDesiredState } from '../../compile/desired-state';

export const DIRECTOR_SCRIPT_PATH = '/usr/local/sbin/lvs-studio-director.sh';
export const REAL_SERVER_SCRIPT_PATH = '/usr/local/sbin/lvs-studio-realserver.sh';
export const SYSTEMD_UNIT_PATH = '/etc/systemd/system/lvs-studio.service';

export function hostScriptPath(host: Pick<HostDesiredState, 'role'>): string {
  return host.role === 'director' ? DIRECTOR_SCRIPT_PATH : REAL_SERVER_SCRIPT_PATH;
}
