import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compilePlan } from '../../src-core/compile/compile';
import { loadPlanText } from '../../src-core/model/load';
import type { Plan } from '../../src-core/model/plan-schema';
import { TEMPLATES } from '../../src-core/templates/index';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { generatePlan } from '../../bench/gen-plan';

function fullExample(): Plan {
  const doc = readFileSync('docs/plan-format.md', 'utf8');
  const text = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('full-example'))!;
  return loadPlanText(text, 'full').plan!;
}

const plans: [string, Plan][] = [
  ['demo DR', demoDrPlan()],
  ['full example', fullExample()],
  ['generated 20 services', generatePlan({ services: 20, realServersPerService: 4, pool: 30 })],
  ...TEMPLATES.filter((t) => t.id !== 'empty').map((t): [string, Plan] => [`template ${t.id}`, t.create()]),
];

describe('compilePlan onlyHosts', () => {
  it.each(plans)('%s: each host compiled alone equals its state in the whole plan', (_name, plan) => {
    const full = compilePlan(plan);
    expect(full.hosts.length).toBeGreaterThan(0);
    for (const state of full.hosts) {
      expect(compilePlan(plan, { onlyHosts: new Set([state.hostId]) }).hosts).toEqual([state]);
    }
  });

  it('keeps the plan order for several hosts and leaves unknown ids out', () => {
    const plan = fullExample();
    const full = compilePlan(plan);
    const ids = full.hosts.map((h) => h.hostId);
    const pick = new Set([ids[ids.length - 1]!, ids[0]!, 'no-such-host']);
    expect(compilePlan(plan, { onlyHosts: pick }).hosts).toEqual(full.hosts.filter((h) => pick.has(h.hostId)));
    expect(compilePlan(plan, { onlyHosts: new Set() }).hosts).toEqual([]);
  });
});
