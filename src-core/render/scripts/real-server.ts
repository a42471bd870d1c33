// The real-server script: VIP on lo (DR) or on the tunnel device (TUN), ARP and rp_filter
// sysctls, and the default route via the director (NAT), with apply/remove/status.
import type { HostDesiredState } from '../../compile/desired-state';
import { assembleScript, commonParts, refusalScript } from './build';
import { checkHostForScripts } from './check';

export function renderRealServerScript(host: HostDesiredState): string {
  const problems = checkHostForScripts(host);
  if (problems.length > 0) return refusalScript('real-server', host, problems);
  const parts = commonParts(host, { skipModule: () => false, manageAddresses: true });
  return assembleScript({
    kind: 'real-server',
    host,
    usage: [],
    removes: 'VIPs, GUE ports, tunnels brought down, routes other than the default route',
    extra: [],
    parts,
  });
}
