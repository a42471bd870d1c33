// The examples in docs/plan-format.md must stay true: they load, validate without errors, compile
// and render.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadPlanText } from '../../src-core/model/load';
import { validatePlan } from '../../src-core/validate/validate';
import { compilePlan } from '../../src-core/compile/compile';
import { renderBundle } from '../../src-core/render/bundle';
import { demoDrPlan } from '../../src-core/templates/demo-dr';

const doc = readFileSync('docs/plan-format.md', 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((b) => b.includes('spec:') && !b.includes('[...]'));

describe('docs/plan-format.md examples', () => {
  it('has the demo and the full example', () => {
    expect(blocks.length).toBe(2);
  });

  it('the first example is the built-in demo', () => {
    expect(loadPlanText(blocks[0]!, 'doc').plan).toEqual(demoDrPlan());
  });

  it.each(blocks.map((b, i) => [i, b] as const))('example %i loads, validates without errors and renders', (_i, text) => {
    const res = loadPlanText(text, 'docs/plan-format.md');
    expect(res.diagnostics).toEqual([]);
    const errors = validatePlan(res.plan!).filter((d) => d.severity === 'error');
    expect(errors.map((d) => `${d.code} ${d.target.path} ${d.message.en}`)).toEqual([]);
    const files = renderBundle(res.plan!, compilePlan(res.plan!));
    expect(files.length).toBeGreaterThan(3);
  });
});
