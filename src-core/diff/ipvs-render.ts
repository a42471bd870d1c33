// Each IpvsOp as one ipvsadm argument vector (never a shell string), in the option forms the
// ipvsadm emulation (src-core/ipvs/parse-rules.ts) and ipvsadm 1.31 accept.
import type { IpvsDestination } from '../ipvs/types';
import type { IpvsOp, IpvsServiceKey, IpvsServiceSpec } from './ipvs-ops';

function endpoint(family: string, address: string, port: number): string {
  return family === 'ipv6' ? `[${address}]:${port}` : `${address}:${port}`;
}

export function serviceArgs(s: IpvsServiceKey): string[] {
  // -6 must follow -f (ipvsadm rejects it before the mark)
  if (s.protocol === 'fwmark') return s.family === 'ipv6' ? ['-f', String(s.fwmark ?? 0), '-6'] : ['-f', String(s.fwmark ?? 0)];
  const sw = s.protocol === 'tcp' ? '-t' : s.protocol === 'udp' ? '-u' : '--sctp-service';
  return [sw, endpoint(s.family, s.address ?? '', s.port ?? 0)];
}

const FLAG_ORDER = ['sh-fallback', 'sh-port', 'mh-fallback', 'mh-port'];

function serviceStateArgs(s: IpvsServiceSpec): string[] {
  const a = ['-s', s.scheduler];
  if (s.persistence !== undefined) {
    a.push('-p', String(s.persistence));
    if (s.netmask !== undefined) a.push('-M', s.netmask);
  }
  if (s.pe) a.push('--pe', s.pe);
  if (s.onePacket) a.push('-o');
  if (s.flags.length > 0) a.push('-b', [...s.flags].sort((x, y) => FLAG_ORDER.indexOf(x) - FLAG_ORDER.indexOf(y)).join(','));
  return a;
}

const FWD: Record<IpvsDestination['forward'], string> = { masq: '-m', route: '-g', tunnel: '-i' };

function destArgs(d: IpvsDestination): string[] {
  const a = ['-r', endpoint(d.family, d.address, d.port), FWD[d.forward], '-w', String(d.weight)];
  if (d.forward === 'tunnel') {
    const type = d.tunType ?? 'ipip';
    a.push('--tun-type', type);
    if (type === 'gue') a.push('--tun-port', String(d.tunPort ?? 0));
    if (type !== 'ipip') a.push(`--tun-${d.tunCsum ?? 'nocsum'}`);
  }
  if (d.upperThreshold !== 0 || d.lowerThreshold !== 0) a.push('-x', String(d.upperThreshold), '-y', String(d.lowerThreshold));
  return a;
}

export function renderIpvsOp(op: IpvsOp): string[] {
  switch (op.kind) {
    case 'add-service':
      return ['-A', ...serviceArgs(op.service), ...serviceStateArgs(op.service)];
    case 'edit-service':
      return ['-E', ...serviceArgs(op.service), ...serviceStateArgs(op.service)];
    case 'delete-service':
      return ['-D', ...serviceArgs(op.service)];
    case 'add-dest':
      return ['-a', ...serviceArgs(op.service), ...destArgs(op.dest)];
    case 'edit-dest':
    case 'drain-dest':
      return ['-e', ...serviceArgs(op.service), ...destArgs(op.dest)];
    case 'delete-dest':
      return ['-d', ...serviceArgs(op.service), '-r', endpoint(op.dest.family, op.dest.address, op.dest.port)];
  }
}

export function renderIpvsOps(ops: readonly IpvsOp[]): string[][] {
  return ops.map(renderIpvsOp);
}
