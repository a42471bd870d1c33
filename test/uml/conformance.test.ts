// Conformance of the compiler + ipvsadm-save renderer with the real kernel: every plan of
// test/fixtures/uml/corpus is loaded and compiled; each director's rules (with thresholds) are
// restored in UML with the real ipvsadm-restore. The restore must print nothing, the kernel's
// `ipvsadm -Sn` must equal renderIpvsadmSave(table) byte for byte, and the thresholds shown by
// `ipvsadm -Ln --thresholds` must be those of the table.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { runIpvsCases, UML_BINARY, type IpvsCaseResult } from './harness';
import { loadPlanText } from '../../src-core/model/load';
import { compilePlan } from '../../src-core/compile/compile';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import type { IpvsTable } from '../../src-core/ipvs/types';

const CORPUS = new URL('../fixtures/uml/corpus/', import.meta.url).pathname;

interface DirectorCase {
  id: string;
  table: IpvsTable;
  rules: string;
  expectedSave: string;
}

function corpusCases(): DirectorCase[] {
  const out: DirectorCase[] = [];
  for (const f of readdirSync(CORPUS).filter((n) => n.endsWith('.yaml')).sort()) {
    const loaded = loadPlanText(readFileSync(join(CORPUS, f), 'utf8'), f);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (!loaded.plan || errors.length) throw new Error(`${f}: ${errors.map((d) => d.message.en).join('; ')}`);
    for (const host of compilePlan(loaded.plan).hosts) {
      if (host.ipvs.services.length === 0) continue;
      out.push({
        id: `${f}:${host.hostId}`,
        table: host.ipvs,
        rules: renderIpvsadmSave(host.ipvs, { thresholds: true }),
        expectedSave: renderIpvsadmSave(host.ipvs),
      });
    }
  }
  return out;
}

/** [upper, lower] of each real server in `ipvsadm -Ln --thresholds` order. */
function kernelThresholds(listing: string): [number, number][] {
  return listing
    .split('\n')
    .filter((l) => /^ {2}-> \S+ +\d/.test(l))
    .map((l) => {
      const f = l.trim().split(/\s+/);
      return [Number(f[2]), Number(f[3])];
    });
}

/** [upper, lower] of each -a line of our rendering with thresholds (absent = 0 0). */
function renderedThresholds(rules: string): [number, number][] {
  return rules
    .split('\n')
    .filter((l) => l.startsWith('-a '))
    .map((l) => [Number(/ -x (\d+)/.exec(l)?.[1] ?? 0), Number(/ -y (\d+)/.exec(l)?.[1] ?? 0)]);
}

const enabled = needTools(UML_BINARY, 'ipvsadm', 'ipvsadm-restore', 'busybox') && needRoot();
const cases = enabled ? corpusCases() : [];

describe.skipIf(!enabled)('compiled plans restore in the real kernel exactly as rendered', () => {
  let results: Map<string, IpvsCaseResult>;

  beforeAll(async () => {
    results = await runIpvsCases(
      cases.map((c) => ({ id: c.id, rules: c.rules })),
      { onTimings: (t) => console.log(`UML conformance run: ${cases.length} directors, boot ${t.bootMs} ms, ${t.perCaseMs.toFixed(0)} ms/case, total ${t.totalMs} ms`) },
    );
  }, 180_000);

  it('covers every scheduler of the UML kernel, every forwarding and tunnel type', () => {
    const services = cases.flatMap((c) => c.table.services);
    const dests = services.flatMap((s) => s.destinations);
    expect(new Set(services.map((s) => s.scheduler))).toEqual(new Set(['rr', 'wrr', 'lc', 'wlc', 'sed', 'nq', 'lblc', 'lblcr', 'dh', 'sh', 'fo', 'ovf', 'mh']));
    expect(new Set(services.map((s) => `${s.family}/${s.protocol}`))).toEqual(
      new Set(['ipv4/tcp', 'ipv4/udp', 'ipv4/sctp', 'ipv4/fwmark', 'ipv6/tcp', 'ipv6/udp', 'ipv6/sctp', 'ipv6/fwmark']),
    );
    expect(new Set(dests.map((d) => (d.forward === 'tunnel' ? `tunnel/${d.tunType}/${d.tunCsum ?? '-'}` : d.forward)))).toEqual(
      new Set(['masq', 'route', 'tunnel/ipip/-', 'tunnel/gue/nocsum', 'tunnel/gue/csum', 'tunnel/gue/remcsum', 'tunnel/gre/nocsum', 'tunnel/gre/csum']),
    );
    expect(services.some((s) => s.pe === 'sip')).toBe(true);
    expect(services.some((s) => s.onePacket && s.protocol === 'fwmark' && s.family === 'ipv6')).toBe(true);
    expect(services.some((s) => s.netmask === '64')).toBe(true);
    expect(dests.some((d) => d.weight === 0)).toBe(true);
    expect(dests.some((d) => d.upperThreshold > 0 && d.lowerThreshold > 0)).toBe(true);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const r = results.get(id)!;
    const context = `${id}\n--- restored rules ---\n${c.rules}`;
    expect(r.stderr, context).toBe('');
    expect(r.save, context).toBe(c.expectedSave);
    expect(kernelThresholds(r.thresholds), `${context}--- -Ln --thresholds ---\n${r.thresholds}`).toEqual(renderedThresholds(c.rules));
  });
});
