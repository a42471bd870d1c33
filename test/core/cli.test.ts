import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { runCli } from '../../src-main/cli/main';
import { serializePlan } from '../../src-core/model/load';
import { demoDrPlan } from '../../src-core/templates/demo-dr';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lvs-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => (out += s), err: (s) => (err += s) }, { LANG: 'C' });
  return { code, out, err };
}

function planFile(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('lvs-studio CLI', () => {
  it('validates the demo plan with exit 0 and JSON output', async () => {
    const f = planFile('demo.yaml', serializePlan(demoDrPlan()));
    const r = await run('validate', f, '--json');
    expect(r.code).toBe(0);
    const diags = JSON.parse(r.out) as { severity: string }[];
    expect(diags.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('exits 1 with located errors when the plan has errors', async () => {
    const plan = demoDrPlan();
    plan.spec.services[0]!.realServers[0]!.host = 'nope';
    const text = serializePlan(plan);
    const f = planFile('bad.yaml', text);
    const r = await run('validate', f);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error `));
    const zh = await run('validate', f, '--lang', 'zh');
    expect(zh.err).toMatch(/[\u4e00-\u9fff]/);
  });

  it('exits 2 with file:line:col for a syntax error, and for usage errors, without a stack trace', async () => {
    const f = planFile('syntax.yaml', 'apiVersion: lvs-studio.io/v1\nkind: ClusterPlan\nmetadata: {name: [x\n');
    const r = await run('validate', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${f}:`);
    for (const args of [['frobnicate'], ['validate'], ['export', f, '--format', 'nope'], ['validate', path.join(dir, 'missing.yaml')], ['validate', f, '--bogus'], ['import', f, '--from', 'nope']]) {
      const u = await run(...args);
      expect(u.code, args.join(' ')).toBe(2);
      expect(u.err).not.toMatch(/\n\s+at /);
    }
  });

  it('exports ipvsadm-save to stdout and to a file atomically', async () => {
    const f = planFile('demo2.yaml', serializePlan(demoDrPlan()));
    const r = await run('export', f, '--format', 'ipvsadm-save');
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        '-A -t 192.168.10.100:80 -s wlc -p 300',
        '-a -t 192.168.10.100:80 -r 192.168.10.11:80 -g -w 1',
        '-a -t 192.168.10.100:80 -r 192.168.10.12:80 -g -w 1',
        '-a -t 192.168.10.100:80 -r 192.168.10.13:80 -g -w 2',
        '-A -t 192.168.10.100:443 -s wlc -p 300',
        '-a -t 192.168.10.100:443 -r 192.168.10.11:443 -g -w 1',
        '-a -t 192.168.10.100:443 -r 192.168.10.12:443 -g -w 1',
        '-a -t 192.168.10.100:443 -r 192.168.10.13:443 -g -w 2',
        '',
      ].join('\n'),
    );
    const out = path.join(dir, 'rules.txt');
    expect((await run('export', f, '--format', 'ipvsadm-save', '--out', out)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.out);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a bundle folder per host, replacing an old bundle whole', async () => {
    const f = planFile('demo3.yaml', serializePlan(demoDrPlan()));
    const out = path.join(dir, 'bundle');
    expect((await run('export', f, '--format', 'bundle', '--out', out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['director-1', 'web-1', 'web-2', 'web-3']);
    const script = path.join(out, 'director-1', 'lvs-studio-director.sh');
    expect(statSync(script).mode & 0o777).toBe(0o755);
    expect(readdirSync(path.join(out, 'web-1'))).toContain('lvs-studio-realserver.sh');
    writeFileSync(path.join(out, 'stale.txt'), 'old');
    expect((await run('export', f, '--format', 'bundle', '--out', out)).code).toBe(0);
    expect(existsSync(path.join(out, 'stale.txt'))).toBe(false);
  });

  it('refuses to export a plan with errors unless forced', async () => {
    const plan = demoDrPlan();
    plan.spec.services[0]!.port = 0;
    const f = planFile('err.yaml', serializePlan(plan));
    const r = await run('export', f, '--format', 'ipvsadm-save');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
  });

  it('imports ipvsadm-save text into a plan that exports back to the same rules', async () => {
    const rules = '-A -t 10.0.0.100:80 -s wrr\n-a -t 10.0.0.100:80 -r 10.0.0.7:80 -m -w 3\n-a -t 10.0.0.100:80 -r 10.0.0.17:80 -m -w 1\n';
    const rf = planFile('rules.save', rules);
    const imp = await run('import', rf, '--from', 'ipvsadm-save');
    expect(imp.code).toBe(0);
    const pf = planFile('imported.yaml', imp.out);
    const exp = await run('export', pf, '--format', 'ipvsadm-save', '--kernel-view', '--force');
    expect(exp.out).toBe(rules);
  });

  it('reports import parse errors with file, line and column, writing nothing', async () => {
    const rf = planFile('broken.save', '-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.256:80 -s rr\n');
    const out = path.join(dir, 'never.yaml');
    const r = await run('import', rf, '--from', 'ipvsadm-save', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${rf}:2:`);
    expect(existsSync(out)).toBe(false);
  });

  it('prints a JSON Schema that describes the plan', async () => {
    const r = await run('schema');
    const schema = JSON.parse(r.out) as { properties: Record<string, unknown>; $id: string };
    expect(schema.$id).toContain('plan-v1');
    expect(Object.keys(schema.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'layout']);
  });

  it('runs as the installed bin with the documented exit codes', () => {
    const bin = path.resolve('bin/lvs-studio.mjs');
    if (!existsSync(path.resolve('out/cli/lvs-studio.mjs'))) execFileSync('node', ['scripts/build-cli.mjs']);
    const f = planFile('bin.yaml', serializePlan(demoDrPlan()));
    const ok = spawnSync('node', [bin, 'validate', f], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = spawnSync('node', [bin, 'nonsense'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command');
  });
});
