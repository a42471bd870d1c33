// Host default gateways: an address of the right family, on a network the host is connected to.
import type { RuleContext } from '../context';
import { cidrContains, familyOf } from '../../util/ip';
import { hostTarget } from '../targets';

export function checkHostGateways(ctx: RuleContext): void {
  (ctx.plan.spec?.hosts ?? []).forEach((h, hi) => {
    for (const [field, family] of [['gateway', 'ipv4'], ['gateway6', 'ipv6']] as const) {
      const gw = h[field];
      if (gw === undefined) continue;
      const target = hostTarget(hi, h.id, `.${field}`);
      if (familyOf(gw) !== family) {
        ctx.report('host.gateway-invalid', target, { field, host: h.id, gateway: String(gw), family: family === 'ipv4' ? 'IPv4' : 'IPv6' });
        continue;
      }
      if (!ctx.hostPrefixes(h.id).some((c) => cidrContains(c, gw))) {
        ctx.report('host.gateway-unreachable', target, { field, gateway: gw, host: h.id });
      }
    }
  });
}
