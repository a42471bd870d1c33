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

/** An id not yet used by any element of the plan: base, base-2, base-3... */
export function uniqueId(plan: Plan, base: string): string {
  const used = new Set<string>();
  const s = plan.spec;
  for (const x of [...s.networks, ...s.hosts, ...s.services, ...(s.haPairs ?? [])]) used.add(x.id);
  for (const svc of s.services) for (const r of svc.realServers) used.add(r.id);
  const clean = base.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'rs';
  if (!used.has(clean)) return clean;
  for (let n = 2; ; n++) if (!used.has(`${clean}-${n}`)) return `${clean}-${n}`;
}
