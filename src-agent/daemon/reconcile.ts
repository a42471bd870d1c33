// One pass of the daemon over the kernel table: the effective table is applyHealth(desired) (failing
// destinations at weight 0 or out, the sorry server in when none is live); destinations drained by
// an apply (draining.json) are deleted once their connections are gone or the drain timed out.
// The difference is computed with src-core's diffIpvs and carried out by the plane's own plan().
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import { diffIpvs, type DrainedDestination } from '../../src-core/diff/ipvs-diff';
import { destId, serviceId, serviceKeyOf, type IpvsOp } from '../../src-core/diff/ipvs-ops';
import type { IpvsTable } from '../../src-core/ipvs/types';
import type { DataPlane, PlaneStep } from '../plane/plane';
import type { HealthState } from '../protocol';
import { resolveHealth } from '../health/apply';

export interface ReconcilePlan {
  ops: IpvsOp[];
  steps: PlaneStep[];
  effective: IpvsTable;
  sorryActive: string[];
  /** draining.json keys whose destination this pass deletes (or that are gone already). */
  drainedDone: string[];
  /** Keys this pass starts draining (e.g. the sorry server leaving): added to draining.json. */
  drainStarted: string[];
}

export interface ReconcileInput {
  desired: HostDesiredState;
  health: HealthState;
  actual: IpvsTable;
  /** draining.json: `${serviceId}#${destId}` -> ISO start. */
  draining: Record<string, string>;
  /** Connections per destination (plane.connections()); asked only when something drains. */
  connections: () => Promise<Map<string, number>>;
  drainTimeoutS: number;
  now: number;
}

const key = (svc: Parameters<typeof serviceKeyOf>[0], d: { address: string; port: number }): string => `${serviceId(serviceKeyOf(svc))}#${destId(d)}`;

export async function planReconcile(plane: DataPlane, input: ReconcileInput): Promise<ReconcilePlan> {
  const { desired, actual, draining } = input;
  const resolved = resolveHealth(desired.ipvs, desired.health, input.health);
  const drained: DrainedDestination[] = [];
  const drainedDone: string[] = [];
  const present = new Set<string>();
  const weightOf = new Map<string, number>();
  let conns: Map<string, number> | undefined;
  const wanted = new Map(resolved.table.services.map((s) => [serviceId(s), new Set(s.destinations.map(destId))]));
  for (const s of actual.services) {
    for (const d of s.destinations) {
      const k = key(s, d);
      present.add(k);
      weightOf.set(k, d.weight);
      if (wanted.get(serviceId(s))?.has(destId(d))) continue;
      const since = draining[k];
      if (resolved.removed.includes(k)) {
        // taken out by a failing check: deleted at once, as keepalived does
        drained.push({ service: serviceKeyOf(s), address: d.address, port: d.port });
        continue;
      }
      if (since === undefined) continue;
      const timedOut = input.now - Date.parse(since) >= input.drainTimeoutS * 1000;
      if (!timedOut && !conns) conns = await input.connections();
      if (timedOut || (conns?.get(k) ?? 0) === 0) {
        drained.push({ service: serviceKeyOf(s), address: d.address, port: d.port });
        drainedDone.push(k);
      }
    }
  }
  for (const k of Object.keys(draining)) if (!present.has(k)) drainedDone.push(k);
  const all = diffIpvs(actual, resolved.table, { drainedDestinations: drained });
  // a leaving destination (the sorry server once a real server is back) drains like an apply's:
  // weight 0 now, deleted by a later pass once its connections are gone
  const drainStarted = all.filter((op) => op.kind === 'drain-dest' && draining[key(op.service, op.dest)] === undefined).map((op) => key(op.service, (op as { dest: { address: string; port: number } }).dest));
  // a destination already at weight 0 that is draining needs no step
  const ops = all.filter((op) => !(op.kind === 'drain-dest' && weightOf.get(key(op.service, op.dest)) === 0));
  return { ops, steps: ops.length > 0 ? plane.plan(ops, actual, resolved.table) : [], effective: resolved.table, sorryActive: resolved.sorryActive, drainedDone, drainStarted };
}
