// The deploy panel in Chromium through the web host, against the lab (a real sshd per host): a DR
// cluster on the lab's addresses, the inventory filled in the panel, the unknown host keys shown and
// accepted, a dry run with its diff, a password asked for once per job, the deploy confirmed; then
// real requests from the client namespace reach every real server and the canvas shows every host
// deployed. The password never reaches the renderer's state, the project files or the log.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializePlan } from '../../src-core/model/load';
import { labCluster } from '../agent-e2e/lab-plans';
import { createLab, type Lab } from '../lab/lab';
import { haveChromium } from '../support/browser';
import { needRoot, needTools } from '../support/tools';
import { pageProblems, shot, startWebApp, type WebApp } from '../support/web-app';

const enabled = haveChromium() && needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'nft', 'curl', 'unshare', 'nsenter');
const AGENT_DIR = '/var/lib/lvs-studio-agent'; // private to each lab host (its /var/lib is copy-on-write)

/** Every file under dir, recursively (for the secret grep). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe.runIf(enabled)('deploy panel in Chromium against the lab (DR, nftables plane)', () => {
  const cluster = labCluster({ net: 75, mode: 'dr', scheduler: 'rr', plane: 'nftables' });
  const password = `pw-${Math.random().toString(36).slice(2)}-ui-secret`;
  cluster.lab.find((h) => h.name === 'rs2')!.password = password;
  let lab: Lab;
  let app: WebApp;
  let dir: string;
  let planFile: string;
  /** Agent test hook, switched on by the network-cut test: each apply step of the director waits. */
  let slowDirector = false;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lvs-deploy-ui-'));
    planFile = join(dir, 'dr.lvs.yaml');
    writeFileSync(planFile, serializePlan(cluster.plan));
    // Where each lab host keeps the agent (the panel edits the rest of the inventory).
    const hosts = Object.fromEntries(['director', ...cluster.realServers].map((h) => [h, { agentDir: AGENT_DIR }]));
    writeFileSync(join(dir, 'dr.inventory.yaml'), `${JSON.stringify({ apiVersion: cluster.plan.apiVersion, kind: 'Inventory', hosts }, null, 2)}\n`);
    lab = await createLab({ prefix: 'lvw', hosts: cluster.lab });
    app = await startWebApp({
      agentEnv: (h) => (h === 'director' && slowDirector ? { LVS_AGENT_STEP_DELAY_MS: '3000' } : undefined),
      // a cut network is noticed after 3 keepalives: 1.5 s here instead of 15
      deployTiming: { sshKeepaliveMs: 500, reconnectMs: 30_000 },
    });
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function fillHost(page: Page, id: string, auth: 'key' | 'password'): Promise<void> {
    const t = lab.sshTarget(id);
    await page.getByTestId(`inv-${id}-address`).fill(t.host);
    await page.getByTestId(`inv-${id}-address`).press('Tab');
    await page.getByTestId(`inv-${id}-port`).fill(String(t.port));
    await page.getByTestId(`inv-${id}-port`).press('Tab');
    await page.getByTestId(`inv-${id}-user`).fill(t.user);
    await page.getByTestId(`inv-${id}-user`).press('Tab');
    await page.getByTestId(`inv-${id}-auth`).selectOption(auth);
    if (auth === 'key') {
      await page.getByTestId(`inv-${id}-keyFile`).fill(t.privateKeyPath);
      await page.getByTestId(`inv-${id}-keyFile`).press('Tab');
    }
  }

  async function jobEnds(page: Page): Promise<void> {
    await page.locator('[data-testid="deploy-job-done"], [data-testid="deploy-job-failed"], [data-testid="deploy-job-cancelled"]').waitFor({ timeout: 120_000 });
    // What went wrong, in the test's output when an expectation below fails.
    const errors = await page.locator('[data-testid^="deploy-error-"], [data-testid="deploy-start-error"]').allTextContents();
    if (errors.length > 0) console.log(`deploy panel errors: ${errors.join(' | ')}`);
    if (errors.some((e) => e.includes('AUTH_FAILED'))) for (const h of ['director', 'rs1', 'rs2']) console.log(h, lab.sshdLog(h).split('\n').slice(-12).join('\n'));
  }

  async function answerPassword(page: Page): Promise<void> {
    await page.getByTestId('deploy-secret').waitFor({ timeout: 60_000 });
    await page.getByTestId('secret-input').fill(password);
    await page.getByTestId('secret-ok').click();
  }

  /** A new page with the plan open on the Deploy tab. */
  async function openDeployTab(): Promise<Page> {
    const page = await app.newPage();
    await page.goto(app.url);
    await page.getByTestId('cmd-open').click();
    await page.getByTestId('path-input').fill(planFile);
    await page.getByTestId('path-ok').click();
    await page.getByTestId('node-director').waitFor();
    await page.getByTestId('tab-deploy').click();
    await page.getByTestId('deploy-host-director').waitFor();
    return page;
  }

  /** Deploy (the director's apply slowed down by the test hook), confirmed; returns while the director applies. */
  async function deployUntilDirectorApplies(page: Page): Promise<void> {
    await page.getByTestId('deploy-go').click();
    await answerPassword(page);
    await page.getByTestId('deploy-confirm').waitFor({ timeout: 60_000 });
    await page.getByTestId('deploy-confirm-go').click();
    await expect.poll(() => page.getByTestId('deploy-host-director').locator('.state').textContent(), { timeout: 60_000, interval: 100 }).toMatch(/applying 1\/1/);
  }

  it('fill the inventory, accept the keys, dry run, deploy: every real server answers, every host shows deployed', async () => {
    const page = await openDeployTab();

    await fillHost(page, 'director', 'key');
    await fillHost(page, 'rs1', 'key');
    await fillHost(page, 'rs2', 'password');
    await page.getByTestId('inventory-save').click();
    await expect.poll(() => readFileSync(join(dir, 'dr.inventory.yaml'), 'utf8')).toContain(String(lab.sshTarget('rs2').port));

    // Nothing is known about these hosts yet: each shows its key's fingerprint to accept.
    await page.getByTestId('deploy-test-all').click();
    await jobEnds(page);
    await shot(page, 'deploy-unknown-keys');
    for (const h of ['director', 'rs1', 'rs2']) {
      await expect.poll(() => page.getByTestId(`deploy-error-${h}`).textContent()).toContain('SHA256:');
      await page.getByTestId(`accept-key-${h}`).click();
    }
    // The accepted keys are in the app's own known_hosts, hashed.
    await expect.poll(() => readFileSync(join(app.dataDir, 'known_hosts'), 'utf8').split('\n').filter((l) => l.startsWith('|1|')).length).toBe(3);

    await page.getByTestId('deploy-dry-run').click();
    await answerPassword(page);
    await jobEnds(page);
    await expect.poll(() => page.getByTestId('deploy-verdict').textContent()).toMatch(/nothing changed/);
    await expect.poll(() => page.getByTestId('deploy-facts-director').textContent()).toContain('plane nftables');
    await page.getByTestId('deploy-details-director').click();
    await expect.poll(() => page.getByTestId('deploy-ops-director').textContent()).toContain(cluster.vip);
    await page.getByTestId('deploy-file-director-ipvsadm-save').click();
    await expect.poll(() => page.getByTestId('deploy-diff-after').textContent()).toContain(`-A -t ${cluster.vip}:80 -s rr`);
    await page.locator('.monaco-diff-editor').first().waitFor();
    await shot(page, 'deploy-dry-run');
    // A dry run changes nothing: no request reaches a real server yet.
    expect((await lab.exec('client', ['curl', '-s', '-m', '2', `http://${cluster.vip}/`])).stdout).toBe('');

    await page.getByTestId('deploy-go').click();
    await answerPassword(page);
    await page.getByTestId('deploy-confirm').waitFor({ timeout: 60_000 });
    await shot(page, 'deploy-confirm');
    await page.getByTestId('deploy-confirm-go').click();
    await jobEnds(page);
    await expect.poll(() => page.getByTestId('deploy-verdict').textContent()).toMatch(/Every host reached its new state/);
    for (const h of ['director', 'rs1', 'rs2']) await expect.poll(() => page.getByTestId(`deploy-mark-${h}`).getAttribute('data-state')).toBe('deployed');
    await expect.poll(() => page.getByTestId('deploy-log').textContent()).toContain('deploy');
    await shot(page, 'deploy-done');

    const got = new Set<string>();
    for (let i = 0; i < 8; i++) got.add((await lab.http('client', `http://${cluster.vip}/`)).trim());
    expect(got).toEqual(new Set(cluster.realServers));

    // "Compare with live" right after: every host in sync.
    await page.getByTestId('deploy-compare').click();
    await answerPassword(page);
    await jobEnds(page);
    for (const h of ['director', 'rs1', 'rs2']) await expect.poll(() => page.getByTestId(`deploy-mark-${h}`).getAttribute('data-state')).toBe('in-sync');

    // The password is nowhere but in sshd's memory: not in the renderer's state, the page, the data dir, the project files.
    const state = await page.evaluate(() => {
      const el = document.querySelector('#app') as (Element & { __vue_app__?: { config: { globalProperties: { $pinia?: { state: { value: unknown } } } } } }) | null;
      return JSON.stringify(el?.__vue_app__?.config.globalProperties.$pinia?.state.value ?? null);
    });
    expect(state).toContain('dr.inventory.yaml');
    expect(state).not.toContain(password);
    expect(await page.content()).not.toContain(password);
    for (const f of [...filesUnder(app.dataDir), ...filesUnder(dir)]) expect(readFileSync(f, 'utf8'), f).not.toContain(password);
    expect(pageProblems(page)).toEqual([]);
  }, 600_000);

  it('the network cut and back during the director apply: the panel says which state the host is in', async () => {
    const page = await openDeployTab();
    // drift on the director (its forwarding table gone): the deploy has steps to apply there
    expect((await lab.exec('director', ['nft', 'delete', 'table', 'inet', 'lvs_studio'])).code).toBe(0);
    slowDirector = true;
    try {
      await deployUntilDirectorApplies(page);
      await lab.setLink('director', false);
      await new Promise((r) => setTimeout(r, 4000));
      await lab.setLink('director', true);
      await jobEnds(page);
    } finally {
      slowDirector = false;
      await lab.setLink('director', true);
    }
    const gone = page.getByTestId('deploy-gone-director');
    const endState = await gone.getAttribute('data-end-state');
    console.log(`network cut in the UI: the panel says the director is in its ${endState} state: ${await gone.textContent()}`);
    await shot(page, 'deploy-network-cut');
    expect(['old', 'new']).toContain(endState);
    // the row and the canvas say the same
    await expect.poll(() => page.getByTestId('deploy-mark-director').getAttribute('data-state')).toBe(endState === 'new' ? 'deployed' : 'rolled-back');
    // what the panel says is what the host holds: Compare with live agrees
    await page.getByTestId('deploy-compare').click();
    await answerPassword(page);
    await jobEnds(page);
    if (endState === 'new') {
      await expect.poll(() => gone.count()).toBe(0);
      await expect.poll(() => page.getByTestId('deploy-mark-director').getAttribute('data-state')).toBe('in-sync');
    } else {
      await expect.poll(() => page.getByTestId('deploy-mark-director').getAttribute('data-state')).toBe('drift');
    }
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);

  it('a wrong password says so on its host; Cancel during the apply rolls the director back', async () => {
    const page = await openDeployTab();

    await page.getByTestId('deploy-test-all').click();
    await page.getByTestId('deploy-secret').waitFor({ timeout: 60_000 });
    await page.getByTestId('secret-input').fill(`not-${password}`);
    await page.getByTestId('secret-ok').click();
    await jobEnds(page);
    await expect.poll(() => page.getByTestId('deploy-error-rs2').textContent()).toMatch(/AUTH_FAILED: authentication to root@127\.0\.0\.1:\d+ failed \(the key or password was refused\)/);
    await expect.poll(() => page.getByTestId('deploy-mark-director').getAttribute('data-state')).toBe('ready');

    // drift on the director (its VIP gone), then a slow apply there, cancelled halfway
    const addrs = async (): Promise<string> => (await lab.exec('director', ['ip', '-4', '-o', 'addr', 'show'])).stdout.replace(/valid_lft.*$/gm, '');
    expect((await lab.exec('director', ['ip', 'addr', 'del', `${cluster.vip}/32`, 'dev', 'eth0'])).code).toBe(0);
    const before = await addrs();
    expect(before).not.toContain(cluster.vip);
    slowDirector = true;
    try {
      await deployUntilDirectorApplies(page);
      await page.getByTestId('deploy-cancel').click();
      await jobEnds(page);
    } finally {
      slowDirector = false;
    }
    await expect.poll(() => page.getByTestId('deploy-job-cancelled').count()).toBe(1);
    await expect.poll(() => page.getByTestId('deploy-mark-director').getAttribute('data-state')).toBe('rolled-back');
    await shot(page, 'deploy-cancelled');
    // the director holds what it held before: its VIP is still gone
    expect(await addrs()).toBe(before);
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);
});
