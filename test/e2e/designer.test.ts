// The designer as a user drives it: real Chromium, the real web host, the real CLI.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { haveChromium } from '../support/browser';
import { pageProblems, shot, useWebApp } from '../support/web-app';
import { loadPlanText } from '../../src-core/model/load';

const enabled = haveChromium();
const web = useWebApp(enabled);
const openApp = () => web.open();

async function answerPath(page: Page, p: string): Promise<void> {
  await page.getByTestId('path-input').fill(p);
  await page.getByTestId('path-ok').click();
}

async function fileText(page: Page, hostId: string, bundleName: string): Promise<string> {
  await page.getByTestId('tab-generated').click();
  await page.getByTestId(`files-host-${hostId}`).click();
  await page.getByTestId(`file-${bundleName}`).click();
  return (await page.getByTestId('file-content').textContent()) ?? '';
}

const errorCount = async (page: Page) => Number((await page.locator('[data-testid="tab-problems"] .count.err').textContent())?.trim());

function cli(...args: string[]) {
  return spawnSync('node', [path.resolve('bin/lvs-studio.mjs'), ...args], { encoding: 'utf8' });
}

describe.runIf(enabled)('designer in Chromium', () => {
  it('builds a DR cluster from an empty project with the mouse; the preview is what the CLI exports', async () => {
    const page = await openApp();
    await page.getByTestId('cmd-new').click();
    await page.getByTestId('template-empty').click();
    await shot(page, 'designer-empty');
    const canvas = page.getByTestId('canvas');
    const box = (await canvas.boundingBox())!;
    await page.dragAndDrop('[data-testid="palette-network"]', '[data-testid="canvas"]', { targetPosition: { x: box.width / 2, y: 120 } });
    await page.locator('[data-kind="network"]').first().waitFor();
    await page.dragAndDrop('[data-testid="palette-director"]', '[data-testid="canvas"]', { targetPosition: { x: box.width / 2, y: 260 } });
    await page.dragAndDrop('[data-testid="palette-real-server"]', '[data-testid="canvas"]', { targetPosition: { x: box.width / 2 - 200, y: 420 } });
    await page.dragAndDrop('[data-testid="palette-real-server"]', '[data-testid="canvas"]', { targetPosition: { x: box.width / 2 + 200, y: 420 } });
    await expect.poll(() => page.locator('[data-kind="real-server"]').count()).toBe(2);

    // The director: add a virtual service, then its two real servers with weights.
    await page.locator('[data-kind="director"] .head').first().click();
    await shot(page, 'designer-director-selected');
    await page.getByTestId('add-service').click();
    await page.getByTestId('field-port').fill('80');
    for (let i = 0; i < 2; i++) {
      await page.getByTestId('add-rs-host').selectOption({ label: `web-${i + 1}` });
      await page.getByTestId('add-rs').click();
      await page.getByTestId(`field-realServers-${i}-forwarding`).selectOption('dr');
    }
    await page.getByTestId('field-realServers-0-weight').fill('3');
    await page.getByTestId('field-realServers-1-weight').fill('1');
    await shot(page, 'designer-dr-built');
    expect(await errorCount(page)).toBe(0);

    const dirId = await page.locator('[data-kind="director"]').first().evaluate((el) => el.getAttribute('data-testid')!.slice('node-'.length));
    const shown = await fileText(page, dirId, 'ipvsadm.rules');
    expect(shown).toMatch(/^-A -t \S+:80 -s wlc\n-a -t \S+:80 -r \S+:80 -g -w [31]\n-a -t \S+:80 -r \S+:80 -g -w [31]\n$/);
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await expect.poll(() => page.locator('.monaco-editor .view-lines').first().textContent()).toMatch(/-A\s-t/);
    await shot(page, 'designer-generated');

    const saved = path.join(web.app().workDir, 'dr.lvs.yaml');
    await page.getByTestId('cmd-save-as').click();
    await answerPath(page, saved);
    await expect.poll(() => page.getByTestId('doc-title').textContent()).toContain('dr.lvs.yaml');
    const exported = cli('export', saved, '--format', 'ipvsadm-save');
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toBe(shown);
    expect(pageProblems(page)).toEqual([]);
    await page.close();
  });

  it('shows a wrong NAT gateway on the node, fixes it with the quick fix, and undo brings it back', async () => {
    const page = await openApp();
    await page.getByTestId('cmd-new').click();
    await page.getByTestId('template-nat').click();
    await page.getByTestId('node-rs1').waitFor();
    expect(await errorCount(page)).toBe(0);
    await page.getByTestId('node-rs1').click();
    await page.getByTestId('field-gateway').fill('10.0.0.254');
    await expect.poll(() => page.getByTestId('badge-rs1').getAttribute('data-severity')).toBe('error');
    await page.getByTestId('tab-problems').click();
    const problem = page.locator('[data-testid^="problem-nat."][data-target="rs1"]').first();
    await problem.waitFor();
    await shot(page, 'designer-nat-problem');
    const code = (await problem.getAttribute('data-testid'))!.slice('problem-'.length);
    await page.getByTestId(`fix-${code}`).first().click();
    await expect.poll(() => page.getByTestId('badge-rs1').count()).toBe(0);
    expect(await errorCount(page)).toBe(0);
    await page.getByTestId('cmd-undo').click();
    await expect.poll(() => page.getByTestId('badge-rs1').getAttribute('data-severity')).toBe('error');
    await page.close();
  });

  it('YAML edits move the canvas; a syntax error keeps the canvas and is located', async () => {
    const page = await openApp();
    await page.getByTestId('node-rs1').waitFor();
    await page.getByTestId('tab-yaml').click();
    const yaml = (await page.getByTestId('yaml-content').textContent())!;
    const renamed = yaml.replace('name: web-2', 'name: web-two');
    await page.getByTestId('yaml-input').fill(renamed);
    await expect.poll(() => page.getByTestId('node-rs2').textContent()).toContain('web-two');
    await page.getByTestId('yaml-input').fill(renamed.replace('spec:\n', 'spec:\n  networks: [oops\n'));
    await page.getByTestId('yaml-error').first().waitFor();
    const err = await page.getByTestId('yaml-error').first().textContent();
    expect(err).toMatch(/\d+:\d+/);
    await shot(page, 'designer-yaml-error');
    expect(await page.getByTestId('node-rs2').textContent()).toContain('web-two');
    expect(await page.locator('.vue-flow__node').count()).toBe(6);
    await page.close();
  });

  it('saves, reloads, opens the file again: the same plan; imports an ipvsadm-save file laid out', async () => {
    const page = await openApp();
    await page.getByTestId('node-rs1').waitFor();
    const file = path.join(web.app().workDir, 'roundtrip.lvs.yaml');
    await page.getByTestId('cmd-save-as').click();
    await answerPath(page, file);
    await expect.poll(() => page.getByTestId('doc-title').textContent()).toContain('roundtrip.lvs.yaml');
    const before = loadPlanText(readFileSync(file, 'utf8'), file).plan!;
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await page.getByTestId('cmd-open').click();
    await answerPath(page, file);
    await page.getByTestId('node-rs1').waitFor();
    await page.getByTestId('tab-yaml').click();
    const shownText = (await page.getByTestId('yaml-content').textContent())!;
    expect(loadPlanText(shownText, 'shown').plan).toEqual(before);

    const rules = path.join(web.app().workDir, 'rules.save');
    writeFileSync(rules, '-A -t 10.1.0.100:80 -s rr\n-a -t 10.1.0.100:80 -r 10.1.0.11:80 -m -w 1\n-a -t 10.1.0.100:80 -r 10.1.0.12:80 -m -w 2\n-A -u 10.1.0.100:53 -s sh\n-a -u 10.1.0.100:53 -r 10.1.0.13:53 -m -w 1\n');
    await page.getByTestId('cmd-import').click();
    await page.getByTestId('cmd-import-ipvsadm').click();
    await answerPath(page, rules);
    await expect.poll(() => page.locator('[data-kind="real-server"]').count()).toBe(3);
    // the layout runs in a worker: the nodes get their places a moment after they appear
    const overlaps = async (): Promise<string[]> => {
      const boxes = await page.locator('.vue-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
      const out: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push(`nodes ${i} and ${j} overlap`);
        }
      return out;
    };
    await expect.poll(overlaps, { timeout: 15_000 }).toEqual([]);
    await shot(page, 'designer-imported');
    await page.close();
  });

  it('switches to Chinese: labels and diagnostics are Chinese', async () => {
    const page = await openApp();
    await page.getByTestId('node-rs1').waitFor();
    await page.getByTestId('lang-zh').click();
    await page.getByTestId('tab-problems').click();
    await expect.poll(() => page.getByTestId('tab-problems').textContent()).toContain('问题');
    const row = await page.locator('[data-testid^="problem-"]').first().textContent();
    expect(row).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.getByTestId('palette-director').textContent()).toMatch(/[\u4e00-\u9fff]/);
    await shot(page, 'designer-zh');
    await page.getByTestId('theme-toggle').click();
    await shot(page, 'designer-zh-dark');
    await page.getByTestId('lang-en').click();
    await page.close();
  });
});
