// @vitest-environment happy-dom
// The problems panel: every diagnostic with counts and a severity filter; a click selects the
// element; a quick fix applies through the store and undo brings the problem back; Chinese texts.
import { beforeEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import ProblemsPanel from '../../src-renderer/src/problems/ProblemsPanel.vue';
import { diagnosticElement } from '../../src-renderer/src/problems/elements';
import { i18n } from '../../src-renderer/src/i18n';
import { usePlanStore } from '../../src-renderer/src/stores/plan';
import { useSelectionStore } from '../../src-renderer/src/stores/selection';
import { useSettingsStore } from '../../src-renderer/src/stores/settings';

let pinia: Pinia;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  i18n.global.locale.value = 'en';
});

async function panel(): Promise<VueWrapper> {
  const w = mount(ProblemsPanel, { global: { plugins: [pinia, i18n] } });
  await nextTick();
  return w;
}
const rows = (w: VueWrapper) => w.findAll('li[data-testid^="problem-"]');
/** rs1's gateway set to the director: a DR problem with a "set it to the router" fix. */
function breakGateway(): void {
  usePlanStore().edit('gw', (d) => (d.spec.hosts.find((h) => h.id === 'rs1')!.gateway = '192.168.10.5'));
}

describe('problems panel', () => {
  it('lists every diagnostic with its code, message, hint and element, and counts per severity', async () => {
    const store = usePlanStore();
    breakGateway();
    store.edit('w', (d) => (d.spec.services[0]!.realServers[1]!.weight = 0));
    const w = await panel();
    const all = store.diagnostics;
    expect(all.length).toBeGreaterThan(2);
    expect(rows(w)).toHaveLength(all.length);
    for (const sev of ['error', 'warning', 'info'] as const) {
      expect(w.get(`[data-testid="count-${sev}"]`).text()).toBe(String(all.filter((d) => d.severity === sev).length));
    }
    const gw = w.get('[data-testid="problem-dr.rs-gateway-is-director"]');
    const d = all.find((x) => x.code === 'dr.rs-gateway-is-director')!;
    expect(gw.attributes('data-target')).toBe('rs1');
    expect(gw.text()).toContain(d.message.en);
    if (d.hint) expect(gw.text()).toContain(d.hint.en);
    expect(gw.text()).toContain('web-1');
    expect(w.get('[data-testid="problem-rs.weight-zero"]').text()).toContain('web-2 · web-http');
  });

  it('while hidden (active false) it keeps its rows through edits and catches up when shown again', async () => {
    const store = usePlanStore();
    const w = mount(ProblemsPanel, { props: { active: true }, global: { plugins: [pinia, i18n] } });
    await nextTick();
    const before = rows(w).length;
    expect(before).toBe(store.diagnostics.length);
    await w.setProps({ active: false });
    breakGateway();
    await nextTick();
    expect(store.diagnostics.length).toBeGreaterThan(before);
    expect(rows(w)).toHaveLength(before);
    expect(w.find('[data-testid="problem-dr.rs-gateway-is-director"]').exists()).toBe(false);
    await w.setProps({ active: true });
    expect(rows(w)).toHaveLength(store.diagnostics.length);
    expect(w.get('[data-testid="count-error"]').text()).toBe(String(store.diagnostics.filter((d) => d.severity === 'error').length));
    expect(w.find('[data-testid="problem-dr.rs-gateway-is-director"]').exists()).toBe(true);
  });

  it('filters by severity', async () => {
    const store = usePlanStore();
    breakGateway();
    const w = await panel();
    const infos = store.diagnostics.filter((d) => d.severity === 'info').length;
    expect(infos).toBeGreaterThan(0);
    await w.get('[data-testid="filter-info"]').trigger('click');
    expect(rows(w)).toHaveLength(store.diagnostics.length - infos);
    expect(rows(w).every((r) => !r.classes().includes('info'))).toBe(true);
    await w.get('[data-testid="filter-info"]').trigger('click');
    expect(rows(w)).toHaveLength(store.diagnostics.length);
  });

  it('clicking a row selects (and reveals) its element; real servers with their service', async () => {
    const store = usePlanStore();
    const selection = useSelectionStore();
    breakGateway();
    store.edit('w', (d) => (d.spec.services[1]!.realServers[2]!.weight = 0));
    const w = await panel();
    const tick = selection.revealTick;
    await w.get('[data-testid="problem-dr.rs-gateway-is-director"]').trigger('click');
    expect(selection.primary).toEqual({ kind: 'host', id: 'rs1' });
    expect(selection.revealTick).toBe(tick + 1);
    await w.get('[data-testid="problem-rs.weight-zero"]').trigger('click');
    expect(selection.primary).toEqual({ kind: 'real-server', id: 'svc-443-rs3', serviceId: 'svc-https' });
  });

  it('a quick fix applies the fix; undo brings the problem back', async () => {
    const store = usePlanStore();
    breakGateway();
    const w = await panel();
    expect(w.findAll('[data-testid="fix-dr.rs-gateway-is-director"]')).toHaveLength(1);
    const selected = useSelectionStore().primary;
    await w.get('[data-testid="fix-dr.rs-gateway-is-director"]').trigger('click');
    expect(store.plan.spec.hosts.find((h) => h.id === 'rs1')!.gateway).toBe('192.168.10.1');
    expect(w.find('[data-testid="problem-dr.rs-gateway-is-director"]').exists()).toBe(false);
    expect(useSelectionStore().primary).toBe(selected);
    expect(store.undoLabel).toContain('192.168.10.1');
    store.undo();
    await nextTick();
    expect(w.find('[data-testid="problem-dr.rs-gateway-is-director"]').exists()).toBe(true);
    expect(store.plan.spec.hosts.find((h) => h.id === 'rs1')!.gateway).toBe('192.168.10.5');
  });

  it('rows without a fix have no quick-fix button', async () => {
    usePlanStore().edit('w', (d) => (d.spec.services[0]!.realServers[0]!.weight = 0));
    const w = await panel();
    expect(w.find('[data-testid="problem-rs.weight-zero"]').exists()).toBe(true);
    expect(w.find('[data-testid="fix-rs.weight-zero"]').exists()).toBe(false);
  });

  it('an empty plan of problems says so', async () => {
    const store = usePlanStore();
    store.edit('clear', (d) => {
      d.spec.services = [];
      d.spec.hosts = d.spec.hosts.filter((h) => h.role === 'router');
    });
    const w = await panel();
    expect(store.diagnostics).toEqual([]);
    expect(w.get('[data-testid="problems-empty"]').text()).toBe('No problems found.');
  });

  it('shows messages in Chinese when the language is zh', async () => {
    const store = usePlanStore();
    breakGateway();
    const w = await panel();
    useSettingsStore().setLang('zh');
    await nextTick();
    await nextTick();
    const d = store.diagnostics.find((x) => x.code === 'dr.rs-gateway-is-director')!;
    const row = w.get('[data-testid="problem-dr.rs-gateway-is-director"]');
    expect(row.text()).toContain(d.message.zh);
    expect(row.text()).not.toContain(d.message.en);
    expect(w.text()).toContain('问题');
    expect(w.get('[data-testid="fix-dr.rs-gateway-is-director"]').text()).toBe('快速修复');
    await w.get('[data-testid="fix-dr.rs-gateway-is-director"]').trigger('click');
    expect(store.undoLabel).toBe(d.fix!.title.zh);
  });
});

describe('diagnosticElement', () => {
  it('names interface and plan targets and selects the host of an interface', () => {
    const plan = usePlanStore().plan;
    const iface = diagnosticElement(plan, { code: 'x', severity: 'error', target: { kind: 'interface', id: 'dir1', path: 'spec.hosts[1].interfaces[0]' }, message: { en: '', zh: '' } });
    expect(iface).toEqual({ name: 'director-1', selection: { kind: 'host', id: 'dir1' } });
    const whole = diagnosticElement(plan, { code: 'x', severity: 'error', target: { kind: 'plan', path: '' }, message: { en: '', zh: '' } });
    expect(whole).toEqual({ name: 'demo-dr-web' });
    const gone = diagnosticElement(plan, { code: 'x', severity: 'error', target: { kind: 'real-server', id: 'nope', path: 'spec.services[0].realServers[9]' }, message: { en: '', zh: '' } });
    expect(gone.selection).toBeUndefined();
  });
});
