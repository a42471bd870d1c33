// FULLNAT: not in the stock kernel; available through the nftables data plane (dnat + snat).
import type { RuleContext } from '../context';
import { firstTime, type PassState } from '../pass-state';
import { hostTargetById, realServerTarget } from '../targets';
import type { Membership } from './membership-info';

export function checkFullnat(ctx: RuleContext, st: PassState, m: Membership): void {
  const { service: s, rs, directors } = m;
  for (const d of directors) {
    if (!firstTime(st, 'fullnat', String(m.si), d)) continue;
    const related = hostTargetById(ctx, d);
    const extra = related ? { related: [related] } : {};
    if (ctx.index.hosts.get(d)?.dataPlane === 'nftables') {
      ctx.report('fullnat.nftables', realServerTarget(m.si, m.ri, rs.id, '.forwarding'), { service: s.id, director: d }, extra);
    } else {
      ctx.report('fullnat.unsupported', realServerTarget(m.si, m.ri, rs.id, '.forwarding'), { rs: rs.id, service: s.id, director: d }, extra);
    }
  }
}
