// The renderer's host client (src-renderer/src/api/host.ts) against the real web host, in Node and
// in Chromium: calls, coded errors, the token taken from ?token= and kept across a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { startWebHost, type WebHost } from '../../src-main/web/server';
import type { HostApi } from '../../src-main/api/contract';
import { haveChromium, launchChromium } from '../support/browser';

let tmp: string;
let web: WebHost;
const chromiumOk = haveChromium();
let browser: Browser | undefined;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lvs-client-'));
  const rendererDir = path.join(tmp, 'renderer');
  mkdirSync(rendererDir);
  // A page that loads only the real client module, bundled the way Vite would for the browser.
  writeFileSync(path.join(tmp, 'entry.ts'), `import { host, menuCommands } from ${JSON.stringify(path.resolve('src-renderer/src/api/host'))};\n(globalThis as unknown as Record<string, unknown>).__host = host;\n(globalThis as unknown as Record<string, unknown>).__menu = menuCommands;\n`);
  await build({ entryPoints: [path.join(tmp, 'entry.ts')], bundle: true, format: 'esm', platform: 'browser', outfile: path.join(rendererDir, 'client.js'), logLevel: 'silent' });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><link rel="icon" href="data:,"><script type="module" src="/client.js"></script></head><body>client</body></html>');
  web = await startWebHost({ dataDir: path.join(tmp, 'data'), rendererDir, version: '3.0.0' });
  if (chromiumOk) browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await web.close();
  rmSync(tmp, { recursive: true, force: true });
});

// Loaded at run time: a static import would pull the DOM-typed renderer file into the Node type check.
interface ClientModule {
  createWebClient(token: string, fetchFn?: typeof fetch): HostApi;
  wrapBridge(bridge: HostApi): HostApi;
  HostCallError: new (...args: never[]) => Error;
}
const clientPath = path.resolve('src-renderer/src/api/host.ts');
let createWebClient: ClientModule['createWebClient'];
let wrapBridge: ClientModule['wrapBridge'];
let HostCallError: ClientModule['HostCallError'];
beforeAll(async () => {
  ({ createWebClient, wrapBridge, HostCallError } = (await import(clientPath)) as ClientModule);
});

const nodeFetch = (token: string): HostApi => createWebClient(token, (input, init) => fetch(new URL(String(input), web.origin), init));

describe('host client in Node', () => {
  it('calls the web host and turns failures into Errors with codes', async () => {
    const host = nodeFetch(web.token);
    expect(await host.getAppInfo()).toMatchObject({ host: 'web', version: '3.0.0' });
    expect(await host.setSettings({ lang: 'zh', theme: 'dark' })).toEqual({ lang: 'zh', theme: 'dark' });
    expect(await host.readRecovery()).toBeUndefined();
    const err = await host.openFile(path.join(tmp, 'none.yaml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostCallError);
    expect(err).toMatchObject({ name: 'HostError', code: 'ENOENT' });
    const forbidden = await nodeFetch('0'.repeat(64)).getSettings().catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reports an unreachable host as HOST_UNREACHABLE', async () => {
    const dead = createWebClient('t', () => Promise.reject(new TypeError('fetch failed')));
    await expect(dead.getSettings()).rejects.toMatchObject({ code: 'HOST_UNREACHABLE' });
  });

  it('turns the preload bridge rejections (plain objects) back into Errors', async () => {
    const bridge = { getSettings: () => Promise.reject({ name: 'HostError', message: 'x changed', code: 'CHANGED_ON_DISK' }) } as unknown as HostApi;
    const err = await wrapBridge(bridge).getSettings().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ name: 'HostError', message: 'x changed', code: 'CHANGED_ON_DISK' });
  });
});

describe.runIf(chromiumOk)('host client in Chromium', () => {
  it('takes the token from the address once, hides it, and keeps working after a reload', async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(web.url);
    await page.waitForFunction(() => '__host' in globalThis);
    expect(new URL(page.url()).search).toBe('');
    const info = await page.evaluate(() => (globalThis as unknown as { __host: HostApi }).__host.getAppInfo());
    expect(info).toMatchObject({ host: 'web', version: '3.0.0' });
    await page.reload();
    await page.waitForFunction(() => '__host' in globalThis);
    expect(await page.evaluate(() => (globalThis as unknown as { __host: HostApi }).__host.getSettings())).toEqual({ lang: 'zh', theme: 'dark' });
    const err = await page.evaluate(() =>
      (globalThis as unknown as { __host: HostApi }).__host.openFile('/nonexistent/plan.yaml').then(
        () => null,
        (e: Error & { code?: string }) => ({ isError: e instanceof Error, name: e.name, code: e.code, message: e.message }),
      ),
    );
    expect(err).toMatchObject({ isError: true, name: 'HostError', code: 'ENOENT' });
    expect(err!.message).toContain('/nonexistent/plan.yaml');
    // No menu in the web host: subscribing is a no-op that returns an unsubscribe.
    expect(await page.evaluate(() => typeof (globalThis as unknown as { __menu: { onCommand(cb: () => void): () => void } }).__menu.onCommand(() => undefined))).toBe('function');
    // A tab opened without the token cannot use the API.
    const other = await browser!.newPage();
    await other.goto(`${web.origin}/`);
    await other.waitForFunction(() => '__host' in globalThis);
    expect(await other.evaluate(() => (globalThis as unknown as { __host: HostApi }).__host.getSettings().then(() => 'ok', (e: { code?: string }) => e.code))).toBe('FORBIDDEN');
    expect(errors.filter((e) => !e.includes('403'))).toEqual([]);
    await page.close();
    await other.close();
  });
});
