// What the nftables data plane cannot carry out, on directors that run it (dataPlane nftables:
// error) or may fall back to it when IPVS is missing (dataPlane auto: info). The lists are the
// renderer's own (src-core/render/nftables/support.ts), so validation and the agent agree.
import type { RuleContext } from '../context';
import type { Service } from '../../model/plan-schema';
import { NFT_SCHEDULER_FLAGS, NFT_SCHEDULERS } from '../../render/nftables/support';
import { hostTargetById, serviceTarget } from '../targets';

/** Each feature of the service the nftables plane cannot do, with the path of the offending field. */
export function nftablesGaps(s: Service): { feature: string; path: string }[] {
  const out: { feature: string; path: string }[] = [];
  const scheduler = s.scheduler ?? 'wlc';
  if (!NFT_SCHEDULERS.includes(scheduler)) out.push({ feature: `scheduler ${scheduler}${s.scheduler ? '' : ' (the default)'}`, path: '.scheduler' });
  (s.schedulerFlags ?? []).forEach((f, k) => {
    if (!NFT_SCHEDULER_FLAGS.includes(f)) out.push({ feature: `scheduler flag ${f}`, path: `.schedulerFlags[${k}]` });
  });
  if (s.onePacket) out.push({ feature: 'one-packet scheduling', path: '.onePacket' });
  if (s.persistence?.engine) out.push({ feature: `persistence engine ${s.persistence.engine}`, path: '.persistence.engine' });
  const kinds = new Set((s.realServers ?? []).map((rs) => (rs.forwarding === 'dr' ? 'dr' : rs.forwarding === 'tun' ? 'tun' : rs.forwarding)));
  (s.realServers ?? []).forEach((rs, ri) => {
    if (rs.forwarding === 'tun') out.push({ feature: `tunnel forwarding (real server ${rs.id})`, path: `.realServers[${ri}].forwarding` });
    if (rs.upperThreshold || rs.lowerThreshold) out.push({ feature: `connection thresholds (real server ${rs.id})`, path: `.realServers[${ri}].upperThreshold` });
  });
  kinds.delete('tun');
  if (kinds.size > 1) out.push({ feature: `mixed forwarding in one service (${[...kinds].sort().join(' + ')})`, path: '.realServers' });
  return out;
}

export function checkNftablesPlane(ctx: RuleContext, s: Service, si: number, directors: string[]): void {
  const gaps = nftablesGaps(s);
  if (gaps.length === 0) return;
  for (const d of directors) {
    const plane = ctx.index.hosts.get(d)?.dataPlane;
    if (plane !== 'nftables' && plane !== 'auto') continue;
    const related = hostTargetById(ctx, d, '.dataPlane');
    const extra = related ? { related: [related] } : {};
    for (const g of gaps) {
      const code = plane === 'nftables' ? 'nftables.unsupported' : 'nftables.auto-fallback-unsupported';
      ctx.report(code, serviceTarget(si, s.id, g.path), { service: s.id, director: d, feature: g.feature }, extra);
    }
  }
}
