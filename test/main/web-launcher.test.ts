// The real launcher process (out/web/web.mjs): one URL line with the token on stdout, the page
// answers, and SIGTERM ends it with exit code 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { defaultDataDir } from '../../src-main/web/main-options';

const bundle = path.resolve('out/web/web.mjs');
let tmp: string;

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  const sources = Math.max(newestSource('src-main/web'), newestSource('src-main/services'), newestSource('src-main/api'));
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) execFileSync('node', ['scripts/build-cli.mjs'], { stdio: 'ignore' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lvs-launch-'));
  mkdirSync(path.join(tmp, 'renderer'));
  writeFileSync(path.join(tmp, 'renderer', 'index.html'), '<!doctype html><title>launcher test</title>');
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run web launcher', () => {
  it('prints exactly one URL line, serves the page and the API, exits 0 on SIGTERM', async () => {
    const dataDir = path.join(tmp, 'data');
    const child = spawn('node', [bundle, '--port', '0', '--data-dir', dataDir, '--renderer-dir', path.join(tmp, 'renderer')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`launcher exited ${code}: ${stderr}`)));
    });
    expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    const url = new URL(line);
    const page = await fetch(line);
    expect(await page.text()).toContain('launcher test');
    const info = await fetch(new URL('/api/getAppInfo', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lvs-token': url.searchParams.get('token')! },
      body: '{"args":[]}',
    });
    expect(await info.json()).toMatchObject({ ok: true, value: { host: 'web', dataDir } });
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = (await exited) as [number | null, string | null];
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(stdout).toBe(`${line}\n`);
  });

  it('also exits 0 on SIGINT', async () => {
    const child = spawn('node', [bundle, '--data-dir', path.join(tmp, 'data3'), '--renderer-dir', path.join(tmp, 'renderer')], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    expect(await exited).toEqual([0, null]);
  });

  it('refuses a bad port with a message on stderr and nothing on stdout', () => {
    let err: { status?: number; stdout?: Buffer; stderr?: Buffer } = {};
    try {
      execFileSync('node', [bundle, '--port', 'abc', '--data-dir', path.join(tmp, 'd2'), '--renderer-dir', path.join(tmp, 'renderer')], { stdio: 'pipe' });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.status).toBe(2);
    expect(err.stdout?.toString()).toBe('');
    expect(err.stderr?.toString()).toContain('--port');
  });

  it('defaults the data folder to XDG_CONFIG_HOME or ~/.config', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/lvs-studio');
    expect(defaultDataDir({ XDG_CONFIG_HOME: 'relative' })).toBe(path.join(os.homedir(), '.config', 'lvs-studio'));
    expect(defaultDataDir({})).toBe(path.join(os.homedir(), '.config', 'lvs-studio'));
  });
});
