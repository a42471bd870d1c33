// State shared by the rules during the single pass over services and real servers: keys already
// seen (so a problem shared by many memberships is reported once) and maps built on first use.
import type { RuleContext } from './context';
import type { Service } from '../model/plan-schema';
import { normalizeIp } from '../util/ip';

export interface PassState {
  /** "director|protocol|vip|port" (or fwmark) -> the first service with it. */
  serviceKeys: Map<string, { service: Service; si: number }>;
  /** Normalised VIP -> the director host ids that serve it. */
  vipDirectors: Map<string, Set<string>>;
  /** Normalised VIP -> the first service using it (its director is a host or an HA pair id). */
  vipOwners: Map<string, { service: Service; si: number }>;
  /** kind -> a -> set of b: problems already reported once (nested, so no per-membership key strings). */
  once: Map<string, Map<string, Set<string>>>;
  /** "host|director" -> the first NAT and the first DR service of that host on that director. */
  modes: Map<string, { nat?: string; dr?: string; reported?: boolean }>;
  routers?: Map<string, string>;
  /** "director|family|tun" -> real-server host -> its implicit address (realServerAddress, memoised). */
  rsAddresses: Map<string, Map<string, string | undefined>>;
}

export function newPassState(): PassState {
  return { serviceKeys: new Map(), vipDirectors: new Map(), vipOwners: new Map(), once: new Map(), modes: new Map(), rsAddresses: new Map() };
}

/** True the first time (kind, a, b) is seen. */
export function firstTime(st: PassState, kind: string, a: string, b = ''): boolean {
  let byA = st.once.get(kind);
  if (!byA) st.once.set(kind, (byA = new Map()));
  let set = byA.get(a);
  if (!set) byA.set(a, (set = new Set()));
  if (set.has(b)) return false;
  set.add(b);
  return true;
}

/** "networkId|family" -> the address of a router host on that network (built once). */
export function routerOn(ctx: RuleContext, st: PassState, networkId: string, family: string): string | undefined {
  if (!st.routers) {
    st.routers = new Map();
    for (const h of ctx.plan.spec?.hosts ?? []) {
      if (h.role !== 'router') continue;
      for (const a of ctx.index.hostAddresses.get(h.id) ?? []) {
        const key = `${a.networkId}|${a.family}`;
        if (a.networkId && !st.routers.has(key)) st.routers.set(key, a.address);
      }
    }
  }
  return st.routers.get(`${networkId}|${family}`);
}

/** Record which directors serve which VIPs (one pass over the services, before the memberships). */
export function recordVipDirectors(st: PassState, vips: string[], directors: string[]): void {
  for (const v of vips) {
    const n = normalizeIp(v);
    if (!n) continue;
    let set = st.vipDirectors.get(n);
    if (!set) st.vipDirectors.set(n, (set = new Set()));
    for (const d of directors) set.add(d);
  }
}
