import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../src-core/templates';
import { checkPlanValue } from '../../src-core/model/load';
import { validatePlan } from '../../src-core/validate/validate';
import { compilePlan } from '../../src-core/compile/compile';
import { renderBundle } from '../../src-core/render/bundle';

describe('templates', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('%s fits the schema, validates without errors and renders', (_id, t) => {
    const plan = t.create();
    expect(checkPlanValue(plan, t.id).diagnostics).toEqual([]);
    expect(validatePlan(plan).filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message.en}`)).toEqual([]);
    expect(renderBundle(plan, compilePlan(plan)).length).toBeGreaterThan(t.id === 'empty' ? -1 : 2);
    expect(t.create()).not.toBe(plan);
  });
});
