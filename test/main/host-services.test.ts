// createHostServices against a temp data folder and temp files: files, exports, bundles, import,
// recent list, recovery slot, settings, and the error codes the UI relies on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, truncateSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHostServices } from '../../src-main/services/host-services';
import { BUNDLE_MARKER } from '../../src-main/services/bundle-dir';
import { MAX_INPUT_BYTES } from '../../src-main/services/plan-files';
import type { HostApi } from '../../src-main/api/contract';
import { fsError, toApiError } from '../../src-main/services/host-errors';

let tmp: string;
let dataDir: string;
let api: HostApi;

beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lvs-host-'));
  dataDir = path.join(tmp, 'data');
  api = createHostServices({ dataDir, host: 'web', version: '9.9.9' });
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as { code?: string }).code;
  }
  throw new Error('expected a rejection');
}

async function errorOf(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('app info and dialogs', () => {
  it('describes the web host and has no dialogs', async () => {
    expect(await api.getAppInfo()).toEqual({
      version: '9.9.9',
      platform: process.platform,
      host: 'web',
      dataDir,
      plainTextSecrets: false,
      secrets: { backend: 'session-only', warning: expect.stringContaining('session only') },
    });
    expect(await api.pickOpenPath('t', [])).toEqual({ supported: false });
    expect(await api.pickSavePath('t', 'a.yaml', [])).toEqual({ supported: false });
    expect(await api.pickFolder('t')).toEqual({ supported: false });
  });
});

describe('open and save', () => {
  it('opens a file with its mtime and saves it back atomically', async () => {
    const file = path.join(tmp, 'plan.yaml');
    writeFileSync(file, 'a: 1\n');
    const opened = await api.openFile(file);
    expect(opened).toEqual({ path: file, text: 'a: 1\n', mtimeMs: statSync(file).mtimeMs });
    const saved = await api.saveFile(file, 'a: 2\n', { expectedMtimeMs: opened.mtimeMs });
    expect(readFileSync(file, 'utf8')).toBe('a: 2\n');
    expect(saved).toEqual({ path: file, mtimeMs: statSync(file).mtimeMs });
    expect(readdirSync(tmp).sort()).toEqual(['data', 'plan.yaml']);
  });

  it('refuses to save over a file changed on disk since it was opened', async () => {
    const file = path.join(tmp, 'plan.yaml');
    writeFileSync(file, 'a: 1\n');
    const opened = await api.openFile(file);
    writeFileSync(file, 'edited elsewhere\n');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const err = await errorOf(api.saveFile(file, 'a: 2\n', { expectedMtimeMs: opened.mtimeMs }));
    expect(err.code).toBe('CHANGED_ON_DISK');
    expect(err.message).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe('edited elsewhere\n');
    // Without the expected time (the user chose to overwrite) it saves.
    await api.saveFile(file, 'a: 3\n');
    expect(readFileSync(file, 'utf8')).toBe('a: 3\n');
  });

  it('fails clearly when the folder is missing, and leaves no temp file', async () => {
    const file = path.join(tmp, 'missing', 'plan.yaml');
    const err = await errorOf(api.saveFile(file, 'x'));
    expect(err.code).toBe('ENOENT');
    expect(err.message).toContain(path.join(tmp, 'missing'));
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('keeps the mode of the file it replaces', async () => {
    const file = path.join(tmp, 'run.sh');
    writeFileSync(file, '#!/bin/sh\n', { mode: 0o750 });
    await api.saveFile(file, '#!/bin/sh\necho hi\n');
    expect(statSync(file).mode & 0o777).toBe(0o750);
  });

  it('reports ENOENT, EISDIR and TOO_LARGE with the path', async () => {
    const missing = path.join(tmp, 'nope.yaml');
    const e1 = await errorOf(api.openFile(missing));
    expect([e1.code, e1.message.includes(missing)]).toEqual(['ENOENT', true]);
    expect(await codeOf(api.openFile(tmp))).toBe('EISDIR');
    expect(await codeOf(api.saveFile(tmp, 'x'))).toBe('EISDIR');
    const big = path.join(tmp, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, MAX_INPUT_BYTES + 1);
    expect(await codeOf(api.openFile(big))).toBe('TOO_LARGE');
    expect(await codeOf(api.importConfig(big, 'ipvsadm-save'))).toBe('TOO_LARGE');
  });

  it.runIf(process.getuid?.() !== 0)('reports EACCES for an unreadable file', async () => {
    const file = path.join(tmp, 'secret.yaml');
    writeFileSync(file, 'x', { mode: 0o000 });
    expect(await codeOf(api.openFile(file))).toBe('EACCES');
  });

  it('names the path and keeps the system code in wrapped file errors', () => {
    const e = fsError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), 'open', '/srv/plan.yaml');
    expect([e.code, e.message, e.name]).toEqual(['EACCES', 'cannot open /srv/plan.yaml: permission denied', 'HostError']);
    expect(toApiError(e)).toEqual({ name: 'HostError', message: 'cannot open /srv/plan.yaml: permission denied', code: 'EACCES' });
    expect(toApiError('boom')).toEqual({ name: 'Error', message: 'boom' });
  });

  it('rejects arguments of the wrong type', async () => {
    expect(await codeOf(api.openFile(42 as unknown as string))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(api.saveFile(path.join(tmp, 'a'), undefined as unknown as string))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(api.saveFile(path.join(tmp, 'a'), 'x', { expectedMtimeMs: 'x' as unknown as number }))).toBe('INVALID_ARGUMENT');
  });
});

describe('exports and bundles', () => {
  it('writes text and base64 exports', async () => {
    const a = path.join(tmp, 'rules.txt');
    const b = path.join(tmp, 'diagram.png');
    expect((await api.writeExport(a, 'hello\n', 'utf8')).path).toBe(a);
    await api.writeExport(b, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]).toString('base64'), 'base64');
    expect(readFileSync(a, 'utf8')).toBe('hello\n');
    expect([...readFileSync(b)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    expect(await codeOf(api.writeExport(a, 'x', 'latin1' as 'utf8'))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(api.writeExport(path.join(tmp, 'no', 'x'), 'x', 'utf8'))).toBe('ENOENT');
  });

  it('replaces a bundle folder with exactly the given files', async () => {
    const dir = path.join(tmp, 'bundle');
    const r = await api.writeBundle(dir, [
      { relPath: 'lb-a/ipvsadm.rules', content: '-A\n', mode: 0o644 },
      { relPath: 'lb-a/apply.sh', content: '#!/bin/sh\n', mode: 0o755 },
    ]);
    expect(r).toEqual({ dir, count: 2 });
    expect(statSync(path.join(dir, 'lb-a/apply.sh')).mode & 0o777).toBe(0o755);
    await api.writeBundle(dir, [{ relPath: 'lb-b/x', content: 'y', mode: 0o600 }]);
    expect(readdirSync(dir).sort()).toEqual([BUNDLE_MARKER, 'lb-b']);
    expect(readdirSync(tmp).sort()).toEqual(['bundle']);
  });

  it('refuses a non-empty folder it did not write, and paths leaving the bundle', async () => {
    const home = path.join(tmp, 'home');
    mkdirSync(home);
    writeFileSync(path.join(home, 'notes.txt'), 'keep me');
    expect(await codeOf(api.writeBundle(home, [{ relPath: 'a', content: 'b', mode: 0o644 }]))).toBe('NOT_A_BUNDLE');
    expect(readFileSync(path.join(home, 'notes.txt'), 'utf8')).toBe('keep me');
    for (const relPath of ['../evil', '/etc/passwd', 'a/../../b', 'a//b', '']) {
      expect(await codeOf(api.writeBundle(path.join(tmp, 'b2'), [{ relPath, content: 'x', mode: 0o644 }]))).toBe('INVALID_ARGUMENT');
    }
    expect(existsSync(path.join(tmp, 'evil'))).toBe(false);
  });
});

describe('importConfig', () => {
  it('imports an ipvsadm-save file into plan YAML', async () => {
    const file = path.join(tmp, 'rules.save');
    writeFileSync(file, readFileSync('test/fixtures/ipvs/cluster.save'));
    const r = await api.importConfig(file, 'ipvsadm-save');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.planText).toContain('kind: ClusterPlan');
    expect(r.planText).toContain('10.0.0.100');
  });

  it('follows keepalived includes on the host', async () => {
    const dir = path.join(tmp, 'keepalived');
    mkdirSync(path.join(dir, 'conf.d'), { recursive: true });
    writeFileSync(path.join(dir, 'keepalived.conf'), 'global_defs {\n router_id lb-a\n}\ninclude conf.d/*.conf\n');
    writeFileSync(path.join(dir, 'conf.d', 'web.conf'), 'virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_algo wrr\n real_server 10.0.0.2 80 {\n weight 5\n }\n}\n');
    const r = await api.importConfig(path.join(dir, 'keepalived.conf'), 'keepalived');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.planText).toContain('10.0.0.2');
    expect(r.planText).toContain('lb-a');
  });

  it('returns the diagnostics of a bad file instead of throwing, and throws ENOENT for a missing one', async () => {
    const file = path.join(tmp, 'bad.save');
    writeFileSync(file, '-A -t 10.0.0.1:80 -s nosuchsched\n-x what\n');
    const r = await api.importConfig(file, 'ipvsadm-save');
    expect(r.planText).toBeUndefined();
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(await codeOf(api.importConfig(path.join(tmp, 'none.conf'), 'keepalived'))).toBe('ENOENT');
    expect(await codeOf(api.importConfig(file, 'nginx' as 'keepalived'))).toBe('INVALID_ARGUMENT');
  });
});

describe('recent files', () => {
  it('lists most recent first, without duplicates, at most ten, dropping files that are gone', async () => {
    const files = Array.from({ length: 12 }, (_, i) => path.join(tmp, `p${i}.yaml`));
    for (const f of files) writeFileSync(f, 'x');
    for (const f of files) await api.openFile(f);
    await api.openFile(files[3]!);
    await api.saveFile(files[5]!, 'y');
    await api.openFile(files[0]!, { recent: false });
    let list = await api.listRecent();
    expect(list.map((r) => path.basename(r.path))).toEqual(['p5.yaml', 'p3.yaml', 'p11.yaml', 'p10.yaml', 'p9.yaml', 'p8.yaml', 'p7.yaml', 'p6.yaml', 'p4.yaml', 'p2.yaml']);
    expect(list[0]).toMatchObject({ path: files[5], name: 'p5.yaml' });
    expect(Number.isNaN(Date.parse(list[0]!.openedAt))).toBe(false);
    rmSync(files[3]!);
    list = await api.listRecent();
    expect(list.map((r) => r.name)).not.toContain('p3.yaml');
    expect(list).toHaveLength(9);
  });

  it('keeps every entry when files are opened at the same time', async () => {
    const files = Array.from({ length: 5 }, (_, i) => path.join(tmp, `c${i}.yaml`));
    for (const f of files) writeFileSync(f, 'x');
    await Promise.all(files.map((f) => api.openFile(f)));
    expect((await api.listRecent()).map((r) => r.name).sort()).toEqual(files.map((f) => path.basename(f)));
  });

  it('treats a corrupt recent file as empty', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'recent.json'), '{"files": [ broken');
    expect(await api.listRecent()).toEqual([]);
    const f = path.join(tmp, 'a.yaml');
    writeFileSync(f, 'x');
    await api.openFile(f);
    expect((await api.listRecent()).map((r) => r.path)).toEqual([f]);
  });
});

describe('recovery', () => {
  it('round-trips one slot and clears it', async () => {
    expect(await api.readRecovery()).toBeUndefined();
    await api.autosave({ text: 'draft 1', savedAt: '2026-01-01T00:00:00.000Z' });
    await api.autosave({ path: '/x/plan.yaml', text: 'draft 2', savedAt: '2026-01-01T00:01:00.000Z' });
    expect(await api.readRecovery()).toEqual({ path: '/x/plan.yaml', text: 'draft 2', savedAt: '2026-01-01T00:01:00.000Z' });
    expect(readdirSync(dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(statSync(path.join(dataDir, 'recovery.json')).mode & 0o777).toBe(0o600);
    await api.clearRecovery();
    expect(await api.readRecovery()).toBeUndefined();
    await api.clearRecovery();
    expect(await codeOf(api.autosave({ text: 5 } as unknown as { text: string; savedAt: string }))).toBe('INVALID_ARGUMENT');
  });

  it('reads a corrupt slot as no recovery', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'recovery.json'), 'not json');
    expect(await api.readRecovery()).toBeUndefined();
  });
});

describe('settings', () => {
  it('has defaults, stores valid values, rejects invalid ones', async () => {
    expect(await api.getSettings()).toEqual({ lang: 'en', theme: 'light' });
    expect(await api.setSettings({ lang: 'zh', theme: 'dark' })).toEqual({ lang: 'zh', theme: 'dark' });
    expect(await createHostServices({ dataDir, host: 'web', version: '1' }).getSettings()).toEqual({ lang: 'zh', theme: 'dark' });
    expect(await codeOf(api.setSettings({ lang: 'fr', theme: 'dark' } as unknown as { lang: 'en'; theme: 'dark' }))).toBe('INVALID_ARGUMENT');
    expect(await api.getSettings()).toEqual({ lang: 'zh', theme: 'dark' });
  });

  it('treats a corrupt or partly invalid settings file as defaults', async () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, 'settings.json'), '{{{');
    expect(await api.getSettings()).toEqual({ lang: 'en', theme: 'light' });
    writeFileSync(path.join(dataDir, 'settings.json'), '{"lang":"zh","theme":"purple"}');
    expect(await api.getSettings()).toEqual({ lang: 'zh', theme: 'light' });
  });
});
