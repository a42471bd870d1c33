// diffIpvs: the ops that turn the ACTUAL IPVS table into the desired one, modelled on kube-proxy's
// IPVS proxier and seesaw (add/update/delete over maps keyed by identity). Never a flush.
// Order: per service in kernel order (compareServices), added services before their destinations,
// destination ops in kernel order (compareDestinations); deleted services last.
import type { IpvsDestination, IpvsService, IpvsTable } from '../ipvs/types';
import { compareDestinations, compareServices, glibcSort } from '../ipvs/sort';
import { destId, serviceId, serviceKeyOf, serviceSpecOf, type IpvsOp, type IpvsServiceKey } from './ipvs-ops';
import { editableDest, sameDestState, sameServiceState } from './ipvs-compare';

/** A destination whose connections are gone (or whose drain timed out): it may be deleted now. */
export interface DrainedDestination {
  service: IpvsServiceKey;
  address: string;
  port: number;
}

export interface DiffIpvsOptions {
  drainedDestinations?: readonly DrainedDestination[];
}

function byId(services: readonly IpvsService[]): Map<string, IpvsService> {
  const m = new Map<string, IpvsService>();
  for (const s of services) if (!m.has(serviceId(s))) m.set(serviceId(s), s);
  return m;
}

function destsById(s: IpvsService): Map<string, IpvsDestination> {
  const m = new Map<string, IpvsDestination>();
  for (const d of s.destinations) if (!m.has(destId(d))) m.set(destId(d), d);
  return m;
}

/** kube-proxy's graceful termination: UDP has no connections to wait for. */
function removeDest(key: IpvsServiceKey, d: IpvsDestination, drained: Set<string>): IpvsOp {
  if (key.protocol === 'udp' || drained.has(`${serviceId(key)}#${destId(d)}`)) return deleteOp(key, d);
  return { kind: 'drain-dest', service: key, dest: { ...structuredClone(d), weight: 0 } };
}

const isMasq = (d: IpvsDestination): boolean => d.forward === 'masq';

/**
 * A destination whose forward method changes between masq and route/tunnel gets a new port when the
 * kernel forces route/tunnel ports to the service port: the old one is deleted at once (not drained:
 * the same real server takes the traffic) right before the new one is added.
 */
function replacements(have: Map<string, IpvsDestination>, need: Map<string, IpvsDestination>): Map<string, IpvsDestination> {
  const pairs = new Map<string, IpvsDestination>();
  const taken = new Set<string>();
  for (const w of need.values()) {
    if (have.has(destId(w))) continue;
    for (const a of have.values()) {
      if (need.has(destId(a)) || taken.has(destId(a)) || a.address !== w.address || isMasq(a) === isMasq(w)) continue;
      taken.add(destId(a));
      pairs.set(destId(w), a);
      break;
    }
  }
  return pairs;
}

function deleteOp(key: IpvsServiceKey, d: IpvsDestination): IpvsOp {
  return { kind: 'delete-dest', service: key, dest: { family: d.family, address: d.address, port: d.port } };
}

function diffDests(cur: IpvsService, want: IpvsService, drained: Set<string>): IpvsOp[] {
  const key = serviceKeyOf(want);
  const have = destsById(cur);
  const need = destsById(want);
  const all = glibcSort([...need.values(), ...[...have.values()].filter((d) => !need.has(destId(d)))], compareDestinations);
  const pairs = replacements(have, need);
  const replaced = new Set([...pairs.values()].map(destId));
  const ops: IpvsOp[] = [];
  for (const d of all) {
    const id = destId(d);
    const a = have.get(id);
    const w = need.get(id);
    if (!w) {
      if (a && !replaced.has(id)) ops.push(removeDest(key, a, drained));
    } else if (!a) {
      const old = pairs.get(id);
      if (old) ops.push(deleteOp(key, old));
      ops.push({ kind: 'add-dest', service: key, dest: structuredClone(w) });
    } else if (!sameDestState(a, w)) {
      if (a.forward !== w.forward && !editableDest(want, w)) ops.push(deleteOp(key, a), { kind: 'add-dest', service: key, dest: structuredClone(w) });
      else ops.push({ kind: 'edit-dest', service: key, dest: structuredClone(w) });
    }
  }
  return ops;
}

export function diffIpvs(actual: IpvsTable, desired: IpvsTable, opts: DiffIpvsOptions = {}): IpvsOp[] {
  const drained = new Set((opts.drainedDestinations ?? []).map((d) => `${serviceId(serviceKeyOf(d.service))}#${destId(d)}`));
  const have = byId(actual.services);
  const need = byId(desired.services);
  const ops: IpvsOp[] = [];
  for (const want of glibcSort([...need.values()], compareServices)) {
    const cur = have.get(serviceId(want));
    if (!cur) {
      ops.push({ kind: 'add-service', service: serviceSpecOf(want) });
      ops.push(...diffDests({ ...want, destinations: [] }, want, drained));
      continue;
    }
    if (!sameServiceState(cur, want)) ops.push({ kind: 'edit-service', service: serviceSpecOf(want) });
    ops.push(...diffDests(cur, want, drained));
  }
  const gone = glibcSort([...have.values()].filter((s) => !need.has(serviceId(s))), compareServices);
  for (const s of gone) ops.push({ kind: 'delete-service', service: serviceKeyOf(s) });
  return ops;
}
