// @vitest-environment happy-dom
// A 500-host plan: the inspector on a service with 50 members and the problems panel stay usable
// (typing in one field re-renders in well under a second, even in happy-dom).
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import TheInspector from '../../src-renderer/src/inspector/TheInspector.vue';
import ProblemsPanel from '../../src-renderer/src/problems/ProblemsPanel.vue';
import { i18n } from '../../src-renderer/src/i18n';
import { usePlanStore } from '../../src-renderer/src/stores/plan';
import { useSelectionStore } from '../../src-renderer/src/stores/selection';
import { generatePlan } from '../../bench/gen-plan';

let pinia: Pinia;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  i18n.global.locale.value = 'en';
});

describe('inspector and problems panel at scale', () => {
  it('edits a member weight of a 50-member service in a 500-host plan', async () => {
    const store = usePlanStore();
    store.load(generatePlan({ services: 100, realServersPerService: 50, pool: 500 }));
    expect(store.plan.spec.hosts.length).toBeGreaterThanOrEqual(500);
    useSelectionStore().select({ kind: 'service', id: store.plan.spec.services[3]!.id });
    const w = mount({ components: { TheInspector, ProblemsPanel }, template: '<div><TheInspector /><ProblemsPanel /></div>' }, { global: { plugins: [pinia, i18n] } });
    await nextTick();
    expect(w.findAll('[data-testid^="member-"]')).toHaveLength(50);
    expect(w.findAll('li[data-testid^="problem-"]')).toHaveLength(store.diagnostics.length);
    const t0 = performance.now();
    for (const text of ['1', '12', '123']) await w.get('[data-testid="field-realServers-49-weight"]').setValue(text);
    const ms = performance.now() - t0;
    expect(store.plan.spec.services[3]!.realServers[49]!.weight).toBe(123);
    store.undo();
    expect(store.plan.spec.services[3]!.realServers[49]!.weight).toBe(5);
    expect(ms).toBeLessThan(3000);
    console.log(`3 keystrokes with ${store.diagnostics.length} diagnostics: ${ms.toFixed(0)} ms`);
  });
});
