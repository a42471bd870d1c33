// Ids unique across the whole plan, and interface -> network references.
import type { RuleContext } from '../context';
import type { DiagnosticTarget } from '../diagnostic';
import { hostTarget, interfaceTarget, networkTarget, pairTarget, realServerTarget, serviceTarget } from '../targets';

export function checkIds(ctx: RuleContext): void {
  const spec = ctx.plan.spec;
  const seen = new Map<string, DiagnosticTarget>();
  const claim = (id: string | undefined, target: DiagnosticTarget) => {
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first) {
      ctx.report('structure.duplicate-id', target, { id, other: first.path }, { related: [first] });
    } else seen.set(id, target);
  };
  (spec?.networks ?? []).forEach((n, i) => claim(n.id, networkTarget(i, n.id)));
  (spec?.hosts ?? []).forEach((h, i) => claim(h.id, hostTarget(i, h.id)));
  (spec?.haPairs ?? []).forEach((p, i) => claim(p.id, pairTarget(i, p.id)));
  (spec?.services ?? []).forEach((s, i) => {
    claim(s.id, serviceTarget(i, s.id));
    (s.realServers ?? []).forEach((r, j) => claim(r.id, realServerTarget(i, j, r.id)));
  });
}

export function checkInterfaceNetworks(ctx: RuleContext): void {
  (ctx.plan.spec?.hosts ?? []).forEach((h, hi) => {
    (h.interfaces ?? []).forEach((iface, ii) => {
      if (iface.network !== undefined && !ctx.index.networks.has(iface.network)) {
        ctx.report('structure.interface-network-unknown', interfaceTarget(hi, ii, h.id, '.network'), {
          iface: iface.name,
          host: h.id,
          network: iface.network,
        });
      }
    });
  });
}
