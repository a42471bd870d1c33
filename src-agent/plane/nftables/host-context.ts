// What the nftables renderer needs to know about this host, found with `ip -j`: each interface's
// MAC and addresses (which interface holds a VIP), and for DR the real servers' MACs, resolved
// through the neighbour table (one datagram fills it when the entry is missing). A few programs per
// read, however many real servers: routes in one `ip -batch`, the whole neighbour table at once.
import { normalizeIp } from '../../../src-core/util/ip';
import type { IpvsTable } from '../../../src-core/ipvs/types';
import type { NftNeighbour } from '../../../src-core/render/nftables';
import type { Runner } from '../../exec';
import { ipJson, jsonLines } from '../../host/ip-json';

export interface HostLinks {
  /** Interface name -> MAC. */
  macs: Record<string, string>;
  /** Address (normalised) -> interface that holds it. */
  owner: Record<string, string>;
}

interface IpAddrJson {
  ifname?: string;
  address?: string;
  addr_info?: { local?: string }[];
}

export async function readLinks(run: Runner): Promise<HostLinks> {
  const r = await run(['ip', '-j', 'addr', 'show'], { timeoutMs: 10_000 });
  const out: HostLinks = { macs: {}, owner: {} };
  if (r.code !== 0) return out;
  for (const l of JSON.parse(r.stdout || '[]') as IpAddrJson[]) {
    if (!l.ifname) continue;
    if (l.address && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(l.address)) out.macs[l.ifname] = l.address;
    for (const a of l.addr_info ?? []) {
      const n = a.local ? normalizeIp(a.local) : undefined;
      if (n) out.owner[n] = l.ifname;
    }
  }
  return out;
}

export interface RouteJson {
  dst?: string;
  dev?: string;
  gateway?: string;
}

interface NeighJson {
  dst?: string;
  dev?: string;
  lladdr?: string;
  state?: string[];
}

/**
 * `ip route get` for many addresses in ONE `ip -batch` (a director with 50 DR real servers would
 * otherwise start 100+ programs per read). -force goes on past an address without a route (it
 * prints nothing for it); every answer names its dst, so answers are matched by address.
 */
export async function routesTo(run: Runner, addrs: readonly string[]): Promise<Map<string, RouteJson>> {
  const out = new Map<string, RouteJson>();
  const valid = [...new Set(addrs.map((a) => normalizeIp(a)).filter((a): a is string => a !== undefined))];
  if (valid.length === 0) return out;
  const r = await run(['ip', '-j', '-force', '-batch', '-'], { input: valid.map((a) => `route get ${a}\n`).join(''), timeoutMs: 10_000 });
  for (const x of jsonLines(r.stdout).flat() as RouteJson[]) {
    const dst = x.dst ? normalizeIp(x.dst) : undefined;
    if (dst && !out.has(dst)) out.set(dst, x);
  }
  return out;
}

/** The interface a VIP arrives on: the one holding it, else the one its route points at. */
export function vipDevice(links: HostLinks, routes: Map<string, RouteJson>, vip: string): string | undefined {
  const own = links.owner[normalizeIp(vip) ?? vip];
  if (own && own !== 'lo') return own;
  const dev = routes.get(normalizeIp(vip) ?? vip)?.dev;
  return dev && dev !== 'lo' ? dev : undefined;
}

function macIn(table: readonly NeighJson[], addr: string, dev: string): string | undefined {
  const n = table.find((e) => e.dev === dev && e.dst !== undefined && normalizeIp(e.dst) === addr && e.lladdr && !(e.state ?? []).some((s) => s === 'FAILED' || s === 'INCOMPLETE'));
  return n?.lladdr?.toLowerCase();
}

const POKE =
  "const s = {}; for (const a of process.argv.slice(1)) { const f = a.includes(':') ? 'udp6' : 'udp4'; s[f] ??= require('dgram').createSocket(f); s[f].send('', 9, a); } setTimeout(() => Object.values(s).forEach((x) => x.close()), 50);";

/**
 * DR real servers' MACs and the interface each is on-link behind (one route batch and one
 * neighbour table read; a real server reached via a gateway, or never answering, is left out).
 */
export async function resolveNeighbours(run: Runner, addrs: readonly string[], routes: Map<string, RouteJson>): Promise<Map<string, NftNeighbour>> {
  const out = new Map<string, NftNeighbour>();
  // DR needs the real server on the director's own link: a route via a gateway will not do.
  const onLink = addrs.map((a) => ({ a, n: normalizeIp(a) })).filter((x): x is { a: string; n: string } => x.n !== undefined && !!routes.get(x.n)?.dev && !routes.get(x.n)?.gateway);
  let missing = onLink;
  for (let i = 0; missing.length > 0 && i <= 10; i++) {
    if (i > 0) {
      // One datagram to the discard port makes the kernel resolve the neighbour (no ping needed:
      // minimal hosts lack it); the agent's own node sends it, through the runner like every command.
      if (i % 3 === 1) await run([process.execPath, '-e', POKE, ...missing.map((x) => x.n)], { timeoutMs: 5_000 });
      await new Promise((r) => setTimeout(r, 100));
    }
    const table = await ipJson<NeighJson>(run, ['ip', '-j', 'neigh', 'show'], 5_000);
    for (const x of missing) {
      const dev = routes.get(x.n)!.dev!;
      const mac = macIn(table, x.n, dev);
      if (mac) out.set(x.a, { mac, dev });
    }
    missing = missing.filter((x) => !out.has(x.a));
  }
  return out;
}

/** Addresses of DR destinations and the VIPs of DR services in a table. */
export function drAddresses(table: IpvsTable): { dests: string[]; vips: string[] } {
  const dests = new Set<string>();
  const vips = new Set<string>();
  for (const s of table.services) {
    if (!s.destinations.some((d) => d.forward === 'route')) continue;
    if (s.address) vips.add(s.address);
    for (const d of s.destinations) dests.add(d.address);
  }
  return { dests: [...dests], vips: [...vips] };
}
