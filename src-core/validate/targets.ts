// Diagnostic targets: the element kind, its id and its JSON path in the plan document.
import type { DiagnosticTarget } from './diagnostic';
import type { RuleContext } from './context';

export const networkTarget = (i: number, id: string | undefined, sub = ''): DiagnosticTarget => ({
  kind: 'network',
  id,
  path: `spec.networks[${i}]${sub}`,
});

export const hostTarget = (i: number, id: string | undefined, sub = ''): DiagnosticTarget => ({
  kind: 'host',
  id,
  path: `spec.hosts[${i}]${sub}`,
});

/** Target of a host by id (its first occurrence), or undefined when the host does not exist. */
export function hostTargetById(ctx: RuleContext, id: string, sub = ''): DiagnosticTarget | undefined {
  const i = ctx.hostPos.get(id);
  return i === undefined ? undefined : hostTarget(i, id, sub);
}

export const interfaceTarget = (hi: number, ii: number, hostId: string, sub = ''): DiagnosticTarget => ({
  kind: 'interface',
  id: hostId,
  path: `spec.hosts[${hi}].interfaces[${ii}]${sub}`,
});

export const serviceTarget = (i: number, id: string | undefined, sub = ''): DiagnosticTarget => ({
  kind: 'service',
  id,
  path: `spec.services[${i}]${sub}`,
});

export const realServerTarget = (si: number, ri: number, id: string | undefined, sub = ''): DiagnosticTarget => ({
  kind: 'real-server',
  id,
  path: `spec.services[${si}].realServers[${ri}]${sub}`,
});

export const pairTarget = (i: number, id: string | undefined, sub = ''): DiagnosticTarget => ({
  kind: 'ha-pair',
  id,
  path: `spec.haPairs[${i}]${sub}`,
});
