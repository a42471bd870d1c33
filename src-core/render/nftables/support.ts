// What the nftables data plane can do exactly, shared by the renderer (which refuses the rest) and
// the validation rule (which reports it on the plan). Nothing outside these lists is approximated.
import type { IpvsService } from '../../ipvs/types';

/** rr/wrr: numgen over weighted slots; sh/dh: jhash over weighted slots; fo: the heaviest server. */
export const NFT_SCHEDULERS: readonly string[] = ['rr', 'wrr', 'sh', 'dh', 'fo'];
/** sh-fallback is what this plane always does: servers with weight 0 are never in the hash. */
export const NFT_SCHEDULER_FLAGS: readonly string[] = ['sh-port', 'sh-fallback'];

export type NftUnsupportedKind = 'scheduler' | 'flag' | 'forward' | 'mixed-forward' | 'one-packet' | 'pe' | 'threshold';

export interface NftUnsupported {
  kind: NftUnsupportedKind;
  /** The offending value (scheduler name, flag, forwarding method...). */
  value: string;
}

/** The features of one logical service that the nftables plane cannot carry out. */
export function nftUnsupported(svc: IpvsService): NftUnsupported[] {
  const out: NftUnsupported[] = [];
  if (!NFT_SCHEDULERS.includes(svc.scheduler)) out.push({ kind: 'scheduler', value: svc.scheduler });
  for (const f of svc.flags) if (!NFT_SCHEDULER_FLAGS.includes(f)) out.push({ kind: 'flag', value: f });
  if (svc.onePacket) out.push({ kind: 'one-packet', value: 'onePacket' });
  if (svc.pe) out.push({ kind: 'pe', value: svc.pe });
  const forwards = new Set(svc.destinations.map((d) => d.forward));
  if (forwards.has('tunnel')) out.push({ kind: 'forward', value: 'tunnel' });
  if (forwards.has('masq') && forwards.has('route')) out.push({ kind: 'mixed-forward', value: 'masq+route' });
  for (const d of svc.destinations) {
    if (d.upperThreshold || d.lowerThreshold) out.push({ kind: 'threshold', value: d.address });
  }
  return out;
}
