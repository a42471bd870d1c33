// The rendered keepalived.conf files pass keepalived 2.2's own config test (`keepalived -t`), which
// exits non-zero on any warning or error (unknown keyword, bad value, missing '}').
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderKeepalivedConf } from '../../src-core/render/keepalived';
import { fixturePlans, KEEPALIVED_FIXTURES } from '../fixtures/keepalived/plans';
import { needTools } from '../support/tools';

const haveKeepalived = needTools('keepalived');
const work = mkdtempSync(path.join(tmpdir(), 'lvs-keepalived-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** keepalived in config-test mode, in the foreground, logging to the console, with throwaway pid files. */
function configTest(text: string, name: string): { status: number | null; output: string } {
  const file = path.join(work, `${name}.conf`);
  writeFileSync(file, text);
  const pid = (n: string) => path.join(work, `${name}.${n}.pid`);
  const r = spawnSync(
    'keepalived',
    ['--config-test', '--use-file', file, '--dont-fork', '--log-console', '--pid', pid('main'), '--vrrp_pid', pid('vrrp'), '--checkers_pid', pid('checkers'), '--bfd_pid', pid('bfd')],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe.skipIf(!haveKeepalived)('keepalived -t accepts the rendered configuration', () => {
  for (const f of fixturePlans()) {
    for (const d of f.directors) {
      it(`${f.name} / ${d}`, () => {
        const text = renderKeepalivedConf(f.plan, d);
        const r = configTest(text, `${f.name}.${d}`);
        expect(r.output).toBe('');
        expect(r.status).toBe(0);
      });
    }
  }

  it('accepts the variants: nopreempt on both directors, a quoted router_id, equal priorities', () => {
    const base = fixturePlans().find((f) => f.name === 'ha-sync')!.plan;
    const plan = structuredClone(base);
    plan.spec.haPairs![0]!.vrrp.preempt = false;
    plan.spec.hosts[0]!.name = 'lb a (rack 1)';
    for (const d of ['lb1', 'lb2']) {
      const r = configTest(renderKeepalivedConf(plan, d), `variant-nopreempt.${d}`);
      expect(r.output).toBe('');
      expect(r.status).toBe(0);
    }
    const tie = structuredClone(base);
    tie.spec.haPairs![0]!.vrrp.priorities = { lb1: 100, lb2: 100 };
    delete tie.spec.haPairs![0]!.sync!.syncId;
    const masters = ['lb1', 'lb2'].map((d) => renderKeepalivedConf(tie, d));
    expect(masters.filter((t) => t.includes('state MASTER'))).toHaveLength(1);
    for (const [i, t] of masters.entries()) {
      const r = configTest(t, `variant-tie.${i}`);
      expect(r.output).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('the golden files are what keepalived accepted', () => {
    for (const f of fixturePlans()) {
      for (const d of f.directors) {
        const golden = readFileSync(path.join(KEEPALIVED_FIXTURES, 'golden', `${f.name}.${d}.conf`), 'utf8');
        expect(golden).toBe(renderKeepalivedConf(f.plan, d));
      }
    }
  });

  it('rejects a broken file, so the checks above can fail', () => {
    const good = renderKeepalivedConf(fixturePlans()[0]!.plan, 'lb1');
    const unknown = configTest(good.replace('lvs_sched wrr', 'lvs_sched wrr\n    no_such_keyword 1'), 'broken-keyword');
    expect(unknown.status).not.toBe(0);
    expect(unknown.output).toContain("Unknown keyword 'no_such_keyword'");
    const lastClose = good.lastIndexOf('}');
    const braces = configTest(good.slice(0, lastClose), 'broken-braces');
    expect(braces.status).not.toBe(0);
    expect(braces.output).toMatch(/missing '\}'/);
    const perServerKind = configTest(good.replace('weight 3', 'weight 3\n        lb_kind DR'), 'broken-lb-kind');
    expect(perServerKind.status).not.toBe(0);
  });
});
