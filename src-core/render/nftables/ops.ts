// The table that results from running IpvsOps on a table: the nftables plane loads whole tables, so
// it needs the state after the ops (which, while draining, is not the desired table).
import { destId, serviceId, serviceKeyOf, type IpvsOp, type IpvsServiceKey } from '../../diff/ipvs-ops';
import type { IpvsService, IpvsTable } from '../../ipvs/types';

export function applyIpvsOps(table: IpvsTable, ops: readonly IpvsOp[]): IpvsTable {
  const services: IpvsService[] = structuredClone(table.services);
  const find = (k: IpvsServiceKey) => services.findIndex((s) => serviceId(serviceKeyOf(s)) === serviceId(serviceKeyOf(k)));
  for (const op of ops) {
    const i = find(op.service);
    const s = services[i];
    switch (op.kind) {
      case 'add-service':
        if (i < 0) services.push({ ...structuredClone(op.service), destinations: [] });
        break;
      case 'edit-service':
        if (s) services[i] = { ...structuredClone(op.service), destinations: s.destinations };
        break;
      case 'delete-service':
        if (i >= 0) services.splice(i, 1);
        break;
      default: {
        if (!s) break;
        const j = s.destinations.findIndex((d) => destId(d) === destId(op.dest));
        if (op.kind === 'delete-dest') {
          if (j >= 0) s.destinations.splice(j, 1);
        } else if (op.kind === 'add-dest') {
          if (j < 0) s.destinations.push(structuredClone(op.dest));
        } else if (j >= 0) {
          s.destinations[j] = op.kind === 'drain-dest' ? { ...s.destinations[j]!, weight: 0 } : structuredClone(op.dest);
        }
      }
    }
  }
  return { services };
}
