// What the host can run: IPVS (module loaded / loadable, ipvsadm) and nftables (nft + version).
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { delimiter, join } from 'node:path';
import { KERNEL_SCHEDULERS } from '../src-core/ipvs/kernel';
import type { Runner } from './exec';
import { readModules } from './host/read';
import type { ModuleState, PlaneCapabilities } from './protocol';

export function onPath(cmd: string): boolean {
  const dirs = (process.env.PATH || '/usr/sbin:/usr/bin:/sbin:/bin').split(delimiter);
  for (const d of [...dirs, '/usr/sbin', '/sbin']) {
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return true;
    } catch {
      /* next */
    }
  }
  return false;
}

interface ModuleLists {
  /** In modules.dep or modules.builtin (ip_vs, ip_vs_rr...). */
  avail: Set<string>;
  builtin: Set<string>;
  /** modules.dep was read: `avail` is the whole truth. */
  lists: boolean;
}

function moduleLists(): ModuleLists {
  const out: ModuleLists = { avail: new Set(), builtin: new Set(), lists: false };
  const name = (m: string): string => m.replace(/-/g, '_');
  for (const base of ['/lib/modules', '/usr/lib/modules']) {
    try {
      for (const line of readFileSync(join(base, release(), 'modules.dep'), 'utf8').split('\n')) {
        const m = /(?:^|\/)([^/:]+)\.ko(?:\.[a-z]+)?:/.exec(line);
        if (m) out.avail.add(name(m[1]!));
      }
      out.lists = true;
      // builtin modules count as available
      for (const line of readFileSync(join(base, release(), 'modules.builtin'), 'utf8').split('\n')) {
        const m = /([^/]+)\.ko$/.exec(line.trim());
        if (m) {
          out.avail.add(name(m[1]!));
          out.builtin.add(name(m[1]!));
        }
      }
    } catch {
      /* not there */
    }
  }
  return out;
}

interface StaticCaps extends ModuleLists {
  modprobeIpVs: boolean | undefined;
  nft: boolean;
  nftVersion?: string;
}

// hello, read-state and a dry run each ask in one session: the answers that need a program
// (modprobe -n, nft --version) are kept a minute per runner; what is loaded is read every time.
const STATIC_TTL_MS = 60_000;
const staticCache = new WeakMap<Runner, { at: number; caps: Promise<StaticCaps> }>();

async function probeStatic(run: Runner): Promise<StaticCaps> {
  const lists = moduleLists();
  const modprobeIpVs = !lists.avail.has('ip_vs') && onPath('modprobe') ? (await run(['modprobe', '-n', 'ip_vs'], { timeoutMs: 10_000 })).code === 0 : undefined;
  const out: StaticCaps = { ...lists, modprobeIpVs, nft: onPath('nft') };
  if (out.nft) {
    const v = await run(['nft', '--version'], { timeoutMs: 10_000 });
    const m = /v?(\d+\.\d+(?:\.\d+)?)/.exec(v.stdout);
    if (v.code === 0 && m) out.nftVersion = m[1]!;
  }
  return out;
}

function staticCaps(run: Runner): Promise<StaticCaps> {
  const hit = staticCache.get(run);
  if (hit && Date.now() - hit.at < STATIC_TTL_MS) return hit.caps;
  const caps = probeStatic(run);
  staticCache.set(run, { at: Date.now(), caps });
  return caps;
}

export async function probePlanes(run: Runner): Promise<PlaneCapabilities> {
  const loaded = new Set(readModules());
  const { avail, modprobeIpVs, nft, nftVersion } = await staticCaps(run);
  const moduleAvailable = loaded.has('ip_vs') || avail.has('ip_vs') || modprobeIpVs === true;
  const schedulers = KERNEL_SCHEDULERS.filter((s) => loaded.has(`ip_vs_${s}`) || avail.has(`ip_vs_${s}`));
  const caps: PlaneCapabilities = {
    ipvs: { moduleLoaded: loaded.has('ip_vs'), moduleAvailable, ipvsadm: onPath('ipvsadm'), schedulers },
    nftables: { nft },
  };
  if (nftVersion) caps.nftables.version = nftVersion;
  return caps;
}

/** The kernel modules a plan may need (IPVS, TUN's tunnels, GUE/FOU), as this host has them. */
const REPORTED_MODULES = ['ip_vs', 'ipip', 'ip_gre', 'ip6_tunnel', 'fou'] as const;

export async function moduleStates(run: Runner): Promise<Record<string, ModuleState>> {
  const loaded = new Set(readModules());
  const { avail, builtin, lists, modprobeIpVs } = await staticCaps(run);
  const out: Record<string, ModuleState> = {};
  for (const m of REPORTED_MODULES) {
    // a module with parameters shows in /sys/module when loaded or built in
    if (builtin.has(m) || (!loaded.has(m) && existsSync(`/sys/module/${m}`))) out[m] = 'builtin';
    else if (loaded.has(m)) out[m] = 'loaded';
    else if (avail.has(m) || (m === 'ip_vs' && modprobeIpVs === true)) out[m] = 'available';
    else out[m] = lists || existsSync('/proc/modules') ? 'missing' : 'unknown';
  }
  return out;
}

export const ipvsUsable = (c: PlaneCapabilities): boolean => c.ipvs.ipvsadm && (c.ipvs.moduleLoaded || c.ipvs.moduleAvailable);
