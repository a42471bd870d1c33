import { expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { renderDiagnosticsDoc } from '../../src-core/validate/docs';

it('docs/diagnostics.md lists every rule (UPDATE_DOCS=1 regenerates it)', () => {
  const text = renderDiagnosticsDoc();
  if (process.env.UPDATE_DOCS) writeFileSync('docs/diagnostics.md', text);
  expect(readFileSync('docs/diagnostics.md', 'utf8')).toBe(text);
});
