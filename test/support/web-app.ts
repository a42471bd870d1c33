// The designer as a user gets it here: the built renderer served by the real web host, driven in
// Debian's Chromium. One per test file; every file gets its own data dir.
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { startWebHost, type WebHostOptions } from '../../src-main/web/server';

export interface WebApp {
  url: string;
  dataDir: string;
  workDir: string;
  browser: Browser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

const rendererDir = path.resolve('out/renderer');

export function ensureBuilt(): void {
  if (!existsSync(path.join(rendererDir, 'index.html'))) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' });
}

export async function startWebApp(testHooks?: WebHostOptions['testHooks']): Promise<WebApp> {
  ensureBuilt();
  const workDir = mkdtempSync(path.join(tmpdir(), 'lvs-e2e-'));
  const dataDir = path.join(workDir, 'data');
  mkdirSync(dataDir);
  const server = await startWebHost({ port: 0, dataDir, rendererDir, version: 'test', ...(testHooks ? { testHooks } : {}) });
  const browser = await launchChromium();
  const pages: Page[] = [];
  return {
    url: server.url,
    dataDir,
    workDir,
    browser,
    async newPage() {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      (page as Page & { problems: string[] }).problems = problems;
      pages.push(page);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Errors the page logged (uncaught exceptions, console.error). */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png` });
}

/**
 * One web app per test file: started before the file's tests, closed after. `open()` gives a
 * page on the app once its canvas is drawn.
 */
export function useWebApp(enabled: boolean): { app: () => WebApp; open: () => Promise<Page> } {
  let app: WebApp | undefined;
  beforeAll(async () => {
    if (enabled) app = await startWebApp();
  }, 300_000);
  afterAll(async () => {
    await app?.close();
  });
  return {
    app: () => app!,
    async open() {
      const page = await app!.newPage();
      await page.goto(app!.url);
      await page.getByTestId('canvas').waitFor();
      return page;
    },
  };
}
