import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadPlanText } from '../../src-core/model/load';
import { renderKeepalivedConf } from '../../src-core/render/keepalived';

it('floating addresses go on the interface whose network holds them', () => {
  const doc = readFileSync('docs/plan-format.md', 'utf8');
  const text = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('full-example'))!;
  const conf = renderKeepalivedConf(loadPlanText(text, 'full').plan!, 'lb2');
  expect(conf).toContain('        203.0.113.10/32 dev eth0\n');
  expect(conf).toContain('        10.10.0.1/24 dev eth1\n');
  expect(conf).toContain('        2001:db8:1::80/128 dev eth2\n');
  expect(conf).toContain('    state BACKUP\n');
});
