// The local web host on a random port: static files of a temp renderer folder, the token-guarded
// API, the Host-header check, and that it listens on 127.0.0.1 only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, startWebHost, type WebHost } from '../../src-main/web/server';

let tmp: string;
let rendererDir: string;
let dataDir: string;
let web: WebHost;

beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lvs-web-'));
  rendererDir = path.join(tmp, 'renderer');
  dataDir = path.join(tmp, 'data');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>LVS Studio</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(rendererDir, 'assets', 'font.woff2'), 'w');
  writeFileSync(path.join(rendererDir, 'assets', 'x.wasm'), 'w');
  writeFileSync(path.join(tmp, 'secret.txt'), 'secret');
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
  web = await startWebHost({ port: 0, dataDir, rendererDir, version: '1.2.3' });
});

afterEach(async () => {
  await web.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A raw HTTP request (fetch cannot send a wrong Host header or an unnormalised path). */
function raw(method: string, urlPath: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, method, path: urlPath, headers: { host: `127.0.0.1:${web.port}`, ...headers } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** `token: null` sends no token header at all. */
function api(method: string, args: unknown[], token: string | null = web.token, extra: Record<string, string> = {}) {
  return raw('POST', `/api/${method}`, { 'content-type': 'application/json', ...(token === null ? {} : { 'x-lvs-token': token }), ...extra }, JSON.stringify({ args }));
}

describe('web host', () => {
  it('listens on 127.0.0.1 only, with a fresh 32-byte token', async () => {
    expect(web.address).toBe('127.0.0.1');
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/?token=${web.token}`);
    expect(web.origin).toBe(`http://127.0.0.1:${web.port}`);
    expect(web.token).toMatch(/^[0-9a-f]{64}$/);
    const other = await startWebHost({ dataDir, rendererDir, version: '1' });
    expect(other.token).not.toBe(web.token);
    expect(other.port).not.toBe(web.port);
    await other.close();
  });

  it('serves index.html and assets with types and security headers', async () => {
    const res = await fetch(web.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<title>LVS Studio</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("worker-src 'self' blob:");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const types: Record<string, string> = { 'app.js': 'text/javascript; charset=utf-8', 'app.css': 'text/css; charset=utf-8', 'font.woff2': 'font/woff2', 'x.wasm': 'application/wasm' };
    for (const [name, type] of Object.entries(types)) {
      const r = await fetch(`${web.origin}/assets/${name}`);
      expect([name, r.status, r.headers.get('content-type')]).toEqual([name, 200, type]);
    }
  });

  it('refuses traversal, symlinks out of the folder, directory listings and other methods', async () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/assets/..%5c..%5csecret.txt', '/assets/link.txt', '/assets/', '/assets', '/nope.js', '/%E0%A4%A']) {
      const r = await raw('GET', p);
      expect([p, r.status]).toEqual([p, 404]);
      expect(r.body).not.toContain('secret');
    }
    expect((await raw('DELETE', '/index.html')).status).toBe(405);
    expect((await raw('GET', '/favicon.ico')).status).toBe(204);
  });

  it('refuses a wrong Host header (DNS rebinding) on pages and the API', async () => {
    expect((await raw('GET', '/', { host: `evil.example:${web.port}` })).status).toBe(403);
    expect((await raw('GET', '/', { host: `127.0.0.1:${web.port + 1}` })).status).toBe(403);
    expect((await raw('GET', '/', { host: `localhost:${web.port}` })).status).toBe(200);
    const r = await api('setSettings', [{ lang: 'zh', theme: 'dark' }], web.token, { host: `attacker.test:${web.port}` });
    expect(r.status).toBe(403);
    expect(existsSync(path.join(dataDir, 'settings.json'))).toBe(false);
  });

  it('refuses API calls from another origin even with the token', async () => {
    const r = await api('setSettings', [{ lang: 'zh', theme: 'dark' }], web.token, { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(existsSync(path.join(dataDir, 'settings.json'))).toBe(false);
    const same = await api('getSettings', [], web.token, { origin: `http://127.0.0.1:${web.port}` });
    expect(same.status).toBe(200);
  });

  it('answers 403 without calling anything when the token is missing or wrong', async () => {
    for (const token of [null, '', 'x'.repeat(64), web.token.slice(0, 63)]) {
      const r = await api('setSettings', [{ lang: 'zh', theme: 'dark' }], token);
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(existsSync(path.join(dataDir, 'settings.json'))).toBe(false);
  });

  it('calls methods with the token and returns values and coded errors', async () => {
    const set = await api('setSettings', [{ lang: 'zh', theme: 'dark' }]);
    expect([set.status, JSON.parse(set.body)]).toEqual([200, { ok: true, value: { lang: 'zh', theme: 'dark' } }]);
    expect(JSON.parse((await api('getSettings', [])).body)).toEqual({ ok: true, value: { lang: 'zh', theme: 'dark' } });
    expect(JSON.parse((await api('getAppInfo', [])).body).value).toMatchObject({ host: 'web', version: '1.2.3', plainTextSecrets: false });
    const file = path.join(tmp, 'p.yaml');
    expect(JSON.parse((await api('saveFile', [file, 'a: 1\n'])).body)).toMatchObject({ ok: true, value: { path: file } });
    expect(JSON.parse((await api('openFile', [file])).body).value.text).toBe('a: 1\n');
    expect(JSON.parse((await api('autosave', [{ text: 't', savedAt: 'now' }])).body)).toEqual({ ok: true });
    const missing = JSON.parse((await api('openFile', [path.join(tmp, 'none.yaml')])).body);
    expect(missing).toMatchObject({ ok: false, error: { name: 'HostError', code: 'ENOENT' } });
    expect(missing.error.message).toContain('none.yaml');
  });

  it('answers 404 for unknown methods, 400 for bad bodies, 413 for huge ones', async () => {
    for (const m of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const r = await api(m, []);
      expect([m, r.status, JSON.parse(r.body).error.code]).toEqual([m, 404, 'UNKNOWN_METHOD']);
    }
    const bad = await raw('POST', '/api/getSettings', { 'content-type': 'application/json', 'x-lvs-token': web.token }, '{"args": 5}');
    expect(bad.status).toBe(400);
    const notJson = await raw('POST', '/api/getSettings', { 'content-type': 'text/plain', 'x-lvs-token': web.token }, '{"args": []}');
    expect(notJson.status).toBe(415);
    expect((await raw('GET', '/api/getSettings', { 'x-lvs-token': web.token })).status).toBe(405);
    // Declared too large: refused before the body is read.
    const head = await new Promise<string>((resolve, reject) => {
      const s = connect(web.port, '127.0.0.1', () => {
        s.write(`POST /api/autosave HTTP/1.1\r\nHost: 127.0.0.1:${web.port}\r\nContent-Type: application/json\r\nx-lvs-token: ${web.token}\r\nContent-Length: ${90 * 1024 * 1024}\r\n\r\n{`);
      });
      let data = '';
      s.on('data', (c) => (data += c.toString()));
      s.on('close', () => resolve(data));
      s.on('error', reject);
    });
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    // Streamed (chunked) over the limit.
    const big = await api('autosave', [{ text: 'x'.repeat(81 * 1024 * 1024), savedAt: 'now' }], web.token, { 'transfer-encoding': 'chunked' });
    expect(big.status).toBe(413);
    expect(existsSync(path.join(dataDir, 'recovery.json'))).toBe(false);
  });

  it('frees its port on close()', async () => {
    const port = web.port;
    await web.close();
    await new Promise<void>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => s.close(() => resolve()));
    });
    web = await startWebHost({ dataDir, rendererDir, version: '1' });
  });
});
