// Which plan element a diagnostic concerns: its display name and the selection that shows it.
import type { Plan } from '../../../src-core/model/plan-schema';
import type { Diagnostic } from '../../../src-core/validate/diagnostic';
import type { SelectedElement } from '../stores/selection';

export interface DiagnosticElement {
  name: string;
  selection?: SelectedElement;
}

type Named = { id: string; name: string };

export interface ElementLookup {
  plan: Plan;
  networks: Map<string, Named>;
  hosts: Map<string, Named>;
  services: Map<string, Named>;
  haPairs: Map<string, Named>;
}

/** Id maps of a plan, built once for all the rows of the panel (first occurrence wins). */
export function elementLookup(plan: Plan): ElementLookup {
  const map = (list: Named[] | undefined) => {
    const m = new Map<string, Named>();
    for (const x of list ?? []) if (!m.has(x.id)) m.set(x.id, x);
    return m;
  };
  const s = plan.spec;
  return { plan, networks: map(s.networks), hosts: map(s.hosts), services: map(s.services), haPairs: map(s.haPairs) };
}

export function diagnosticElement(plan: Plan, d: Diagnostic, lookup: ElementLookup = elementLookup(plan)): DiagnosticElement {
  const { kind, id, path } = d.target;
  const pick = (m: Map<string, Named>, k: 'network' | 'host' | 'service' | 'ha-pair'): DiagnosticElement => {
    const x = id === undefined ? undefined : m.get(id);
    return x ? { name: x.name, selection: { kind: k, id: x.id } } : { name: id ?? '' };
  };
  switch (kind) {
    case 'network':
      return pick(lookup.networks, 'network');
    case 'host':
    case 'interface':
      return pick(lookup.hosts, 'host');
    case 'service':
      return pick(lookup.services, 'service');
    case 'ha-pair':
      return pick(lookup.haPairs, 'ha-pair');
    case 'real-server': {
      // The service is the one at the spec.services[i] prefix of the path.
      const m = /^spec\.services\[(\d+)\]/.exec(path);
      const s = m ? plan.spec.services[Number(m[1])] : undefined;
      const rs = s?.realServers.find((r) => r.id === id);
      if (!s || !rs || id === undefined) return { name: id ?? '' };
      const host = lookup.hosts.get(rs.host);
      return { name: `${host?.name ?? rs.host} · ${s.name}`, selection: { kind: 'real-server', id, serviceId: s.id } };
    }
    default:
      return { name: kind === 'plan' ? (plan.metadata?.name ?? '') : (id ?? '') };
  }
}
