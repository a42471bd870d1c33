// Thousands of generated and mutated plans: loading, validation, compilation and rendering never
// throw or hang, and every rejection is located.
import { describe, expect, it } from 'vitest';
import { checkPlanValue, loadPlanText, serializePlan } from '../../src-core/model/load';
import { validatePlan } from '../../src-core/validate/validate';
import { compilePlan } from '../../src-core/compile/compile';
import { renderBundle } from '../../src-core/render/bundle';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { generatePlan } from '../../bench/gen-plan';
import type { Plan } from '../../src-core/model/plan-schema';
import { mulberry32 as prng } from '../support/prng';


const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

// Values that are valid for the schema's type but semantically hostile.
const STRINGS = ['', 'x', 'dir1', 'rs1', 'lan', 'ghost', '10.0.0.1', '192.168.10.100', '192.168.10.5', '::1', '2001:db8::1', '256.1.1.1', '10.0.0.0/8', '10.0.0.1/33', '255.255.255.0', '24', '0.0.0.0', 'eth0', 'lo', "a'b", '$(reboot)', '`id`', 'a b', 'ü', '\n', 'x'.repeat(300)];
const NUMBERS = [0, 1, -1, 2, 80, 65535, 65536, 2147483647, 4294967295, 1.5, 300, 2678400, 2678401];

function mutate(value: unknown, rnd: () => number, depth = 0): unknown {
  if (Array.isArray(value)) {
    const arr = value.map((v) => (rnd() < 0.3 ? mutate(v, rnd, depth + 1) : v));
    const r = rnd();
    if (r < 0.1 && arr.length > 0) arr.splice(Math.floor(rnd() * arr.length), 1);
    else if (r < 0.2 && arr.length > 0) arr.push(structuredClone(arr[Math.floor(rnd() * arr.length)]));
    return arr;
  }
  if (value && typeof value === 'object') {
    const obj = { ...(value as Record<string, unknown>) };
    for (const k of Object.keys(obj)) {
      const r = rnd();
      if (r < 0.04 && depth > 0) delete obj[k];
      else if (r < 0.35) obj[k] = mutate(obj[k], rnd, depth + 1);
    }
    return obj;
  }
  if (typeof value === 'string') return rnd() < 0.8 ? STRINGS[Math.floor(rnd() * STRINGS.length)] : value + String.fromCharCode(Math.floor(rnd() * 0x3000));
  if (typeof value === 'number') return NUMBERS[Math.floor(rnd() * NUMBERS.length)];
  if (typeof value === 'boolean') return !value;
  return value;
}

function checkSchemaValid(plan: Plan) {
  const diags = validatePlan(plan);
  for (const d of diags) {
    expect(typeof d.code).toBe('string');
    expect(d.message.en.length).toBeGreaterThan(0);
    expect(d.message.zh.length).toBeGreaterThan(0);
    expect(typeof d.target.path).toBe('string');
  }
  const compiled = compilePlan(plan);
  const files = renderBundle(plan, compiled);
  for (const f of files) expect(typeof f.content).toBe('string');
}

describe('plan fuzz', () => {
  const bases: Plan[] = [demoDrPlan(), generatePlan({ services: 3, realServersPerService: 4 })];

  it(`2,000 mutated plans (seed ${SEED}): no throw, located rejections`, () => {
    const rnd = prng(SEED);
    let accepted = 0;
    for (let i = 0; i < 2000; i++) {
      const base = bases[i % bases.length]!;
      const mutated = mutate(structuredClone(base), rnd) as Plan;
      const res = checkPlanValue(mutated, 'fuzz');
      if (res.plan) {
        accepted++;
        checkSchemaValid(res.plan);
      } else {
        expect(res.diagnostics.length).toBeGreaterThan(0);
      }
    }
    // The mutator must produce both kinds, or the test proves little.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(2000);
  });

  it(`500 mutated plan texts (seed ${SEED}): every rejection has a file, line and column`, () => {
    const rnd = prng(SEED + 1);
    const text = serializePlan(demoDrPlan());
    const lines = text.split('\n').length;
    for (let i = 0; i < 500; i++) {
      const mutated = serializePlan(mutate(structuredClone(demoDrPlan()), rnd) as Plan);
      const res = loadPlanText(i % 2 ? mutated : mutated.slice(0, Math.floor(rnd() * mutated.length)), 'f.yaml');
      if (res.plan) {
        checkSchemaValid(res.plan);
        continue;
      }
      for (const d of res.diagnostics.filter((x) => x.code !== 'plan.schema-truncated')) {
        expect(d.location, d.message.en).toBeDefined();
        expect(d.location!.line).toBeGreaterThanOrEqual(1);
        expect(d.location!.line).toBeLessThanOrEqual(lines + 200);
      }
    }
  });
});
