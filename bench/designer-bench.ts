/// <reference lib="dom" />
// npm run bench:designer — the designer in real Chromium with a generated 500-host, 50-service
// plan: time to first render, edit-to-feedback (an inspector edit until the problems count and
// the regenerated file show it), and frame times while panning the canvas.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startWebHost } from '../src-main/web/server';
import { generatePlan } from './gen-plan';
import { serializePlan } from '../src-core/model/load';

const EDITS = Number(process.env.BENCH_EDITS ?? 40);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function editToFeedback(page: Page, value: string, errors: number): Promise<number> {
  return page.evaluate(
    ({ value, errors }) =>
      new Promise<number>((resolve, reject) => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="field-gateway"]');
        if (!input) return reject(new Error('no gateway field'));
        const done = () => {
          const count = document.querySelector('[data-testid="tab-problems"] .count.err')?.textContent?.trim();
          const file = document.querySelector('[data-testid="file-content"]')?.textContent ?? '';
          return count === String(errors) && file.includes(`via '${value}'`);
        };
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (done()) {
            obs.disconnect();
            resolve(performance.now() - t0);
          }
        });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        setTimeout(() => {
          obs.disconnect();
          reject(new Error(`no feedback for ${value}`));
        }, 10_000);
      }),
    { value, errors },
  );
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'lvs-bench-'));
  const dataDir = path.join(work, 'data');
  mkdirSync(dataDir);
  const plan = generatePlan({ services: 50, realServersPerService: 10, pool: 495 });
  const file = path.join(work, 'big.lvs.yaml');
  writeFileSync(file, serializePlan(plan));
  const server = await startWebHost({ port: 0, dataDir, rendererDir: path.resolve('out/renderer'), version: 'bench' });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(server.url);
    await page.getByTestId('cmd-open').click();
    await page.getByTestId('path-input').fill(file);
    const t0 = Date.now();
    await page.getByTestId('path-ok').click();
    await page.waitForFunction((n) => document.querySelectorAll('.vue-flow__node').length >= n, plan.spec.hosts.length, { timeout: 120_000 });
    const firstRender = Date.now() - t0;

    // Edit a real server's gateway: router (fine) <-> the director's DIP (a DR error).
    await page.getByTestId('node-rs5').dispatchEvent('click');
    await page.getByTestId('tab-generated').click();
    await page.getByTestId('file-lvs-studio-realserver.sh').click();
    const baseErrors = Number((await page.locator('[data-testid="tab-problems"] .count.err').textContent())?.trim());
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const bad = i % 2 === 0;
      times.push(await editToFeedback(page, bad ? '10.0.0.2' : '10.0.0.1', bad ? baseErrors + 1 : baseErrors));
    }

    // Panning: drag the empty pane while recording animation frames.
    const pane = await page.locator('.vue-flow__pane').boundingBox();
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number[]; stop_: boolean };
      w.frames_ = [];
      w.stop_ = false;
      const tick = (t: number) => {
        w.frames_.push(t);
        if (!w.stop_) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const cx = pane!.x + pane!.width / 2;
    const cy = pane!.y + pane!.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < 120; i++) await page.mouse.move(cx + 300 * Math.sin(i / 10), cy + 200 * Math.cos(i / 10));
    await page.mouse.up();
    const frames = await page.evaluate(() => {
      const w = window as unknown as { frames_: number[]; stop_: boolean };
      w.stop_ = true;
      return w.frames_;
    });
    const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
    const fps = (1000 * gaps.length) / (frames[frames.length - 1]! - frames[0]!);

    console.log(`LVS Studio designer benchmark (Chromium ${browser.version()}, ${plan.spec.hosts.length} hosts, ${plan.spec.services.length} services, ${plan.spec.services.length * 10} memberships)`);
    console.log(`  time to first render (open -> all nodes drawn): ${firstRender} ms`);
    console.log(`  edit -> diagnostics + regenerated file: median ${median(times).toFixed(1)} ms, p90 ${pct(times, 0.9).toFixed(1)} ms over ${times.length} edits (target: 16 ms median)`);
    console.log(`  panning: ${fps.toFixed(1)} fps, median frame ${median(gaps).toFixed(1)} ms, p95 ${pct(gaps, 0.95).toFixed(1)} ms over ${gaps.length} frames (target: 50+ fps)`);
  } finally {
    await browser.close();
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
