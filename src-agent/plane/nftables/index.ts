// The nftables data plane, for hosts without IPVS: the logical table is rendered by src-core into
// one `nft -f` transaction (see src-core/render/nftables/render.ts), read back from our tables'
// JSON listing, and connections are counted from conntrack (NAT) or the DR flow maps.
//
// plan() is synchronous but the transaction needs host facts (interface MACs, the real servers'
// MACs for DR): read() gathers them for the table in the kernel and prepare(desired) for the table
// to load. Call prepare() before plan(); plan() throws NftRenderError listing what is missing.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DesiredMarkRule } from '../../../src-core/compile/desired-state';
import { destId, serviceId, serviceKeyOf, type IpvsOp } from '../../../src-core/diff/ipvs-ops';
import type { IpvsTable } from '../../../src-core/ipvs/types';
import {
  applyIpvsOps,
  emptyNftContext,
  NFT_DR_TABLE,
  NFT_STATE_SET,
  NFT_TABLE,
  nftObjectSuffix,
  readNftListing,
  renderNftTransaction,
  type NftFwmarkMatch,
  type NftRenderContext,
} from '../../../src-core/render/nftables';
import { normalizeIp } from '../../../src-core/util/ip';
import type { Runner } from '../../exec';
import type { DataPlane, PlaneFactory, PlaneStep } from '../plane';
import { countFor, parseConntrack } from './conntrack';
import { drAddresses, readLinks, resolveNeighbours, routesTo, vipDevice } from './host-context';

export interface NftablesExtra {
  /** The desired state's fwmark rules: the traffic each fwmark service stands for. */
  markRules?: readonly DesiredMarkRule[];
  /** FULLNAT services: LIP by service key (nftServiceKey); their destinations are `masq` in the table. */
  fullnatLip?: Record<string, string>;
}

export interface NftablesPlane extends DataPlane {
  readonly name: 'nftables';
  /** Gathers the host facts plan() needs to load `desired` (DR: pings a real server whose MAC is unknown). */
  prepare(desired: IpvsTable, extra?: NftablesExtra): Promise<void>;
  /** What the last read() found out of step: the kernel vs the stored logical table vs the state dir copy. */
  readonly drift: readonly string[];
}

const STATE_FILE = 'nftables.json';

interface StateFile {
  /** The table the kernel held at the last read. */
  table: IpvsTable;
  /** The table the last plan() was made to load (the step may not have run: dry run, failure). */
  pending?: IpvsTable;
  fwmarkMatch: Record<number, NftFwmarkMatch[]>;
  fullnatLip: Record<string, string>;
}

function readStateFile(dir: string): StateFile | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as StateFile;
  } catch {
    return undefined;
  }
}

function writeStateFile(dir: string, s: StateFile): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${STATE_FILE}.tmp`);
  writeFileSync(tmp, JSON.stringify(s));
  renameSync(tmp, join(dir, STATE_FILE));
}

function fwmarkMatchOf(rules: readonly DesiredMarkRule[]): Record<number, NftFwmarkMatch[]> {
  const out: Record<number, NftFwmarkMatch[]> = {};
  for (const r of rules) (out[r.mark] ??= []).push({ family: r.family, vip: normalizeIp(r.vip) ?? r.vip, protocol: r.protocol, ports: [...r.ports] });
  return out;
}

export const createNftablesPlane: PlaneFactory = (run: Runner, stateDir: string): NftablesPlane => {
  const saved = existsSync(join(stateDir, STATE_FILE)) ? readStateFile(stateDir) : undefined;
  const ctx: NftRenderContext = { ...emptyNftContext(), fwmarkMatch: saved?.fwmarkMatch ?? {}, fullnatLip: saved?.fullnatLip ?? {} };
  let current: IpvsTable = saved?.table ?? { services: [] };
  let drift: string[] = [];

  const listJson = async (args: string[]): Promise<unknown> => {
    const r = await run(['nft', '-j', ...args], { timeoutMs: 60_000 });
    if (r.code === 0) return JSON.parse(r.stdout) as unknown;
    if (/No such file or directory/.test(r.stderr)) return undefined;
    throw new Error(`nft ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  };
  /** Our tables without set contents (-t: the DR flow and persistence maps can hold 100,000s of
   *  entries), plus the state set, which holds the logical table. */
  const readKernel = async () => {
    const inet = (await listJson(['-t', 'list', 'table', 'inet', NFT_TABLE])) as { nftables?: unknown[] } | undefined;
    const state = inet ? ((await listJson(['list', 'set', 'inet', NFT_TABLE, NFT_STATE_SET])) as { nftables?: unknown[] } | undefined) : undefined;
    // the state set with its elements first: the terse listing holds it too, empty
    const merged = inet ? { nftables: [...(state?.nftables ?? []), ...(inet.nftables ?? [])] } : undefined;
    return readNftListing(merged, await listJson(['-t', 'list', 'table', 'netdev', NFT_DR_TABLE]));
  };

  const learn = async (table: IpvsTable): Promise<void> => {
    const links = await readLinks(run);
    Object.assign(ctx.deviceMac, links.macs);
    const { dests, vips } = drAddresses(table);
    const allVips = [...vips, ...Object.values(ctx.fwmarkMatch).flat().map((m) => m.vip)];
    const routes = await routesTo(run, [...allVips, ...dests]);
    for (const v of allVips) {
      const dev = vipDevice(links, routes, v);
      if (dev) ctx.vipDevice[v] = dev;
    }
    for (const [a, n] of await resolveNeighbours(run, dests, routes)) ctx.neighbours[a] = n;
  };

  return {
    name: 'nftables',
    get drift() {
      return drift;
    },
    async read() {
      const listing = await readKernel();
      drift = [...listing.drift];
      const before = readStateFile(stateDir);
      const same = (t: IpvsTable | undefined) => t !== undefined && JSON.stringify(t) === JSON.stringify(listing.stored);
      if (before && !same(before.table) && !same(before.pending)) drift.push('the kernel holds another table than the one this agent last loaded');
      current = listing.stored;
      // the match/LIP context as the file has it: another instance (an apply beside the daemon) may
      // have prepared newer ones since this one was made
      writeStateFile(stateDir, { table: listing.stored, fwmarkMatch: before?.fwmarkMatch ?? ctx.fwmarkMatch, fullnatLip: before?.fullnatLip ?? ctx.fullnatLip });
      await learn(listing.stored);
      return listing.table;
    },
    async prepare(desired, extra = {}) {
      if (extra.markRules) ctx.fwmarkMatch = fwmarkMatchOf(extra.markRules);
      if (extra.fullnatLip) ctx.fullnatLip = { ...extra.fullnatLip };
      writeStateFile(stateDir, { table: current, fwmarkMatch: ctx.fwmarkMatch, fullnatLip: ctx.fullnatLip });
      await learn(desired);
    },
    plan(ops: readonly IpvsOp[], actual: IpvsTable): PlaneStep[] {
      if (ops.length === 0) return [];
      const next = applyIpvsOps(actual, ops);
      // the tables now in the kernel: counters they have and `next` has not are deleted
      const input = renderNftTransaction(next, ctx, [actual, current]);
      writeStateFile(stateDir, { table: current, pending: next, fwmarkMatch: ctx.fwmarkMatch, fullnatLip: ctx.fullnatLip });
      const n = ops.length;
      return [
        {
          description: {
            en: `Load the nftables tables in one transaction (${n} change${n === 1 ? '' : 's'})`,
            zh: `在一个事务中加载 nftables 表（${n} 项变更）`,
          },
          argv: [['nft', '-f', '-']],
          input,
        },
      ];
    },
    async connections() {
      const out = new Map<string, number>();
      current = (await readKernel()).stored;
      const nat = current.services.filter((s) => s.destinations.some((d) => d.forward === 'masq'));
      if (nat.length > 0) {
        let text = '';
        try {
          const r = await run(['conntrack', '-L'], { timeoutMs: 60_000 });
          if (r.code === 0) text = r.stdout;
        } catch {
          /* no conntrack tool: the proc file below */
        }
        if (!text) text = (await run(['cat', '/proc/net/nf_conntrack'], { timeoutMs: 60_000 })).stdout;
        const entries = parseConntrack(text);
        for (const s of nat) {
          const match = s.protocol === 'fwmark' ? (ctx.fwmarkMatch[s.fwmark ?? 0] ?? []) : [];
          for (const d of s.destinations) out.set(`${serviceId(serviceKeyOf(s))}#${destId(d)}`, countFor(entries, s, match, d.address, d.port));
        }
      }
      for (const s of current.services.filter((x) => x.destinations.some((d) => d.forward === 'route'))) {
        const r = await run(['nft', '-j', 'list', 'map', 'netdev', NFT_DR_TABLE, `f_${nftObjectSuffix(s)}`], { timeoutMs: 60_000 });
        const perMac = new Map<string, number>();
        if (r.code === 0) {
          const items = (JSON.parse(r.stdout) as { nftables?: { map?: { elem?: unknown[] } }[] }).nftables ?? [];
          for (const e of items.flatMap((i) => i.map?.elem ?? [])) {
            const mac = Array.isArray(e) && typeof e[1] === 'string' ? e[1].toLowerCase() : undefined;
            if (mac) perMac.set(mac, (perMac.get(mac) ?? 0) + 1);
          }
        }
        for (const d of s.destinations) {
          const mac = ctx.neighbours[d.address]?.mac;
          out.set(`${serviceId(serviceKeyOf(s))}#${destId(d)}`, mac ? (perMac.get(mac) ?? 0) : 0);
        }
      }
      return out;
    },
  };
};
