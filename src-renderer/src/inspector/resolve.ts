// The selected element's position in the plan (the inspector edits it by path).
import type { Plan } from '../../../src-core/model/plan-schema';
import type { SelectedElement } from '../stores/selection';

export type ResolvedElement =
  | { kind: 'network' | 'host' | 'service' | 'ha-pair'; index: number; base: string }
  | { kind: 'real-server'; serviceIndex: number; index: number; base: string };

export function resolveSelection(plan: Plan, el: SelectedElement | undefined): ResolvedElement | undefined {
  if (!el) return undefined;
  const spec = plan.spec;
  const at = (kind: 'network' | 'host' | 'service' | 'ha-pair', list: { id: string }[] | undefined, key: string) => {
    const index = (list ?? []).findIndex((x) => x.id === el.id);
    return index < 0 ? undefined : { kind, index, base: `spec.${key}[${index}]` };
  };
  switch (el.kind) {
    case 'network':
      return at('network', spec.networks, 'networks');
    case 'host':
      return at('host', spec.hosts, 'hosts');
    case 'service':
      return at('service', spec.services, 'services');
    case 'ha-pair':
      return at('ha-pair', spec.haPairs, 'haPairs');
    case 'real-server': {
      for (let si = 0; si < spec.services.length; si++) {
        const s = spec.services[si]!;
        if (el.serviceId !== undefined && s.id !== el.serviceId) continue;
        const index = s.realServers.findIndex((r) => r.id === el.id);
        if (index >= 0) return { kind: 'real-server', serviceIndex: si, index, base: `spec.services[${si}].realServers[${index}]` };
      }
      return undefined;
    }
  }
}
