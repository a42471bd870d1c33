// The importer against keepalived 2.2's own config test on mutated configurations: what keepalived
// rejects with a syntax complaint the importer must flag too, and the importer's errors must not
// appear on files keepalived accepts cleanly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importKeepalived } from '../../src-core/import/keepalived';
import { mutate, rng } from '../fixtures/keepalived/mutate';
import { KEEPALIVED_FIXTURES } from '../fixtures/keepalived/plans';
import { needTools } from '../support/tools';

const haveKeepalived = needTools('keepalived');
const work = mkdtempSync(path.join(tmpdir(), 'lvs-keepalived-import-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function configTest(file: string): { status: number | null; output: string } {
  const pid = (n: string) => path.join(work, `${n}.pid`);
  const r = spawnSync(
    'keepalived',
    ['--config-test', '--use-file', file, '--dont-fork', '--log-console', '--pid', pid('main'), '--vrrp_pid', pid('vrrp'), '--checkers_pid', pid('checkers'), '--bfd_pid', pid('bfd')],
    { encoding: 'utf8', timeout: 30_000, cwd: work },
  );
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

describe.skipIf(!haveKeepalived)('importer vs keepalived -t', () => {
  it('agrees with keepalived on mutated golden files', () => {
    const dir = path.join(KEEPALIVED_FIXTURES, 'golden');
    const base = readdirSync(dir).sort().map((f) => readFileSync(path.join(dir, f), 'utf8'));
    const r = rng(Number(process.env.KEEPALIVED_FUZZ_SEED ?? 7));
    let accepted = 0;
    let rejected = 0;
    let unknownChecked = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 150; i++) {
      const text = mutate(base[i % base.length]!, r);
      const file = path.join(work, `m${i}.conf`);
      writeFileSync(file, text);
      const ka = configTest(file);
      const ours = importKeepalived(file, (p) => (p === file ? text : undefined));
      // keepalived -t does not look at interface names (it checks them when it starts); the plan
      // only holds kernel-valid names, so a mangled one is an error for us alone.
      const errors = ours.diagnostics.filter((d) => d.severity === 'error' && !d.message.en.includes('expected one of an interface name'));
      const flagged = ours.diagnostics.filter((d) => d.severity === 'error' || d.code === 'KA_UNKNOWN_KEYWORD');
      if (ka.status === 0 && ka.output === '') {
        accepted++;
        if (errors.length > 0) disagreements.push(`#${i} keepalived accepts, we say ${errors.map((d) => `${d.code}@${d.location?.line}`).join(' ')}`);
      } else {
        rejected++;
        const syntax = /Unknown keyword|missing '\}'|extra '[{}]'|unexpected '[{}]'/i.test(ka.output);
        if (syntax && flagged.length === 0) disagreements.push(`#${i} keepalived: ${ka.output.split('\n')[0]}; we report nothing`);
        // Where keepalived first meets a keyword it does not know, we have said something already
        // (after that the two recover differently: keepalived reads the rest of a broken block in the
        // wrong context, we skip it).
        const first = /\((?:\S*\/)?m\d+\.conf: Line (\d+)\) Unknown keyword '([^']*)'/.exec(ka.output);
        if (first) {
          unknownChecked++;
          const line = Number(first[1]);
          if (!ours.diagnostics.some((d) => d.location!.line <= line)) disagreements.push(`#${i} line ${line}: keepalived does not know '${first[2]}', we report nothing up to there`);
        }
      }
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(5);
    expect(rejected).toBeGreaterThan(50);
    expect(unknownChecked).toBeGreaterThan(30);
  }, 120_000);
});
