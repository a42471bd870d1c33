// Self-check of the UML harness: replays every "restore a rules file, then -Sn" case of the
// reference document (measured on real kernels) in one UML boot and requires the documented
// `ipvsadm -Sn` output, error messages and exit status, byte for byte.
import { beforeAll, describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { runIpvsCases, UML_BINARY, type IpvsCaseResult } from './harness';
import { loadReferenceRestoreCases, loadReferenceThresholdCases } from './reference-extract';

const cases = loadReferenceRestoreCases();
const thresholdCases = loadReferenceThresholdCases();
const enabled = needTools(UML_BINARY, 'ipvsadm', 'ipvsadm-restore', 'busybox') && needRoot();

describe.skipIf(!enabled)('UML harness reproduces the reference transcript', () => {
  let results: Map<string, IpvsCaseResult>;

  beforeAll(async () => {
    results = await runIpvsCases(
      [
        ...cases.map((c) => ({ id: c.id, rules: c.rules })),
        ...thresholdCases.map((c) => ({ id: `thresholds:${c.id}`, rules: c.rules, thresholds: true })),
      ],
      {
        thresholds: false,
        onTimings: (t) =>
          console.log(`UML reference run: ${cases.length + thresholdCases.length} cases, boot ${t.bootMs} ms, ${t.perCaseMs.toFixed(0)} ms/case, total ${t.totalMs} ms`),
      },
    );
  }, 240_000);

  it('extracts the appendix cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(120);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('extracts the -Ln --thresholds cases', () => {
    expect(thresholdCases.map((c) => c.id)).toEqual(['EX1L', 'E-edit-reset-L']);
  });

  it.each(thresholdCases.map((c) => [c.id, c] as const))('thresholds %s', (_id, c) => {
    const r = results.get(`thresholds:${c.id}`)!;
    expect(r.stderr).toBe('');
    expect(r.thresholds).toBe(c.expectedThresholds);
    if (c.expectedSave !== undefined) expect(r.save).toBe(c.expectedSave);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const r = results.get(c.id)!;
    expect({ save: r.save, stderr: r.stderr, exit: r.exitCode }).toEqual({
      save: c.expectedSave,
      stderr: c.expectedStderr,
      exit: c.expectedExit,
    });
  });
});
