// What the script renderers refuse: any value that does not match a strict pattern. A refused
// host gets a script that prints the problems and exits 1, never a script with the value in it.
import type { HostDesiredState } from '../../compile/desired-state';
import type { IpvsService } from '../../ipvs/types';
import { isIfName, MODULE_RE, SYSCTL_KEY_RE, SYSCTL_VALUE_RE } from '../shell-quote';
import { markRuleLine } from '../iptables';
import { familyOf, parseCidr } from '../../util/ip';
import { tunnelDevice } from './tunnels';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const WORD_RE = /^[A-Za-z0-9_.:-]{1,40}$/;
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

function isPort(p: unknown): p is number {
  return typeof p === 'number' && Number.isInteger(p) && p >= 0 && p <= 65535;
}

/** The service as ipvsadm names it (-t/-u/--sctp-service/-f), or undefined when not valid. */
export function ipvsServiceArgs(s: IpvsService): string[] | undefined {
  if (s.protocol === 'fwmark') {
    if (!Number.isInteger(s.fwmark) || s.fwmark! < 1 || s.fwmark! > 0xffffffff) return undefined;
    return s.family === 'ipv6' ? ['-f', String(s.fwmark), '-6'] : ['-f', String(s.fwmark)];
  }
  const flag = { tcp: '-t', udp: '-u', sctp: '--sctp-service' }[s.protocol];
  if (!flag || s.address === undefined || !isPort(s.port)) return undefined;
  const fam = familyOf(s.address);
  if (!fam || fam !== s.family) return undefined;
  return [flag, fam === 'ipv6' ? `[${s.address}]:${s.port}` : `${s.address}:${s.port}`];
}

/** Problems that stop a script from being rendered; empty when the host is safe to render. */
export function checkHostForScripts(host: HostDesiredState): string[] {
  const problems: string[] = [];
  if (host.haPairId !== undefined && !ID_RE.test(host.haPairId)) problems.push(`HA pair id ${show(host.haPairId)} is not valid`);
  for (const a of host.addresses) {
    if (!isIfName(a.dev)) problems.push(`address ${show(a.cidr)}: bad interface name ${show(a.dev)}`);
    const c = parseCidr(a.cidr);
    if (!c || c.family !== a.family) problems.push(`address ${show(a.cidr)} on ${show(a.dev)}: not an ${a.family} address/prefix`);
  }
  for (const t of host.tunnels) {
    const d = tunnelDevice(t);
    if (!d) problems.push(`tunnel ${show(t.dev)}: type ${show(t.type)} (${show(t.family)}) is not supported by the scripts (gue: IPv4 only, with a UDP port)`);
    else if (t.dev !== d.dev) problems.push(`tunnel ${show(t.dev)}: only the kernel fallback device ${d.dev} is supported for ${t.type}/${t.family}`);
  }
  for (const s of host.sysctls) {
    if (!SYSCTL_KEY_RE.test(s.key)) problems.push(`sysctl key ${show(s.key)} is not valid`);
    if (!SYSCTL_VALUE_RE.test(s.value)) problems.push(`sysctl ${show(s.key)}: value ${show(s.value)} is not valid`);
  }
  for (const r of host.routes) {
    const dstOk = r.dst === 'default' || parseCidr(r.dst)?.family === r.family;
    if (!dstOk) problems.push(`route ${show(r.dst)}: not "default" or an ${r.family} prefix`);
    if (r.via !== undefined && familyOf(r.via) !== r.family) problems.push(`route ${show(r.dst)}: gateway ${show(r.via)} is not an ${r.family} address`);
    if (r.dev !== undefined && !isIfName(r.dev)) problems.push(`route ${show(r.dst)}: bad interface name ${show(r.dev)}`);
    if (r.via === undefined && r.dev === undefined) problems.push(`route ${show(r.dst)}: needs a gateway or a device`);
  }
  for (const m of host.markRules) {
    if (!markRuleLine(m)) problems.push(`firewall-mark rule for service ${show(m.serviceId)} (vip ${show(m.vip)}, mark ${show(m.mark)}) is not valid`);
  }
  for (const m of host.modules) {
    if (!MODULE_RE.test(m.name)) problems.push(`kernel module name ${show(m.name)} is not valid`);
  }
  for (const s of host.ipvs.services) {
    const name = `IPVS service ${show(s.protocol)} ${show(s.address ?? s.fwmark)}:${show(s.port)}`;
    if (!ipvsServiceArgs(s)) problems.push(`${name} is not valid`);
    // These fields are printed into the embedded ipvsadm-restore input: one token each, no newline.
    const words = [s.scheduler, ...(s.pe === undefined ? [] : [s.pe]), ...s.flags, ...(s.netmask === undefined ? [] : [s.netmask])];
    if (!words.every((w) => typeof w === 'string' && WORD_RE.test(w))) problems.push(`${name}: scheduler, flags, netmask or persistence engine not valid`);
    for (const d of s.destinations) {
      const ok = familyOf(d.address) === d.family && isPort(d.port) && Number.isInteger(d.weight) && (d.tunType === undefined || WORD_RE.test(d.tunType)) && (d.tunCsum === undefined || WORD_RE.test(d.tunCsum));
      if (!ok) problems.push(`${name}: real server ${show(d.address)}:${show(d.port)} is not valid`);
    }
  }
  return problems;
}
