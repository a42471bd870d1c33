// @vitest-environment happy-dom
// TheCanvas and ThePalette mounted on the real stores: nodes and badges with their test hooks,
// selection from clicks, keyboard edits, palette adds, automatic placement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent, h } from 'vue';
import { i18n } from '../../src-renderer/src/i18n/index';
import TheCanvas from '../../src-renderer/src/canvas/TheCanvas.vue';
import ThePalette from '../../src-renderer/src/canvas/ThePalette.vue';
import { usePlanStore } from '../../src-renderer/src/stores/plan';
import { useSelectionStore } from '../../src-renderer/src/stores/selection';

const Harness = defineComponent({ render: () => h('div', { style: 'width:1200px;height:800px;position:relative' }, [h(ThePalette), h(TheCanvas)]) });

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('TheCanvas (happy-dom)', () => {
  let wrapper: VueWrapper;
  beforeEach(async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(Harness, { attachTo: document.body, global: { plugins: [pinia, i18n] } });
    await settle();
  });
  afterEach(() => wrapper.unmount());

  it('places the demo plan automatically, without an undo step or a dirty flag', () => {
    const plan = usePlanStore();
    expect(Object.keys(plan.plan.layout ?? {}).sort()).toEqual(['dir1', 'lan', 'router', 'rs1', 'rs2', 'rs3']);
    expect(plan.canUndo).toBe(false);
    expect(plan.dirty).toBe(false);
  });

  it('renders a node per element with its kind', () => {
    const kinds = wrapper.findAll('[data-testid^="node-"]').map((n) => `${n.attributes('data-testid')}:${n.attributes('data-kind')}`);
    expect(kinds.sort()).toEqual(['node-dir1:director', 'node-lan:network', 'node-router:router', 'node-rs1:real-server', 'node-rs2:real-server', 'node-rs3:real-server']);
  });

  it('shows a badge with the severity when the plan has a problem', async () => {
    const plan = usePlanStore();
    plan.edit('break', (d) => {
      d.spec.hosts[3]!.interfaces[0]!.addresses = ['10.99.0.12/24'];
      delete d.spec.hosts[3]!.interfaces[0]!.network;
    });
    await settle();
    expect(wrapper.find('[data-testid="badge-rs2"]').attributes('data-severity')).toBe('error');
    expect(wrapper.find('[data-testid="badge-rs1"]').exists()).toBe(false);
  });

  it('selects on click, adds with shift, and Delete removes the selection in one undo step', async () => {
    const sel = useSelectionStore();
    const plan = usePlanStore();
    await wrapper.find('[data-testid="node-rs1"]').trigger('click');
    expect(sel.items).toEqual([{ kind: 'host', id: 'rs1' }]);
    await wrapper.find('[data-testid="node-rs2"]').trigger('click', { shiftKey: true });
    expect(sel.items.map((i) => i.id)).toEqual(['rs1', 'rs2']);
    await wrapper.find('[data-testid="canvas"]').trigger('keydown', { key: 'Delete' });
    await settle();
    expect(plan.plan.spec.hosts.map((h) => h.id)).toEqual(['router', 'dir1', 'rs3']);
    expect(plan.plan.spec.services[0]!.realServers.map((m) => m.host)).toEqual(['rs3']);
    expect(wrapper.find('[data-testid="node-rs1"]').exists()).toBe(false);
    await wrapper.find('[data-testid="canvas"]').trigger('keydown', { key: 'z', ctrlKey: true });
    await settle();
    expect(plan.plan.spec.hosts).toHaveLength(5);
  });

  it('selects a service from its row on the director', async () => {
    await wrapper.find('[data-testid="service-dir1-svc-https"]').trigger('click');
    expect(useSelectionStore().items).toEqual([{ kind: 'service', id: 'svc-https' }]);
  });

  it('copies and pastes a real server, and duplicates one from the toolbar', async () => {
    const plan = usePlanStore();
    const canvas = wrapper.find('[data-testid="canvas"]');
    await wrapper.find('[data-testid="node-rs3"]').trigger('click');
    await canvas.trigger('keydown', { key: 'c', ctrlKey: true });
    await canvas.trigger('keydown', { key: 'v', ctrlKey: true });
    await settle();
    expect(plan.plan.spec.hosts.at(-1)).toMatchObject({ id: 'rs4', name: 'web-4' });
    expect(wrapper.find('[data-testid="node-rs4"]').exists()).toBe(true);
    await wrapper.find('[data-testid="canvas-duplicate-count"]').setValue('2');
    await wrapper.find('[data-testid="canvas-duplicate"]').trigger('click');
    await settle();
    expect(plan.plan.spec.hosts.map((h) => h.id).slice(-2)).toEqual(['rs5', 'rs6']);
    expect(plan.plan.spec.services[0]!.realServers).toHaveLength(6);
    plan.undo();
    expect(plan.plan.spec.hosts).toHaveLength(6);
  });

  it('adds a palette element by click, with a unique id, a position and an address', async () => {
    const plan = usePlanStore();
    await wrapper.find('[data-testid="palette-real-server"]').trigger('click');
    await settle();
    const rs4 = plan.plan.spec.hosts.find((h) => h.id === 'rs4')!;
    expect(rs4.interfaces[0]).toEqual({ name: 'eth0', network: 'lan', addresses: ['192.168.10.14/24'] });
    expect(plan.plan.layout?.rs4).toBeDefined();
    expect(useSelectionStore().items).toEqual([{ kind: 'host', id: 'rs4' }]);
    await wrapper.find('[data-testid="palette-ha-pair"]').trigger('click');
    await settle();
    expect(wrapper.find('[data-testid="node-ha1"]').attributes('data-kind')).toBe('ha-pair');
  });

  it('places elements added elsewhere (an edit without positions) as one more undo step', async () => {
    const plan = usePlanStore();
    plan.edit('add', (d) => d.spec.networks.push({ id: 'n2', name: 'n2', cidr: '10.2.0.0/24' }));
    await settle();
    expect(plan.plan.layout?.n2).toBeDefined();
    expect(plan.undoLabel).toBe('Place new elements');
    plan.undo();
    await settle();
    // Undoing the placement keeps the element where it was shown, and does not place it again.
    expect(plan.plan.layout?.n2).toBeUndefined();
    expect(plan.canRedo).toBe(true);
    expect(wrapper.find('[data-testid="node-n2"]').exists()).toBe(true);
    plan.redo();
    expect(plan.plan.layout?.n2).toBeDefined();
  });
});
