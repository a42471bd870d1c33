// createStatsSampler: one StatsSample per call, counters and per-second rates since the previous
// call. ipvs plane: one `ipvsadm -Ln --stats --exact` (the only source of per-destination packet
// and byte counters without netlink) plus /proc/net/ip_vs read directly (ActiveConn/InActConn,
// no process). nftables plane: the named counters of our tables (one `nft -j list counters`, see
// parse.ts and src-core/render/nftables/counters.ts) and the plane's
// connection counts. Host load from /proc/loadavg and /proc/meminfo; the agent's own rss/cpu/uptime.
import { readFile } from 'node:fs/promises';
import type { Runner } from '../exec';
import type { DataPlane } from '../plane/plane';
import type { DestStats, ServiceStats, StatsSample } from '../protocol';
import { nftServiceCounters, parseIpvsadmStats, parseLoadavg, parseMemAvailableKiB, parseNftCounters, parseProcIpVsByService, type ConnCounts, type Counters, type ParsedService } from './parse';

/** The nftables plane's inet table (its DR table's counters are read too). */
export const NFT_STATS_TABLE = 'lvs_studio';

/** Parsed services and, per serviceId, per destId, the connection counts. */
type Sampled = ParsedService[] & { conns?: Map<string, Map<string, ConnCounts>> };

export interface SamplerOptions {
  /** Reads a /proc file (default: node:fs); '' when unreadable. */
  readProc?: (path: string) => Promise<string>;
  now?: () => number;
}

export interface StatsSampler {
  sample(): Promise<StatsSample>;
}

const KEYS = ['conns', 'packetsIn', 'packetsOut', 'bytesIn', 'bytesOut'] as const;

function rates(cur: Counters, prev: Counters | undefined, dtS: number): DestStats['rates'] | undefined {
  if (!prev || dtS <= 0) return undefined;
  const r = { conns: 0, packetsIn: 0, packetsOut: 0, bytesIn: 0, bytesOut: 0 };
  // a counter that went down was reset (service re-created): count from zero
  for (const k of KEYS) r[k] = (cur[k] >= prev[k] ? cur[k] - prev[k] : cur[k]) / dtS;
  return r;
}

const defaultReadProc = async (path: string): Promise<string> => {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
};

async function ipvsServices(run: Runner, readProc: (p: string) => Promise<string>): Promise<Sampled> {
  // without /proc/net/ip_vs the module is not loaded: ipvsadm would load it (modprobe), a sample must not
  const proc = await readProc('/proc/net/ip_vs');
  const r = proc ? await run(['ipvsadm', '-Ln', '--stats', '--exact'], { timeoutMs: 30_000 }) : undefined;
  const parsed: Sampled = r?.code === 0 ? parseIpvsadmStats(r.stdout) : [];
  parsed.conns = parseProcIpVsByService(proc);
  return parsed;
}

async function nftServices(run: Runner, plane: DataPlane): Promise<Sampled> {
  const [table, r, conns] = await Promise.all([
    plane.read().catch(() => ({ services: [] })),
    run(['nft', '-j', 'list', 'counters'], { timeoutMs: 30_000 }),
    plane.connections().catch(() => new Map<string, number>()),
  ]);
  const out: Sampled = nftServiceCounters(table, r.code === 0 ? parseNftCounters(r.stdout) : new Map());
  out.conns = new Map<string, Map<string, ConnCounts>>();
  for (const [k, v] of conns) {
    const [svc, dest] = k.split('#') as [string, string];
    let m = out.conns.get(svc);
    if (!m) out.conns.set(svc, (m = new Map()));
    m.set(dest, { active: v, inactive: 0 });
  }
  return out;
}

export function createStatsSampler(run: Runner, plane: DataPlane | undefined, opts: SamplerOptions = {}): StatsSampler {
  const readProc = opts.readProc ?? defaultReadProc;
  const now = opts.now ?? Date.now;
  let prev: { at: number; counters: Map<string, { counters: Counters; dests: Map<string, Counters> }> } | undefined;
  return {
    async sample(): Promise<StatsSample> {
      const at = now();
      const [parsed, loadavg, meminfo] = await Promise.all([
        !plane ? Promise.resolve(Object.assign([] as ParsedService[], { conns: new Map() })) : plane.name === 'ipvs' ? ipvsServices(run, readProc) : nftServices(run, plane),
        readProc('/proc/loadavg'),
        readProc('/proc/meminfo'),
      ]);
      const dtS = prev ? (at - prev.at) / 1000 : 0;
      // counters per service, then per destination: no `${service}#${dest}` strings per sample
      const seen = new Map<string, { counters: Counters; dests: Map<string, Counters> }>();
      const conns = parsed.conns ?? new Map<string, Map<string, ConnCounts>>();
      const services: ServiceStats[] = parsed.map((s) => {
        const before = prev?.counters.get(s.service);
        const dests = new Map<string, Counters>();
        seen.set(s.service, { counters: s.counters, dests });
        const svcConns = conns.get(s.service);
        const destinations: DestStats[] = s.destinations.map((d) => {
          dests.set(d.dest, d.counters);
          const c = svcConns?.get(d.dest);
          const k = d.counters;
          const ds: DestStats = { dest: d.dest, activeConns: c?.active ?? 0, inactiveConns: c?.inactive ?? 0, conns: k.conns, packetsIn: k.packetsIn, packetsOut: k.packetsOut, bytesIn: k.bytesIn, bytesOut: k.bytesOut };
          const r = rates(k, before?.dests.get(d.dest), dtS);
          if (r) ds.rates = r;
          return ds;
        });
        const k = s.counters;
        const ss: ServiceStats = { service: s.service, conns: k.conns, packetsIn: k.packetsIn, packetsOut: k.packetsOut, bytesIn: k.bytesIn, bytesOut: k.bytesOut, destinations };
        const r = rates(k, before?.counters, dtS);
        if (r) ss.rates = r;
        return ss;
      });
      prev = { at, counters: seen };
      const cpu = process.cpuUsage();
      return {
        type: 'stats',
        at: new Date(at).toISOString(),
        plane: plane?.name ?? 'none',
        services,
        host: { ...parseLoadavg(loadavg), memAvailableKiB: parseMemAvailableKiB(meminfo) },
        agent: { rssKiB: Math.round(process.memoryUsage.rss() / 1024), cpuMs: Math.round((cpu.user + cpu.system) / 1000), uptimeS: Math.round(process.uptime()) },
      };
    },
  };
}
