// What the nftables renderer needs to know about this host, found with `ip -j`: each interface's
// MAC and addresses (which interface holds a VIP), and for DR the real servers' MACs, resolved
// through the neighbour table (one ping fills it when the entry is missing).
import { normalizeIp } from '../../../src-core/util/ip';
import type { IpvsTable } from '../../../src-core/ipvs/types';
import type { NftNeighbour } from '../../../src-core/render/nftables';
import type { Runner } from '../../exec';

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

interface RouteJson {
  dev?: string;
  gateway?: string;
}

interface NeighJson {
  dst?: string;
  dev?: string;
  lladdr?: string;
  state?: string[];
}

/** The interface a VIP arrives on: the one holding it, else the one its route points at. */
export async function vipDevice(run: Runner, links: HostLinks, vip: string): Promise<string | undefined> {
  const own = links.owner[vip];
  if (own && own !== 'lo') return own;
  const r = await run(['ip', '-j', 'route', 'get', vip], { timeoutMs: 5_000 });
  if (r.code !== 0) return undefined;
  const dev = (JSON.parse(r.stdout || '[]') as RouteJson[])[0]?.dev;
  return dev && dev !== 'lo' ? dev : undefined;
}

async function lookupNeighbour(run: Runner, addr: string, dev: string): Promise<string | undefined> {
  const r = await run(['ip', '-j', 'neigh', 'show', 'to', addr, 'dev', dev], { timeoutMs: 5_000 });
  if (r.code !== 0) return undefined;
  const n = (JSON.parse(r.stdout || '[]') as NeighJson[]).find((e) => e.lladdr && !(e.state ?? []).some((s) => s === 'FAILED' || s === 'INCOMPLETE'));
  return n?.lladdr?.toLowerCase();
}

const POKE =
  "const a = process.argv[1]; const s = require('dgram').createSocket(a.includes(':') ? 'udp6' : 'udp4'); s.send('', 9, a, () => s.close());";

/** A DR real server's MAC and the interface it is on-link behind; undefined when it cannot be resolved. */
export async function resolveNeighbour(run: Runner, addr: string): Promise<NftNeighbour | undefined> {
  const r = await run(['ip', '-j', 'route', 'get', addr], { timeoutMs: 5_000 });
  if (r.code !== 0) return undefined;
  const route = (JSON.parse(r.stdout || '[]') as RouteJson[])[0];
  // DR needs the real server on the director's own link: a route via a gateway will not do.
  if (!route?.dev || route.gateway) return undefined;
  let mac = await lookupNeighbour(run, addr, route.dev);
  for (let i = 0; !mac && i < 10; i++) {
    // One datagram to the discard port makes the kernel resolve the neighbour (no ping needed:
    // minimal hosts lack it); the agent's own node sends it, through the runner like every command.
    if (i % 3 === 0) await run([process.execPath, '-e', POKE, addr], { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 100));
    mac = await lookupNeighbour(run, addr, route.dev);
  }
  return mac ? { mac, dev: route.dev } : undefined;
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
