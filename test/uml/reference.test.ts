// Self-check of the UML harness: replays the cases of the reference document (measured on real
// kernels; parsed by test/support/reference-cases.ts) in one UML boot and requires the documented
// `ipvsadm -Sn` output and error messages byte for byte; for the "cat rules / ipvsadm-restore"
// cases also the exit status, and for the two -Ln --thresholds blocks the threshold listing.
import { beforeAll, describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { loadReferenceBlocks } from '../support/reference-cases';
import { runIpvsCases, UML_BINARY, type IpvsCase, type IpvsCaseResult } from './harness';
import { loadReferenceRestoreExits, loadReferenceThresholdCases } from './reference-extract';

const blocks = loadReferenceBlocks() ?? [];
const cases = blocks.flatMap((b) => b.cases).map((c) => ({ ...c, key: `${c.id}@${c.line}` }));
const exits = loadReferenceRestoreExits();
const thresholdCases = loadReferenceThresholdCases();
const enabled = needTools(UML_BINARY, 'ipvsadm', 'ipvsadm-restore', 'busybox') && needRoot();

describe.skipIf(!enabled)('UML harness reproduces the reference transcript', () => {
  let results: Map<string, IpvsCaseResult>;

  beforeAll(async () => {
    const runs: IpvsCase[] = [
      // the first run goes through ipvsadm-restore (which clears the table), the rest through ipvsadm -R
      ...cases.map((c) => ({ id: c.key, rules: c.runs[0] ?? '', more: c.runs.slice(1) })),
      ...thresholdCases.map((c) => ({ id: `thresholds:${c.id}`, rules: c.rules, thresholds: true })),
    ];
    results = await runIpvsCases(runs, {
      thresholds: false,
      onTimings: (t) => console.log(`UML reference run: ${runs.length} cases, boot ${t.bootMs} ms, ${t.perCaseMs.toFixed(0)} ms/case, total ${t.totalMs} ms`),
    });
  }, 240_000);

  it('has the appendix cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(125);
    expect(exits.size).toBeGreaterThanOrEqual(120);
    expect(thresholdCases.map((c) => c.id)).toEqual(['EX1L', 'E-edit-reset-L']);
  });

  it.each(cases.map((c) => [c.key, c] as const))('%s', (key, c) => {
    const r = results.get(key)!;
    const got: { save: string; errors: string[]; exit?: number } = { save: r.save, errors: r.stderr.split('\n').filter((l) => l !== '') };
    const want: typeof got = { save: c.expected, errors: c.errors };
    // "$ cat rules / $ ipvsadm-restore < rules / [exit N]" blocks also document the exit status
    const exit = c.runs.length === 1 ? exits.get(c.id) : undefined;
    if (exit !== undefined && exit.rules === c.runs[0]) {
      got.exit = r.exitCode;
      want.exit = exit.code;
    }
    expect(got, `rules:\n${c.runs.join('--- ipvsadm -R ---\n')}`).toEqual(want);
  });

  it.each(thresholdCases.map((c) => [c.id, c] as const))('thresholds %s', (_id, c) => {
    const r = results.get(`thresholds:${c.id}`)!;
    expect(r.stderr).toBe('');
    expect(r.thresholds).toBe(c.expectedThresholds);
    if (c.expectedSave !== undefined) expect(r.save).toBe(c.expectedSave);
  });
});
