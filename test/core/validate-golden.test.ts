// Golden: a realistic plan with the mistakes operators make, and every diagnostic in both languages.
// Regenerate after a reviewed message change with UPDATE_GOLDEN=1.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { validatePlan } from '../../src-core/validate';
import { formatDiagnostic } from '../../src-core/validate/diagnostic';
import type { Plan } from '../../src-core/model/plan-schema';

const dir = new URL('../fixtures/validate/', import.meta.url);

test('shop plan: diagnostics in English and Chinese', () => {
  const plan = JSON.parse(readFileSync(new URL('shop.plan.json', dir), 'utf8')) as Plan;
  const lines = validatePlan(plan).flatMap((d) => [
    formatDiagnostic(d, 'en'),
    formatDiagnostic(d, 'zh'),
    ...(d.hint ? [`  hint: ${d.hint.en}`, `  提示: ${d.hint.zh}`] : []),
    ...(d.fix ? [`  fix: ${d.fix.edits.map((e) => `${e.path} = ${JSON.stringify(e.value)}`).join('; ')}`] : []),
  ]);
  const actual = lines.join('\n') + '\n';
  const golden = new URL('shop.expected.txt', dir);
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, actual);
  expect(actual).toBe(readFileSync(golden, 'utf8'));
});
