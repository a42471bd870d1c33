// Files as a user meets them: exports, a corrupt or newer file, crash recovery.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { haveChromium } from '../support/browser';
import { shot, useWebApp } from '../support/web-app';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import { compilePlan } from '../../src-core/compile/compile';
import { demoDrPlan } from '../../src-core/templates/demo-dr';

const enabled = haveChromium();
const web = useWebApp(enabled);

async function openApp(): Promise<Page> {
  const page = await web.open();
  await page.getByTestId('node-rs1').waitFor();
  return page;
}

async function exportVia(page: Page, item: string, target: string): Promise<void> {
  if (await page.getByTestId('notice-dismiss').isVisible()) await page.getByTestId('notice-dismiss').click();
  await page.getByTestId('cmd-export').click();
  await page.getByTestId(item).click();
  await page.getByTestId('path-input').fill(target);
  await page.getByTestId('path-ok').click();
  await expect.poll(() => page.getByTestId('notice').getAttribute('data-kind')).toBe('info');
}

describe.runIf(enabled)('designer files', () => {
  it('exports the rules, the bundle and the topology as PNG and SVG', async () => {
    const page = await openApp();
    const rules = path.join(web.app().workDir, 'out.rules');
    await exportVia(page, 'cmd-export-ipvsadm-dir1', rules);
    const dir = compilePlan(demoDrPlan()).hosts.find((h) => h.hostId === 'dir1')!;
    expect(readFileSync(rules, 'utf8')).toBe(renderIpvsadmSave(dir.ipvs, { thresholds: true }));

    const bundle = path.join(web.app().workDir, 'bundle');
    await exportVia(page, 'cmd-export-bundle', bundle);
    expect(readdirSync(bundle).filter((n) => !n.startsWith('.')).sort()).toEqual(['director-1', 'web-1', 'web-2', 'web-3']);
    expect(readFileSync(path.join(bundle, 'director-1', 'keepalived.conf'), 'utf8')).toContain('virtual_server 192.168.10.100 80');

    const png = path.join(web.app().workDir, 'topology.png');
    await exportVia(page, 'cmd-export-png', png);
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    const svg = path.join(web.app().workDir, 'topology.svg');
    await exportVia(page, 'cmd-export-svg', svg);
    const svgText = readFileSync(svg, 'utf8');
    expect(svgText).toMatch(/^<svg/);
    expect(svgText).toContain('director-1');
    await page.close();
  });

  it('refuses a corrupt and a newer file with a located message, keeping the open plan', async () => {
    const page = await openApp();
    const bad = path.join(web.app().workDir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: lvs-studio.io/v1\nkind: ClusterPlan\nmetadata: {name: [broken\n');
    await page.getByTestId('cmd-open').click();
    await page.getByTestId('path-input').fill(bad);
    await page.getByTestId('path-ok').click();
    await expect.poll(() => page.getByTestId('notice').getAttribute('data-kind')).toBe('error');
    const text = await page.getByTestId('notice').textContent();
    expect(text).toContain(`${bad}:4:1: error plan.syntax`);
    await shot(page, 'designer-open-corrupt');
    const newer = path.join(web.app().workDir, 'newer.yaml');
    writeFileSync(newer, 'apiVersion: lvs-studio.io/v9\nkind: ClusterPlan\n');
    await page.getByTestId('cmd-open').click();
    await page.getByTestId('path-input').fill(newer);
    await page.getByTestId('path-ok').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('lvs-studio.io/v9');
    expect(await page.locator('.vue-flow__node').count()).toBe(6);
    expect(existsSync(bad)).toBe(true);
    await page.close();
  });

  it('recovers unsaved work after the window went away', async () => {
    const page = await openApp();
    await page.getByTestId('node-rs2').click();
    await page.getByTestId('field-name').fill('recovered-web-2');
    await expect.poll(() => page.getByTestId('node-rs2').textContent()).toContain('recovered-web-2');
    await page.waitForTimeout(2500); // autosave runs 1.5 s after the last change
    await page.close(); // no save: as if the app had crashed
    const again = await web.app().newPage();
    await again.goto(web.app().url);
    await again.getByTestId('notice-action').click();
    await expect.poll(() => again.getByTestId('node-rs2').textContent()).toContain('recovered-web-2');
    await again.close();
  });
});
