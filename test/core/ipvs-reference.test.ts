// Golden conformance: every `ipvsadm -Sn` of the reference transcript (real ipvsadm 1.31 + kernel
// 6.1) against parseIpvsadmRules + renderIpvsadmSave, byte for byte, with the same error texts.
import { describe, expect, it } from 'vitest';
import { applyIpvsadmRules } from '../../src-core/ipvs/parse-rules';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import type { IpvsTable } from '../../src-core/ipvs/types';
import { loadReferenceBlocks, type ReferenceCase } from '../support/reference-cases';

const blocks = loadReferenceBlocks();

/** Cases whose -Sn order the reference itself calls non-deterministic (non-transitive comparator over kernel hash order). */
export const NONDETERMINISTIC = new Set<string>([]);

export function replay(c: ReferenceCase): { table: IpvsTable; errors: string[] } {
  let table: IpvsTable = { services: [] };
  const errors: string[] = [];
  for (const run of c.runs) {
    const r = applyIpvsadmRules(table, run, `${c.id}.rules`);
    table = r.table;
    errors.push(...r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message.en));
  }
  return { table, errors };
}

describe('reference transcript', () => {
  it('is present and yields cases', () => {
    expect(blocks).toBeDefined();
    expect(blocks!.length).toBe(132);
  });
  const cases = (blocks ?? []).flatMap((b) => b.cases);
  for (const c of cases) {
    it.skipIf(NONDETERMINISTIC.has(c.id))(`${c.id} (line ${c.line}): ${c.title}`, () => {
      const { table, errors } = replay(c);
      expect(renderIpvsadmSave(table)).toBe(c.expected);
      expect(errors).toEqual(c.errors);
    });
  }
});
