// What every rule gets: the plan, its index, element positions for JSON paths, caches built once,
// and report(), which looks the severity and texts of a code up in the rule tables.
import type { Diagnostic, DiagnosticTarget } from './diagnostic';
import { makeDiagnostic } from './diagnostic';
import { RULE_SPECS, VALIDATE_MESSAGES } from './messages';
import type { HaPair, Plan } from '../model/plan-schema';
import { indexPlan, type PlanIndex } from '../model/plan-index';
import { normalizeIp, type ParsedCidr } from '../util/ip';

export type Params = Record<string, string | number>;
export type Extra = Partial<Pick<Diagnostic, 'related' | 'fix'>>;

export interface RuleContext {
  plan: Plan;
  index: PlanIndex;
  /** Position of the first element with an id, for JSON paths. */
  hostPos: Map<string, number>;
  networkPos: Map<string, number>;
  pairPos: Map<string, number>;
  /** The first HA pair each host id is listed in. */
  pairOfHost: Map<string, HaPair>;
  out: Diagnostic[];
  report(code: string, target: DiagnosticTarget, params?: Params, extra?: Extra): void;
  /** normalizeIp, memoised: the same addresses come back once per membership. */
  ip(text: string | undefined): string | undefined;
  /** Network ids a host has an interface on (cached). */
  hostNetworkIds(hostId: string): Set<string>;
  /** Prefixes a host is directly connected to: its networks' CIDRs and its own address prefixes (cached). */
  hostPrefixes(hostId: string): ParsedCidr[];
}

export function buildContext(plan: Plan): RuleContext {
  const index = indexPlan(plan);
  const spec = plan.spec;
  const positions = (items: { id: string }[] | undefined) => {
    const m = new Map<string, number>();
    (items ?? []).forEach((e, i) => {
      if (!m.has(e.id)) m.set(e.id, i);
    });
    return m;
  };
  const pairOfHost = new Map<string, HaPair>();
  for (const p of spec?.haPairs ?? []) for (const d of p.directors ?? []) if (!pairOfHost.has(d)) pairOfHost.set(d, p);
  const netIds = new Map<string, Set<string>>();
  const prefixes = new Map<string, ParsedCidr[]>();
  const out: Diagnostic[] = [];
  const ips = new Map<string, string | undefined>();
  return {
    plan,
    index,
    hostPos: positions(spec?.hosts),
    networkPos: positions(spec?.networks),
    pairPos: positions(spec?.haPairs),
    pairOfHost,
    out,
    report(code, target, params = {}, extra = {}) {
      const spec = RULE_SPECS[code];
      out.push(makeDiagnostic(VALIDATE_MESSAGES, code, spec?.severity ?? 'error', target, params, extra));
    },
    ip(text) {
      if (typeof text !== 'string') return undefined;
      if (ips.has(text)) return ips.get(text);
      const n = normalizeIp(text);
      ips.set(text, n);
      return n;
    },
    hostNetworkIds(hostId) {
      let s = netIds.get(hostId);
      if (!s) {
        s = new Set();
        for (const i of index.hosts.get(hostId)?.interfaces ?? []) if (i.network) s.add(i.network);
        netIds.set(hostId, s);
      }
      return s;
    },
    hostPrefixes(hostId) {
      let l = prefixes.get(hostId);
      if (!l) {
        l = [];
        for (const a of index.hostAddresses.get(hostId) ?? []) {
          l.push(a.cidr);
          const net = a.networkId ? index.networkCidrs.get(a.networkId) : undefined;
          if (net) l.push(net);
        }
        for (const i of index.hosts.get(hostId)?.interfaces ?? []) {
          const net = i.network ? index.networkCidrs.get(i.network) : undefined;
          if (net) l.push(net);
        }
        prefixes.set(hostId, l);
      }
      return l;
    },
  };
}
