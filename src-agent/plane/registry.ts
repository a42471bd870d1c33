// Data planes by name. The nftables plane (plane/nftables/index.ts) registers its factory here.
import type { PlaneName } from '../protocol';
import { createIpvsPlane } from './ipvs';
import type { PlaneFactory } from './plane';

const factories: Partial<Record<PlaneName, PlaneFactory>> = { ipvs: createIpvsPlane };

export function planeFactory(name: PlaneName): PlaneFactory | undefined {
  return factories[name];
}
