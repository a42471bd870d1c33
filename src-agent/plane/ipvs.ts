// The kernel IPVS plane: read = `ipvsadm -Sn` through src-core's ipvsadm emulation (the same
// parser the importer uses), plan = one ipvsadm argv per op (renderIpvsOp; never -C), connections
// = ActiveConn + InActConn per destination from `ipvsadm -Ln` (covers fwmark services too).
import { renderIpvsOp } from '../../src-core/diff/ipvs-render';
import { describeIpvsOp } from '../../src-core/diff/ipvs-describe';
import { destId, serviceId, type IpvsOp } from '../../src-core/diff/ipvs-ops';
import { parseIpvsadmRules } from '../../src-core/ipvs/parse-rules';
import type { IpvsTable } from '../../src-core/ipvs/types';
import { normalizeIp } from '../../src-core/util/ip';
import type { Runner } from '../exec';
import { parseIpvsSaveFast } from './ipvs-save-fast';
import type { DataPlane, PlaneFactory, PlaneStep } from './plane';

export class PlaneReadError extends Error {
  override name = 'PlaneReadError';
}

export function parseIpvsSave(text: string): IpvsTable {
  const fast = parseIpvsSaveFast(text);
  if (fast) return fast;
  return parseIpvsSaveEmulated(text);
}

/** Through src-core's ipvsadm emulation (what the importer uses): every shape ipvsadm prints. */
export function parseIpvsSaveEmulated(text: string): IpvsTable {
  const r = parseIpvsadmRules(text, 'ipvsadm -Sn');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new PlaneReadError(`cannot parse ipvsadm -Sn: ${errors[0]!.message.en}`);
  return r.table;
}

function endpoint(text: string): { address: string; port: number } | undefined {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  if (!m) return undefined;
  return { address: normalizeIp(m[1]!) ?? m[1]!, port: Number(m[2]) };
}

/** Walks an `ipvsadm -Ln` listing: calls `row` with the `${serviceId}#${destId}` key and the numbers after the address. */
function walkListing(text: string, row: (key: string, numbers: string[]) => void): void {
  let svc: string | undefined;
  for (const line of text.split('\n')) {
    const s = /^(TCP|UDP|SCTP)\s+(\S+)\s/.exec(line);
    if (s) {
      const ep = endpoint(s[2]!);
      const family = s[2]!.startsWith('[') ? 'ipv6' : 'ipv4';
      svc = ep ? serviceId({ family, protocol: s[1]!.toLowerCase() as 'tcp', address: ep.address, port: ep.port }) : undefined;
      continue;
    }
    const f = /^FWM\s+(\d+)\s+(IPv6\s+)?/.exec(line);
    if (f) {
      svc = serviceId({ family: f[2] ? 'ipv6' : 'ipv4', protocol: 'fwmark', fwmark: Number(f[1]) });
      continue;
    }
    const d = /^\s+->\s+(\S+)\s+(.*)$/.exec(line);
    if (d && svc) {
      const ep = endpoint(d[1]!);
      if (ep) row(`${svc}#${destId(ep)}`, d[2]!.trim().split(/\s+/));
    }
  }
}

/** `ipvsadm -Ln` -> active+inactive connections keyed `${serviceId}#${destId}`. Never throws. */
export function parseIpvsConnections(text: string): Map<string, number> {
  const out = new Map<string, number>();
  // Forward Weight ActiveConn InActConn
  walkListing(text, (key, n) => {
    if (n.length >= 4 && /^\d+$/.test(n[2]!) && /^\d+$/.test(n[3]!)) out.set(key, Number(n[2]) + Number(n[3]));
  });
  return out;
}

/** `ipvsadm -Ln --thresholds` -> [upper, lower] per destination (`-Sn` never prints them). */
export function parseIpvsThresholds(text: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  walkListing(text, (key, n) => {
    if (n.length >= 2 && /^\d+$/.test(n[0]!) && /^\d+$/.test(n[1]!)) out.set(key, [Number(n[0]), Number(n[1])]);
  });
  return out;
}

/** Sets each destination's thresholds from an `ipvsadm -Ln --thresholds` listing. */
export function mergeThresholds(table: IpvsTable, listing: string): IpvsTable {
  const t = parseIpvsThresholds(listing);
  for (const s of table.services) {
    for (const d of s.destinations) {
      const x = t.get(`${serviceId(s)}#${destId(d)}`);
      if (x) [d.upperThreshold, d.lowerThreshold] = x;
    }
  }
  return table;
}

export function ipvsSteps(ops: readonly IpvsOp[]): PlaneStep[] {
  return ops.map((op) => ({ description: describeIpvsOp(op), argv: [['ipvsadm', ...renderIpvsOp(op)]] }));
}

export const createIpvsPlane: PlaneFactory = (run: Runner): DataPlane => ({
  name: 'ipvs',
  async read() {
    const [r, thr] = await Promise.all([run(['ipvsadm', '-Sn'], { timeoutMs: 60_000 }), run(['ipvsadm', '-Ln', '--thresholds'], { timeoutMs: 60_000 })]);
    if (r.code !== 0) throw new PlaneReadError(`ipvsadm -Sn failed (${r.code}): ${r.stderr.trim()}`);
    const table = parseIpvsSave(r.stdout);
    if (thr.code === 0) mergeThresholds(table, thr.stdout);
    return table;
  },
  plan(ops) {
    return ipvsSteps(ops);
  },
  async connections() {
    const r = await run(['ipvsadm', '-Ln'], { timeoutMs: 60_000 });
    if (r.code !== 0) throw new PlaneReadError(`ipvsadm -Ln failed (${r.code}): ${r.stderr.trim()}`);
    return parseIpvsConnections(r.stdout);
  },
});
