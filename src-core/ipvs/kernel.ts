// The kernel side of ipvsadm commands: an in-memory IPVS table that accepts or rejects each
// command the way IPVS (kernel 6.1) does, returning the libipvs error text code on failure.
import type { IpvsDestination, IpvsFamily, IpvsService, IpvsTable } from './types';
import { addressBytes } from './normalize';

/** Schedulers a Debian 6.1 kernel ships (twos appeared in 6.12). Names are case-sensitive. */
export const KERNEL_SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'lblc', 'lblcr', 'dh', 'sh', 'fo', 'ovf', 'mh'];
export const KERNEL_PES = ['sip'];

export type KernelError =
  | 'ipvsadm.kernel.service-exists'
  | 'ipvsadm.kernel.dest-exists'
  | 'ipvsadm.kernel.service-not-defined'
  | 'ipvsadm.kernel.no-such-dest'
  | 'ipvsadm.kernel.no-such-service'
  | 'ipvsadm.kernel.sched-not-found'
  | 'ipvsadm.kernel.out-of-range'
  | 'ipvsadm.kernel.invalid';

export interface ServiceKey {
  family: IpvsFamily;
  protocol: IpvsService['protocol'];
  address?: string;
  port?: number;
  fwmark?: number;
}

function sameService(s: IpvsService, k: ServiceKey): boolean {
  if (s.family !== k.family) return false;
  if (k.protocol === 'fwmark') return s.protocol === 'fwmark' && s.fwmark === k.fwmark;
  return s.protocol === k.protocol && s.address === k.address && s.port === k.port;
}

function findService(t: IpvsTable, k: ServiceKey): IpvsService | undefined {
  return t.services.find((s) => sameService(s, k));
}

function findDest(s: IpvsService, d: Pick<IpvsDestination, 'family' | 'address' | 'port'>): number {
  return s.destinations.findIndex((x) => x.family === d.family && x.address === d.address && x.port === d.port);
}

/** inet_addr_type / ipv6_addr_type as seen from a netns with only lo: which real servers the kernel refuses. */
export function kernelAcceptsDestAddress(family: IpvsFamily, address: string): boolean {
  const b = addressBytes(address);
  if (family === 'ipv4') {
    if (address === '0.0.0.0') return false; // zeronet (only 0.0.0.0 since Linux 5.3): RTN_BROADCAST
    if (b[0]! >= 224 && b[0]! <= 239) return false; // RTN_MULTICAST
    if (address === '255.255.255.255' || address === '127.255.255.255') return false; // broadcast
    return true;
  }
  if (b[0] === 0xff) return false;
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return false;
  if (b.slice(0, 10).every((x) => x === 0)) {
    if (b[10] === 0 && b[11] === 0 && b.slice(12).every((x) => x === 0)) return false;
    if (b[10] === 0xff && b[11] === 0xff) return false;
  }
  return true;
}

export function kernelAddService(t: IpvsTable, s: IpvsService): KernelError | undefined {
  if (findService(t, s)) return 'ipvsadm.kernel.service-exists';
  if (!KERNEL_SCHEDULERS.includes(s.scheduler)) return 'ipvsadm.kernel.sched-not-found';
  if (s.pe !== undefined && !KERNEL_PES.includes(s.pe)) return 'ipvsadm.kernel.sched-not-found';
  t.services.push(s);
  return undefined;
}

export function kernelEditService(t: IpvsTable, s: IpvsService): KernelError | undefined {
  const old = findService(t, s);
  if (!old) return 'ipvsadm.kernel.no-such-service';
  if (!KERNEL_SCHEDULERS.includes(s.scheduler)) return 'ipvsadm.kernel.sched-not-found';
  if (s.pe !== undefined && !KERNEL_PES.includes(s.pe)) return 'ipvsadm.kernel.sched-not-found';
  t.services[t.services.indexOf(old)] = { ...s, destinations: old.destinations };
  return undefined;
}

export function kernelDelService(t: IpvsTable, k: ServiceKey): KernelError | undefined {
  const old = findService(t, k);
  if (!old) return 'ipvsadm.kernel.no-such-service';
  t.services.splice(t.services.indexOf(old), 1);
  return undefined;
}

export function kernelZero(t: IpvsTable, k: ServiceKey | undefined): KernelError | undefined {
  if (k && !findService(t, k)) return 'ipvsadm.kernel.no-such-service';
  return undefined;
}

export function kernelAddDest(t: IpvsTable, k: ServiceKey, d: IpvsDestination): KernelError | undefined {
  const s = findService(t, k);
  if (!s) return 'ipvsadm.kernel.service-not-defined';
  if (d.lowerThreshold > d.upperThreshold) return 'ipvsadm.kernel.out-of-range';
  if (findDest(s, d) >= 0) return 'ipvsadm.kernel.dest-exists';
  if (!kernelAcceptsDestAddress(d.family, d.address)) return 'ipvsadm.kernel.invalid';
  // the kernel lists a service's real servers newest first
  s.destinations.unshift(d);
  return undefined;
}

export function kernelEditDest(t: IpvsTable, k: ServiceKey, d: IpvsDestination): KernelError | undefined {
  const s = findService(t, k);
  if (!s) return 'ipvsadm.kernel.service-not-defined';
  if (d.lowerThreshold > d.upperThreshold) return 'ipvsadm.kernel.out-of-range';
  const i = findDest(s, d);
  if (i < 0) return 'ipvsadm.kernel.no-such-dest';
  s.destinations[i] = d;
  return undefined;
}

export function kernelDelDest(t: IpvsTable, k: ServiceKey, d: Pick<IpvsDestination, 'family' | 'address' | 'port'>): KernelError | undefined {
  const s = findService(t, k);
  if (!s) return 'ipvsadm.kernel.service-not-defined';
  const i = findDest(s, d);
  if (i < 0) return 'ipvsadm.kernel.no-such-dest';
  s.destinations.splice(i, 1);
  return undefined;
}
