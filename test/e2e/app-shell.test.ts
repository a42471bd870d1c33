// The built renderer in real Chromium: it opens on the demo plan, shows problems and the generated
// configuration, and switches to Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { haveChromium, launchChromium } from '../support/browser';
import { serveDir } from '../support/static-server';

const root = path.resolve('out/renderer');
const enabled = haveChromium();
let browser: Browser | undefined;
let server: Awaited<ReturnType<typeof serveDir>> | undefined;

beforeAll(async () => {
  if (!enabled) return;
  if (!existsSync(path.join(root, 'index.html'))) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' });
  server = await serveDir(root);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.runIf(enabled)('app shell in Chromium', () => {
  it('shows the demo plan, its generated files, and switches to Chinese', async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server!.url);
    await page.getByText('demo-dr-web').waitFor();
    await expect(page.locator('.files .list li').count()).resolves.toBeGreaterThan(5);
    await page.locator('.files .list li', { hasText: '/etc/lvs-studio/ipvsadm.rules' }).click();
    await expect(page.locator('.files .content').textContent()).resolves.toContain('-A -t 192.168.10.100:80 -s wlc -p 300');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/app-shell-en.png' });
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByText('生成的配置').waitFor();
    await page.screenshot({ path: 'test-results/app-shell-zh.png' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
