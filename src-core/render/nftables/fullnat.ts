// FULLNAT on the nftables plane: the compiler keeps FULLNAT services out of the IPVS table (the
// kernel IPVS has no FULLNAT) in HostDesiredState.fullnat; the plane's table is the IPVS table with
// them added as NAT destinations, and the LIP of each such service tells the renderer to SNAT.
import type { DesiredFullnat } from '../../compile/desired-state';
import type { IpvsTable } from '../../ipvs/types';
import { nftServiceKey } from './context';

export interface NftPlaneTable {
  table: IpvsTable;
  /** LIP by service key (nftServiceKey). */
  fullnatLip: Record<string, string>;
}

/**
 * The table the nftables plane loads: `ipvs` plus the FULLNAT services (a service also in `ipvs`,
 * with NAT real servers, gets the FULLNAT ones added: the SNAT then applies to all of them).
 */
export function nftPlaneTable(ipvs: IpvsTable, fullnat: DesiredFullnat | undefined): NftPlaneTable {
  const fullnatLip: Record<string, string> = {};
  if (!fullnat || fullnat.services.length === 0) return { table: ipvs, fullnatLip };
  const services = structuredClone(ipvs.services);
  for (const f of fullnat.services) {
    const key = nftServiceKey(f.service);
    fullnatLip[key] = f.lip;
    const same = services.find((s) => nftServiceKey(s) === key);
    if (!same) {
      services.push(structuredClone(f.service));
      continue;
    }
    for (const d of f.service.destinations) {
      if (!same.destinations.some((x) => x.address === d.address && x.port === d.port)) same.destinations.push(structuredClone(d));
    }
  }
  return { table: { services }, fullnatLip };
}
