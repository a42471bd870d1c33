// `ipvsadm -Sn` output for an IPVS table, byte for byte (ipvsadm 1.31 print_service_entry with
// FMT_RULE|FMT_NUMERIC): sorted services, each followed by its sorted real servers.
import type { IpvsDestination, IpvsService, IpvsTable } from '../ipvs/types';
import { sortDestinations, sortServices } from '../ipvs/sort';

export interface RenderIpvsadmOptions {
  /** Append ` -x N -y M` to real servers with non-zero thresholds (ipvsadm -S never prints them). */
  thresholds?: boolean;
}

function endpoint(family: string, address: string, port: number): string {
  return family === 'ipv6' ? `[${address}]:${port}` : `${address}:${port}`;
}

export function serviceSwitch(s: IpvsService): string {
  // ipvsadm prints the mark with %d: marks from 2^31 up print negative (and cannot be restored)
  if (s.protocol === 'fwmark') return `-f ${(s.fwmark ?? 0) | 0}${s.family === 'ipv6' ? ' -6' : ''}`;
  const sw = s.protocol === 'tcp' ? '-t' : s.protocol === 'udp' ? '-u' : '--sctp-service';
  return `${sw} ${endpoint(s.family, s.address ?? '', s.port ?? 0)}`;
}

/** The -b value as ipvsadm prints it: sh/mh names in kernel bit order; other flags print as nothing. */
export function schedFlagsText(s: IpvsService): string {
  const order =
    s.scheduler === 'sh'
      ? ['sh-fallback', 'sh-port']
      : s.scheduler === 'mh'
        ? ['mh-fallback', 'mh-port']
        : ['flag-1', 'flag-2', 'flag-3'];
  return order.filter((f) => s.flags.includes(f)).join(',');
}

function serviceLine(s: IpvsService): string {
  let line = `-A ${serviceSwitch(s)} -s ${s.scheduler}`;
  if (s.persistence !== undefined) {
    line += ` -p ${s.persistence}`;
    if (s.netmask !== undefined) line += ` -M ${s.netmask}`;
  }
  if (s.pe) line += ` --pe ${s.pe}`;
  if (s.onePacket) line += ' -o';
  if (s.flags.length > 0) line += ` -b ${schedFlagsText(s)}`;
  return line;
}

const FWD: Record<IpvsDestination['forward'], string> = { masq: '-m', route: '-g', tunnel: '-i' };

function destLine(svc: string, d: IpvsDestination, opts: RenderIpvsadmOptions): string {
  let line = `-a ${svc} -r ${endpoint(d.family, d.address, d.port)} ${FWD[d.forward]} -w ${d.weight}`;
  if (d.forward === 'tunnel') {
    const type = d.tunType ?? 'ipip';
    line += ` --tun-type ${type}`;
    if (type === 'gue') line += ` --tun-port ${d.tunPort ?? 0}`;
    if (type !== 'ipip') line += ` --tun-${d.tunCsum ?? 'nocsum'}`;
  }
  if (opts.thresholds && (d.upperThreshold !== 0 || d.lowerThreshold !== 0)) {
    line += ` -x ${d.upperThreshold} -y ${d.lowerThreshold}`;
  }
  return line;
}

export function renderIpvsadmSave(table: IpvsTable, opts: RenderIpvsadmOptions = {}): string {
  let out = '';
  for (const s of sortServices(table.services)) {
    out += serviceLine(s) + '\n';
    const sw = serviceSwitch(s);
    for (const d of sortDestinations(s.destinations)) out += destLine(sw, d, opts) + '\n';
  }
  return out;
}
