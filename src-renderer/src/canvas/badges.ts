// Problems folded onto canvas elements: worst severity (error, warning) and count per node / membership edge.
import type { Diagnostic, Severity } from '../../../src-core/validate/diagnostic';
import type { Plan } from '../../../src-core/model/plan-schema';

export interface Badge {
  severity?: Severity;
  count: number;
}

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export function worse(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

function add(map: Map<string, Badge>, key: string, severity: Severity): void {
  const b = map.get(key) ?? { count: 0 };
  map.set(key, { severity: worse(b.severity, severity), count: b.count + 1 });
}

/** Key of a membership edge: the service and the membership id. */
export const membershipKey = (serviceId: string, membershipId: string): string => `${serviceId}/${membershipId}`;

export interface BadgeIndex {
  /** Hosts, networks, HA pairs and services by their id. */
  elements: Map<string, Badge>;
  /** Real-server memberships by membershipKey. */
  memberships: Map<string, Badge>;
}

/** Groups diagnostics by the canvas element they concern (interfaces count for their host). */
export function badgeIndex(plan: Plan, diagnostics: Diagnostic[]): BadgeIndex {
  const elements = new Map<string, Badge>();
  const memberships = new Map<string, Badge>();
  for (const d of diagnostics) {
    const { kind, id, path } = d.target;
    // Notes (info) are not problems: no badge for them.
    if (id === undefined || d.severity === 'info') continue;
    if (kind === 'real-server') {
      const m = /^spec\.services\[(\d+)\]/.exec(path);
      const service = m ? plan.spec.services[Number(m[1])] : undefined;
      if (service) add(memberships, membershipKey(service.id, id), d.severity);
    } else if (kind === 'host' || kind === 'interface' || kind === 'network' || kind === 'ha-pair' || kind === 'service') {
      add(elements, id, d.severity);
    }
  }
  return { elements, memberships };
}

export function badgeOf(map: Map<string, Badge>, key: string): Badge {
  return map.get(key) ?? { count: 0 };
}

/** The worse of several badges, counts summed. */
export function mergeBadges(list: Badge[]): Badge {
  let out: Badge = { count: 0 };
  for (const b of list) if (b.severity) out = { severity: worse(out.severity, b.severity), count: out.count + b.count };
  return out;
}
