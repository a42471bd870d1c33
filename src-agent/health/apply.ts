// applyHealth: the IPVS table the kernel should hold given the checks' verdicts. A failing
// destination gets weight 0 (inhibit_on_failure) or leaves the table; a service with no live
// destination (live = healthy with a weight above 0: keepalived's default quorum of 1) gets its
// sorry server as its only live destination. Pure: the apply diffs against this, so a second apply
// while a server is down is still a no-op.
import type { DesiredHealth } from '../../src-core/compile/desired-state';
import { destId, serviceId } from '../../src-core/diff/ipvs-ops';
import type { IpvsTable } from '../../src-core/ipvs/types';
import type { HealthEvent, HealthState } from '../protocol';

export interface ResolvedHealth {
  table: IpvsTable;
  /** serviceIds whose sorry server is in `table`. */
  sorryActive: string[];
  /** `${serviceId}#${destId}` of destinations taken out because they failed (not drained: deleted at once). */
  removed: string[];
}

export function resolveHealth(table: IpvsTable, desired: DesiredHealth | undefined, state: HealthState | undefined): ResolvedHealth {
  const out: IpvsTable = structuredClone(table);
  const sorryActive: string[] = [];
  const removed: string[] = [];
  if (!desired) return { table: out, sorryActive, removed };
  const down = new Set((state?.destinations ?? []).filter((d) => !d.healthy).map((d) => `${d.service}#${d.dest}`));
  const plan = new Map(desired.services.map((s) => [s.service, s]));
  for (const svc of out.services) {
    const id = serviceId(svc);
    const h = plan.get(id);
    if (!h) continue;
    const checked = new Map(h.destinations.map((d) => [d.dest, d.check]));
    svc.destinations = svc.destinations.filter((d) => {
      const key = `${id}#${destId(d)}`;
      const check = checked.get(destId(d));
      if (!check || !down.has(key)) return true;
      if (check.onFailure === 'remove') {
        removed.push(key);
        return false;
      }
      d.weight = 0;
      return true;
    });
    if (h.sorry && !svc.destinations.some((d) => d.weight > 0)) {
      const sorryId = destId(h.sorry);
      const same = svc.destinations.find((d) => destId(d) === sorryId);
      if (same) same.weight = Math.max(same.weight, h.sorry.weight);
      else svc.destinations.push(structuredClone(h.sorry));
      sorryActive.push(id);
    }
  }
  return { table: out, sorryActive, removed };
}

/** The effective table: what the daemon and the apply diff the kernel's table against. */
export function applyHealth(table: IpvsTable, desired: DesiredHealth | undefined, state: HealthState | undefined): IpvsTable {
  return resolveHealth(table, desired, state).table;
}

/** sorry-on / sorry-off events between two sorryActive lists. */
export function sorryEvents(before: readonly string[], after: readonly string[], at: string): HealthEvent[] {
  const b = new Set(before);
  const a = new Set(after);
  const events: HealthEvent[] = [];
  for (const s of after) if (!b.has(s)) events.push({ type: 'sorry-on', service: s, at });
  for (const s of before) if (!a.has(s)) events.push({ type: 'sorry-off', service: s, at });
  return events;
}
