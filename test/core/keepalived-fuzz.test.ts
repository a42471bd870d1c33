// Fuzzing the keepalived importer: thousands of mutated configurations (braces deleted or
// duplicated, random tokens, truncations, include loops). It must never throw or hang, always
// return a plan that fits the schema, and put every diagnostic inside the input it read.
import { Value } from '@sinclair/typebox/value';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importKeepalived } from '../../src-core/import/keepalived';
import { Plan as PlanSchema } from '../../src-core/model/plan-schema';
import { mutate, rng } from '../fixtures/keepalived/mutate';
import { KEEPALIVED_FIXTURES } from '../fixtures/keepalived/plans';

function seeds(): string[] {
  const out: string[] = [];
  for (const sub of ['golden', 'samples']) {
    const dir = path.join(KEEPALIVED_FIXTURES, sub);
    for (const f of readdirSync(dir).sort()) if (f.includes('.conf')) out.push(readFileSync(path.join(dir, f), 'utf8'));
  }
  return out;
}

describe('keepalived importer fuzz', () => {
  it('survives 3000 mutated configurations with every diagnostic located inside its input', () => {
    const r = rng(Number(process.env.KEEPALIVED_FUZZ_SEED ?? 20261122));
    const base = seeds();
    expect(base.length).toBeGreaterThan(10);
    const MAIN = '/etc/keepalived/keepalived.conf';
    const OTHER = '/etc/keepalived/a.conf';
    let errors = 0;
    const started = Date.now();
    for (let i = 0; i < 3000; i++) {
      const files: Record<string, string> = {
        [MAIN]: mutate(base[Math.floor(r() * base.length)]!, r),
        [OTHER]: mutate(base[Math.floor(r() * base.length)]!, r),
      };
      const t0 = Date.now();
      const res = importKeepalived(MAIN, (p) => files[p], { listFiles: () => [MAIN, OTHER, '/etc/keepalived/dir'] });
      expect(Date.now() - t0).toBeLessThan(2000);
      const planErrors = [...Value.Errors(PlanSchema, res.plan)].map((e) => `${e.path}: ${e.message}`);
      if (planErrors.length > 0) throw new Error(`case ${i}: plan does not fit the schema: ${planErrors.slice(0, 3).join('; ')}\n${files[MAIN]}`);
      for (const d of res.diagnostics) {
        const loc = d.location;
        if (!loc) throw new Error(`case ${i}: ${d.code} has no location`);
        const text = files[loc.file];
        if (text === undefined) throw new Error(`case ${i}: ${d.code} points at unknown file ${loc.file}`);
        const lines = text.split('\n');
        const line = lines[loc.line - 1];
        if (line === undefined || loc.column < 1 || loc.column > line.length + 1) {
          throw new Error(`case ${i}: ${d.code} at ${loc.line}:${loc.column} is outside the input (${lines.length} lines)`);
        }
        expect(d.message.en).not.toMatch(/\{\w+\}/);
        if (d.severity === 'error') errors++;
      }
    }
    // The mutations do break things: the fuzzer is not just feeding valid files.
    expect(errors).toBeGreaterThan(1000);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
