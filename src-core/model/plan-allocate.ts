// Allocation of new ids, names and addresses in a plan: the canvas, the inspector and (later)
// importers pick free ones the same way.
import type { HostRole, Plan } from './plan-schema';
import { cidrContains, ipBytes, networkAddress, normalizeIp, offsetIp, parseCidr, type ParsedCidr } from '../util/ip';

/** Every id in the plan (ids are unique across kinds). */
export function allIds(plan: Plan): Set<string> {
  const s = plan.spec;
  return new Set([
    ...s.networks.map((n) => n.id),
    ...s.hosts.map((h) => h.id),
    ...s.services.map((x) => x.id),
    ...(s.haPairs ?? []).map((p) => p.id),
    ...s.services.flatMap((x) => x.realServers.map((m) => m.id)),
  ]);
}

/** The first `${stem}${n}` (n = 1, 2, ...) not in used. */
export function nextNumbered(used: Set<string>, stem: string): string {
  for (let n = 1; ; n++) if (!used.has(`${stem}${n}`)) return `${stem}${n}`;
}

/** A new name/id like an existing one: "rs1" -> "rs4", "web-1" -> "web-4", "router" -> "router-1". */
export function nextLike(used: Set<string>, like: string): string {
  const stem = like.replace(/\d+$/, '');
  return nextNumbered(used, stem === like ? `${like}-` : stem);
}

/** Every address in use: host interface addresses, VIPs, sorry servers, VRRP floating addresses. */
export function usedAddresses(plan: Plan): Set<string> {
  const out = new Set<string>();
  const put = (a: string | undefined) => {
    const n = a ? normalizeIp(a.split('/')[0]!) : undefined;
    if (n) out.add(n);
  };
  for (const h of plan.spec.hosts) for (const i of h.interfaces) i.addresses.forEach(put);
  for (const s of plan.spec.services) {
    put(s.vip);
    s.match?.forEach((m) => put(m.vip));
    put(s.sorryServer?.address);
    s.realServers.forEach((m) => put(m.address));
  }
  for (const p of plan.spec.haPairs ?? []) p.vrrp.vips?.forEach(put);
  return out;
}

/** Host addresses of a prefix that can be assigned (no IPv4 network/broadcast address). */
function usable(cidr: ParsedCidr, addr: string): boolean {
  if (!cidrContains(cidr, addr)) return false;
  if (cidr.family === 'ipv4' && cidr.prefix < 31) {
    const net = networkAddress(cidr);
    if (addr === net) return false;
    const last = offsetIp(net, 2 ** (32 - cidr.prefix) - 1);
    if (addr === last) return false;
  }
  return true;
}

/** The next free address inside cidr after `from` (exclusive), with the prefix: "10.1.0.7/24". */
export function nextFreeIn(cidr: ParsedCidr, from: string, used: Set<string>, limit = 65536): string | undefined {
  for (let k = 1; k <= limit; k++) {
    const a = offsetIp(from, k);
    if (!a || !cidrContains(cidr, a)) return undefined;
    if (usable(cidr, a) && !used.has(a)) return `${a}/${cidr.prefix}`;
  }
  return undefined;
}

/**
 * A free address on a network for a new host of a role: after the highest address hosts of that
 * role already have there, else the lowest free one.
 */
export function nextFreeAddress(plan: Plan, networkId: string, role?: HostRole): string | undefined {
  const net = plan.spec.networks.find((n) => n.id === networkId);
  const cidr = net ? parseCidr(net.cidr) : undefined;
  if (!cidr) return undefined;
  const used = usedAddresses(plan);
  const peers = plan.spec.hosts
    .filter((h) => h.role === role)
    .flatMap((h) => h.interfaces.filter((i) => i.network === networkId).flatMap((i) => i.addresses))
    .map((a) => parseCidr(a)?.address)
    .filter((a): a is string => a !== undefined && cidrContains(cidr, a));
  const highest = peers.sort(compareIp).at(-1);
  return (highest && nextFreeIn(cidr, highest, used)) || nextFreeIn(cidr, offsetIp(networkAddress(cidr), -1) ?? networkAddress(cidr), used);
}

function compareIp(a: string, b: string): number {
  const pa = ipBytes(a) ?? [];
  const pb = ipBytes(b) ?? [];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The first 10.x.0.0/24 (x = 1..255) that overlaps no network of the plan. */
export function nextFreeCidr(plan: Plan): string {
  const nets = plan.spec.networks.map((n) => parseCidr(n.cidr)).filter((c): c is ParsedCidr => c !== undefined);
  for (let x = 1; x < 256; x++) {
    const mine: ParsedCidr = { address: `10.${x}.0.0`, prefix: 24, family: 'ipv4' };
    const clash = nets.some((c) => cidrContains(c, mine.address) || cidrContains(mine, networkAddress(c)));
    if (!clash) return `10.${x}.0.0/24`;
  }
  return '10.255.0.0/24';
}

/** An id not yet used by any element of the plan: base, base-2, base-3... */
export function uniqueId(plan: Plan, base: string): string {
  const used = allIds(plan);
  const clean = base.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'rs';
  if (!used.has(clean)) return clean;
  for (let n = 2; ; n++) if (!used.has(`${clean}-${n}`)) return `${clean}-${n}`;
}
