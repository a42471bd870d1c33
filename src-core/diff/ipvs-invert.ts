// invertIpvsOps: the ops that bring the table back to `actual` after `ops` were applied to it.
// A half-applied run is rolled back with the inverse of the ops that succeeded: pass just those.
import type { IpvsService, IpvsTable } from '../ipvs/types';
import { destId, serviceId, serviceKeyOf, serviceSpecOf, type IpvsOp } from './ipvs-ops';

function find(t: IpvsTable, key: Parameters<typeof serviceId>[0]): IpvsService | undefined {
  const id = serviceId(key);
  return t.services.find((s) => serviceId(s) === id);
}

/** The inverse of one op against the state `t` it is applied to; applies the op to `t`. */
function step(t: IpvsTable, op: IpvsOp): IpvsOp[] {
  const svc = find(t, op.service);
  switch (op.kind) {
    case 'add-service':
      if (svc) return [];
      t.services.push({ ...structuredClone(op.service), destinations: [] });
      return [{ kind: 'delete-service', service: serviceKeyOf(op.service) }];
    case 'edit-service': {
      if (!svc) return [];
      const before = serviceSpecOf(svc);
      t.services[t.services.indexOf(svc)] = { ...structuredClone(op.service), destinations: svc.destinations };
      return [{ kind: 'edit-service', service: before }];
    }
    case 'delete-service': {
      if (!svc) return [];
      t.services.splice(t.services.indexOf(svc), 1);
      const key = serviceKeyOf(svc);
      // the kernel lists real servers newest first: re-add oldest first to get the same list back
      const dests = [...svc.destinations].reverse().map((d): IpvsOp => ({ kind: 'add-dest', service: key, dest: structuredClone(d) }));
      return [{ kind: 'add-service', service: serviceSpecOf(svc) }, ...dests];
    }
    default: {
      if (!svc) return [];
      const key = serviceKeyOf(svc);
      const i = svc.destinations.findIndex((d) => destId(d) === destId(op.dest));
      const before = i >= 0 ? svc.destinations[i]! : undefined;
      if (op.kind === 'add-dest') {
        if (before) return [];
        svc.destinations.unshift(structuredClone(op.dest));
        return [{ kind: 'delete-dest', service: key, dest: { family: op.dest.family, address: op.dest.address, port: op.dest.port } }];
      }
      if (!before) return [];
      if (op.kind === 'delete-dest') {
        svc.destinations.splice(i, 1);
        return [{ kind: 'add-dest', service: key, dest: before }];
      }
      svc.destinations[i] = structuredClone(op.dest);
      return [{ kind: 'edit-dest', service: key, dest: before }];
    }
  }
}

export function invertIpvsOps(actual: IpvsTable, ops: readonly IpvsOp[]): IpvsOp[] {
  const t = structuredClone(actual);
  const inverses = ops.map((op) => step(t, op));
  return inverses.reverse().flat();
}
