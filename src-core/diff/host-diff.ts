// diffHost: the steps (besides the IPVS table) that bring a host from its actual state to the
// desired one. Only what we own is ever removed: addresses the agent itself added and the rules of
// our own mark chain. Order: modules, tunnels, sysctls (some exist only once a module is loaded or
// a device exists), addresses, routes, mark chains.
import type { DesiredRoute, HostDesiredState } from '../compile/desired-state';
import { MARK_CHAIN, markRuleLine } from '../render/iptables';
import { normalizeIp, parseCidr } from '../util/ip';
import type { ActualHostState, ActualRoute } from './actual-state';
import { describe, type HostOp } from './host-ops';

function cidrKey(dev: string, cidr: string): string {
  const c = parseCidr(cidr);
  return `${dev}|${c ? `${c.address}/${c.prefix}` : cidr}`;
}

const moduleKey = (name: string): string => name.replace(/-/g, '_');
const sysctlValue = (v: string): string => v.trim().split(/\s+/).join(' ');
const ipKey = (ip: string | undefined): string => (ip === undefined ? '' : (normalizeIp(ip) ?? ip));

function routeOf(r: DesiredRoute | ActualRoute): Omit<DesiredRoute, 'reason'> {
  const out: Omit<DesiredRoute, 'reason'> = { family: r.family, dst: r.dst };
  if (r.via !== undefined) out.via = r.via;
  if (r.dev !== undefined) out.dev = r.dev;
  return out;
}

function diffModules(actual: ActualHostState, desired: HostDesiredState): HostOp[] {
  const loaded = new Set(actual.modules.map(moduleKey));
  const ops: HostOp[] = [];
  for (const m of desired.modules) {
    if (loaded.has(moduleKey(m.name))) continue;
    loaded.add(moduleKey(m.name));
    ops.push({ kind: 'load-module', name: m.name, description: describe.loadModule(m.name) });
  }
  return ops;
}

function diffTunnels(actual: ActualHostState, desired: HostDesiredState): HostOp[] {
  const ops: HostOp[] = [];
  const fou = new Set(actual.fouPorts);
  const seen = new Set<string>();
  for (const t of desired.tunnels) {
    if (t.type === 'gue' && t.port !== undefined && !fou.has(t.port)) {
      fou.add(t.port);
      ops.push({ kind: 'add-fou-port', port: t.port, description: describe.addFou(t.port) });
    }
    if (seen.has(t.dev)) continue;
    seen.add(t.dev);
    const cur = actual.tunnels.find((x) => x.dev === t.dev);
    if (cur?.up) continue;
    const { reason, ...tunnel } = t;
    void reason;
    ops.push({ kind: 'tunnel-up', tunnel, existed: cur !== undefined, description: describe.tunnelUp(t.dev, t.type, cur !== undefined) });
  }
  return ops;
}

function diffSysctls(actual: ActualHostState, desired: HostDesiredState): HostOp[] {
  const ops: HostOp[] = [];
  const seen = new Set<string>();
  for (const s of desired.sysctls) {
    if (seen.has(s.key)) continue;
    seen.add(s.key);
    const prev = Object.prototype.hasOwnProperty.call(actual.sysctls, s.key) ? actual.sysctls[s.key] : undefined;
    if (prev !== undefined && sysctlValue(prev) === sysctlValue(s.value)) continue;
    const op: HostOp = { kind: 'set-sysctl', key: s.key, value: s.value, description: describe.setSysctl(s.key, s.value, prev) };
    if (prev !== undefined) op.previous = prev;
    ops.push(op);
  }
  return ops;
}

function diffAddresses(actual: ActualHostState, desired: HostDesiredState): HostOp[] {
  const want = new Set(desired.addresses.filter((a) => a.managed).map((a) => cidrKey(a.dev, a.cidr)));
  const have = new Set(actual.addresses.map((a) => cidrKey(a.dev, a.cidr)));
  const ops: HostOp[] = [];
  for (const a of actual.addresses) {
    if (!a.owned || want.has(cidrKey(a.dev, a.cidr))) continue;
    ops.push({ kind: 'delete-address', dev: a.dev, cidr: a.cidr, family: a.family, description: describe.deleteAddress(a.dev, a.cidr) });
  }
  for (const a of desired.addresses) {
    const k = cidrKey(a.dev, a.cidr);
    if (!a.managed || have.has(k)) continue;
    have.add(k);
    ops.push({ kind: 'add-address', dev: a.dev, cidr: a.cidr, family: a.family, description: describe.addAddress(a.dev, a.cidr) });
  }
  return ops;
}

function diffRoutes(actual: ActualHostState, desired: HostDesiredState): HostOp[] {
  const ops: HostOp[] = [];
  const seen = new Set<string>();
  for (const r of desired.routes) {
    const key = `${r.family}|${r.dst}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const cur = actual.routes.find((x) => x.family === r.family && x.dst === r.dst);
    // a desired route without a device leaves the device to the kernel
    if (cur && ipKey(cur.via) === ipKey(r.via) && (r.dev === undefined || cur.dev === r.dev)) continue;
    const route = routeOf(r);
    const op: HostOp = { kind: 'replace-route', route, description: describe.replaceRoute(route, cur && routeOf(cur)) };
    if (cur) op.previous = routeOf(cur);
    ops.push(op);
  }
  return ops;
}

function diffMarkChains(actual: ActualHostState, desired: HostDesiredState): HostOp[] {
  const ops: HostOp[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const rules = desired.markRules.filter((r) => r.family === family).flatMap((r) => markRuleLine(r) ?? []);
    const previous = actual.markRules[family] ?? [];
    if (rules.length === previous.length && rules.every((r, i) => r === previous[i])) continue;
    ops.push({
      kind: 'replace-mark-chain', family, chain: MARK_CHAIN, rules, previous: [...previous],
      description: describe.replaceMarkChain(family, MARK_CHAIN, rules.length, previous.length),
    });
  }
  return ops;
}

export function diffHost(actual: ActualHostState, desired: HostDesiredState): HostOp[] {
  return [
    ...diffModules(actual, desired),
    ...diffTunnels(actual, desired),
    ...diffSysctls(actual, desired),
    ...diffAddresses(actual, desired),
    ...diffRoutes(actual, desired),
    ...diffMarkChains(actual, desired),
  ];
}
