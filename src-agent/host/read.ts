// read-state for everything besides the virtual-service table: addresses, managed sysctls, routes,
// tunnels, fou ports, our iptables mark chain, loaded modules. All through `ip -j`, /proc and
// `iptables -S`; a tool that is missing or fails gives an empty part, never an exception.
import { readFileSync } from 'node:fs';
import type { Family } from '../../src-core/compile/desired-state';
import type { ActualAddress, ActualHostState, ActualRoute, ActualTunnel } from '../../src-core/diff/actual-state';
import { MARK_CHAIN } from '../../src-core/render/iptables';
import type { Runner } from '../exec';
import { ownedKey } from '../state';
import { ipJson, jsonLines } from './ip-json';

interface IpAddrJson {
  ifname?: string;
  addr_info?: { family?: string; local?: string; prefixlen?: number }[];
}

function addressesOf(rows: IpAddrJson[], owned: Set<string>): ActualAddress[] {
  const out: ActualAddress[] = [];
  for (const link of rows) {
    for (const a of link.addr_info ?? []) {
      if (!link.ifname || !a.local || a.prefixlen === undefined) continue;
      if (a.family !== 'inet' && a.family !== 'inet6') continue;
      const cidr = `${a.local}/${a.prefixlen}`;
      out.push({ dev: link.ifname, cidr, family: a.family === 'inet' ? 'ipv4' : 'ipv6', owned: owned.has(ownedKey(link.ifname, cidr)) });
    }
  }
  return out;
}

/** net.ipv4.conf.all.arp_ignore -> /proc/sys/net/ipv4/conf/all/arp_ignore (as sysctl maps it). */
export function sysctlPath(key: string): string {
  return `/proc/sys/${key.replace(/\./g, '/')}`;
}

export function readSysctls(keys: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    if (!SYSCTL_KEY.test(key)) continue;
    try {
      out[key] = readFileSync(sysctlPath(key), 'utf8').trim().split(/\s+/).join(' ');
    } catch {
      /* absent key: left out */
    }
  }
  return out;
}

/** What a sysctl key may look like (also what the agent accepts to write). */
export const SYSCTL_KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

interface IpRouteJson {
  dst?: string;
  gateway?: string;
  dev?: string;
  type?: string;
  protocol?: string;
}

function routesOf(rows: IpRouteJson[], family: Family): ActualRoute[] {
  const out: ActualRoute[] = [];
  for (const r of rows) {
    if (!r.dst || (r.type !== undefined && r.type !== 'unicast')) continue;
    const dst = r.dst === 'default' || r.dst.includes('/') ? r.dst : `${r.dst}/${family === 'ipv4' ? 32 : 128}`;
    const route: ActualRoute = { family, dst };
    if (r.gateway) route.via = r.gateway;
    if (r.dev) route.dev = r.dev;
    out.push(route);
  }
  return out;
}

interface IpLinkJson {
  ifname?: string;
  flags?: string[];
  linkinfo?: { info_kind?: string };
}

const TUNNEL_KINDS = new Set(['ipip', 'gre', 'ip6tnl', 'sit', 'ip6gre']);

function tunnelsOf(rows: IpLinkJson[]): ActualTunnel[] {
  const out: ActualTunnel[] = [];
  for (const l of rows) {
    if (!l.ifname || !TUNNEL_KINDS.has(l.linkinfo?.info_kind ?? '')) continue;
    out.push({ dev: l.ifname, up: (l.flags ?? []).includes('UP') });
  }
  return out;
}

async function readFouPorts(run: Runner): Promise<number[]> {
  const r = await run(['ip', 'fou', 'show'], { timeoutMs: 15_000 });
  if (r.code !== 0) return [];
  const ports: number[] = [];
  for (const m of r.stdout.matchAll(/^port (\d+)/gm)) ports.push(Number(m[1]));
  return ports;
}

export function iptablesTool(family: Family): string {
  return family === 'ipv4' ? 'iptables' : 'ip6tables';
}

/** Our chain's -A lines; a missing chain (or tool) is []. */
async function readMarkRules(run: Runner, family: Family): Promise<string[]> {
  const r = await run([iptablesTool(family), '-w', '5', '-t', 'mangle', '-S', MARK_CHAIN], { timeoutMs: 15_000 });
  if (r.code !== 0) return [];
  return r.stdout.split('\n').filter((l) => l.startsWith('-A '));
}

export function readModules(): string[] {
  try {
    return readFileSync('/proc/modules', 'utf8')
      .split('\n')
      .map((l) => l.split(' ')[0] ?? '')
      .filter(Boolean);
  } catch {
    return [];
  }
}

interface IpDump {
  addr: IpAddrJson[];
  route: IpRouteJson[];
  link: IpLinkJson[];
}

/** `ip -d -j` addr, route (IPv4) and link in ONE program (`ip -batch`: one JSON line each); one program each if that fails. */
async function readIpDump(run: Runner): Promise<IpDump> {
  const r = await run(['ip', '-d', '-j', '-batch', '-'], { input: 'addr show\nroute show\nlink show\n', timeoutMs: 15_000 });
  const parts = r.code === 0 ? jsonLines(r.stdout) : [];
  if (parts.length === 3) return { addr: parts[0] as IpAddrJson[], route: parts[1] as IpRouteJson[], link: parts[2] as IpLinkJson[] };
  const [addr, route, link] = await Promise.all([ipJson<IpAddrJson>(run, ['ip', '-j', 'addr', 'show']), ipJson<IpRouteJson>(run, ['ip', '-j', 'route', 'show']), ipJson<IpLinkJson>(run, ['ip', '-d', '-j', 'link', 'show'])]);
  return { addr, route, link };
}

export type HostParts = Pick<ActualHostState, 'addresses' | 'routes' | 'tunnels' | 'fouPorts' | 'markRules'>;

/** What read-state reads with programs, besides the data plane's table: 5 programs, run at once. */
export async function readHostParts(run: Runner, owned: Set<string>): Promise<HostParts> {
  const [dump, route6, fouPorts, v4, v6] = await Promise.all([
    readIpDump(run),
    ipJson<IpRouteJson>(run, ['ip', '-j', '-6', 'route', 'show']),
    readFouPorts(run),
    readMarkRules(run, 'ipv4'),
    readMarkRules(run, 'ipv6'),
  ]);
  return {
    addresses: addressesOf(dump.addr, owned),
    routes: [...routesOf(dump.route, 'ipv4'), ...routesOf(route6, 'ipv6')],
    tunnels: tunnelsOf(dump.link),
    fouPorts,
    markRules: { ipv4: v4, ipv6: v6 },
  };
}
