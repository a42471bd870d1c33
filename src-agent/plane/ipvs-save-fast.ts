// A fast reader for the plain shape of `ipvsadm -Sn` output (IPv4 tcp/udp/sctp/fwmark services,
// masq/route real servers, persistence, one-packet): one anchored regex per line instead of the
// full ipvsadm emulation. Anything else in the text (IPv6, tunnels, scheduler flags, --pe, odd
// numbers) returns undefined and the caller uses src-core's emulation, whose result this one
// matches exactly (test/agent/ipvs-save-fast.test.ts).
import { KERNEL_SCHEDULERS } from '../../src-core/ipvs/kernel';
import type { IpvsDestination, IpvsService, IpvsTable } from '../../src-core/ipvs/types';

const V4 = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}';
const PORT = '(?:0|[1-9]\\d{0,4})';
const SWITCH = `(?:(-t|-u|--sctp-service) (${V4}):(${PORT})|-f ([1-9]\\d{0,9}))`;
const SERVICE = new RegExp(`^-A ${SWITCH} -s ([a-z]+)(?: -p ([1-9]\\d{0,9})(?: -M (${V4}))?)?( -o)?$`);
const DEST = new RegExp(`^-a ((?:-t|-u|--sctp-service) ${V4}:${PORT}|-f [1-9]\\d{0,9}) -r (${V4}):(${PORT}) (-m|-g) -w (0|[1-9]\\d{0,9})$`);
const PROTO = { '-t': 'tcp', '-u': 'udp', '--sctp-service': 'sctp' } as const;

export function parseIpvsSaveFast(text: string): IpvsTable | undefined {
  const services: IpvsService[] = [];
  let current: IpvsService | undefined;
  let currentSwitch = '';
  const serviceIds = new Set<string>();
  let destIds = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.charCodeAt(1) === 0x61 /* a */) {
      const m = DEST.exec(line);
      if (!m || !current || m[1] !== currentSwitch) return undefined;
      const port = Number(m[3]);
      const weight = Number(m[5]);
      if (port > 65535 || weight > 2147483647 || destIds.has(`${m[2]}:${port}`)) return undefined;
      destIds.add(`${m[2]}:${port}`);
      const d: IpvsDestination = { address: m[2]!, family: 'ipv4', port, forward: m[4] === '-m' ? 'masq' : 'route', weight, upperThreshold: 0, lowerThreshold: 0 };
      // the kernel lists a service's real servers newest first: the emulation prepends, so do we
      current.destinations.push(d);
      continue;
    }
    const m = SERVICE.exec(line);
    if (!m) return undefined;
    const [, sw, address, portText, mark, scheduler, persistence, netmask, onePacket] = m;
    if (!KERNEL_SCHEDULERS.includes(scheduler!)) return undefined;
    const s: IpvsService = sw
      ? { protocol: PROTO[sw as keyof typeof PROTO], family: 'ipv4', address: address!, port: Number(portText), scheduler: scheduler!, onePacket: !!onePacket, flags: [], destinations: [] }
      : { protocol: 'fwmark', family: 'ipv4', fwmark: Number(mark), scheduler: scheduler!, onePacket: !!onePacket, flags: [], destinations: [] };
    if ((s.port ?? 0) > 65535 || (s.fwmark ?? 0) > 2147483647) return undefined;
    if (persistence !== undefined) {
      s.persistence = Number(persistence);
      if (s.persistence > 2147483647) return undefined;
      if (netmask !== undefined) {
        if (netmask === '255.255.255.255') return undefined;
        s.netmask = netmask;
      }
    }
    // -o is for UDP only; the kernel never prints it elsewhere
    if (s.onePacket && s.protocol !== 'udp') return undefined;
    const id = `${s.protocol}|${s.address ?? ''}|${s.port ?? 0}|${s.fwmark ?? 0}`;
    if (serviceIds.has(id)) return undefined;
    serviceIds.add(id);
    destIds = new Set();
    if (current) current.destinations.reverse();
    services.push(s);
    current = s;
    currentSwitch = sw ? `${sw} ${address}:${portText}` : `-f ${mark}`;
  }
  if (current) current.destinations.reverse();
  return { services };
}
