// Data planes by name.
import type { PlaneName } from '../protocol';
import { createIpvsPlane } from './ipvs';
import { createNftablesPlane } from './nftables/index';
import type { DesiredMarkRule } from '../../src-core/compile/desired-state';
import type { IpvsTable } from '../../src-core/ipvs/types';
import type { DataPlane, PlaneFactory } from './plane';

const factories: Partial<Record<PlaneName, PlaneFactory>> = { ipvs: createIpvsPlane, nftables: createNftablesPlane };

export function planeFactory(name: PlaneName): PlaneFactory | undefined {
  return factories[name];
}

/** Planes that need host facts before plan() (the nftables plane: MACs, devices) expose prepare(). */
export async function preparePlane(plane: DataPlane, table: IpvsTable, markRules: readonly DesiredMarkRule[], fullnatLip?: Record<string, string>): Promise<void> {
  const p = plane as DataPlane & { prepare?: (t: IpvsTable, extra?: { markRules?: readonly DesiredMarkRule[]; fullnatLip?: Record<string, string> }) => Promise<void> };
  if (typeof p.prepare === 'function') await p.prepare(table, { markRules, ...(fullnatLip ? { fullnatLip } : {}) });
}
