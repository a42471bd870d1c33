// Which plan element a diagnostic concerns: its display name and the selection that shows it.
import type { Plan } from '../../../src-core/model/plan-schema';
import type { Diagnostic } from '../../../src-core/validate/diagnostic';
import type { SelectedElement } from '../stores/selection';

export interface DiagnosticElement {
  name: string;
  selection?: SelectedElement;
}

export function diagnosticElement(plan: Plan, d: Diagnostic): DiagnosticElement {
  const { kind, id, path } = d.target;
  const spec = plan.spec;
  const byId = <T extends { id: string; name: string }>(list: T[] | undefined) => (id === undefined ? undefined : (list ?? []).find((x) => x.id === id));
  switch (kind) {
    case 'network': {
      const n = byId(spec.networks);
      return n ? { name: n.name, selection: { kind: 'network', id: n.id } } : { name: id ?? '' };
    }
    case 'host':
    case 'interface': {
      const h = byId(spec.hosts);
      return h ? { name: h.name, selection: { kind: 'host', id: h.id } } : { name: id ?? '' };
    }
    case 'service': {
      const s = byId(spec.services);
      return s ? { name: s.name, selection: { kind: 'service', id: s.id } } : { name: id ?? '' };
    }
    case 'ha-pair': {
      const p = byId(spec.haPairs);
      return p ? { name: p.name, selection: { kind: 'ha-pair', id: p.id } } : { name: id ?? '' };
    }
    case 'real-server': {
      // The service is the one at the spec.services[i] prefix of the path.
      const m = /^spec\.services\[(\d+)\]/.exec(path);
      const s = m ? spec.services[Number(m[1])] : undefined;
      const rs = s?.realServers.find((r) => r.id === id);
      if (!s || !rs || id === undefined) return { name: id ?? '' };
      const host = spec.hosts.find((h) => h.id === rs.host);
      return { name: `${host?.name ?? rs.host} · ${s.name}`, selection: { kind: 'real-server', id, serviceId: s.id } };
    }
    default:
      return { name: kind === 'plan' ? plan.metadata?.name ?? '' : (id ?? '') };
  }
}
