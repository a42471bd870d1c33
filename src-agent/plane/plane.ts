// A data plane holds the host's virtual-service table in the kernel: IPVS (ipvsadm) or nftables.
// Both take the same logical table (src-core IpvsTable) so the diff, the drain and the health
// overrides are the same code for both.
import type { IpvsOp } from '../../src-core/diff/ipvs-ops';
import type { IpvsTable } from '../../src-core/ipvs/types';
import type { Runner } from '../exec';

export interface PlaneStep {
  description: { en: string; zh: string };
  argv: string[][];
  /** Input fed to the (single) command, e.g. an nft transaction. */
  input?: string;
}

export interface DataPlane {
  readonly name: 'ipvs' | 'nftables';
  /** The table as it is in the kernel now. */
  read(): Promise<IpvsTable>;
  /** The commands that carry out `ops` (turning `actual` into `desired`), without running them. */
  plan(ops: readonly IpvsOp[], actual: IpvsTable, desired: IpvsTable): PlaneStep[];
  /** Active+inactive connections per destination, keyed `${serviceId}#${destId}` (drain decisions). */
  connections(): Promise<Map<string, number>>;
}

export type PlaneFactory = (run: Runner, stateDir: string) => DataPlane;
