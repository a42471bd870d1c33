// @vitest-environment happy-dom
// The inspector writes through the plan store: valid text at once (one undo step per field while
// typing), invalid text never, with a located error; diagnostics appear under their field.
import { beforeEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import { readFileSync } from 'node:fs';
import TheInspector from '../../src-renderer/src/inspector/TheInspector.vue';
import { i18n } from '../../src-renderer/src/i18n';
import { usePlanStore } from '../../src-renderer/src/stores/plan';
import { useSelectionStore, type SelectedElement } from '../../src-renderer/src/stores/selection';
import { loadPlanText } from '../../src-core/model/load';
import type { Plan } from '../../src-core/model/plan-schema';

let pinia: Pinia;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  i18n.global.locale.value = 'en';
});

async function inspect(el?: SelectedElement, plan?: Plan): Promise<VueWrapper> {
  if (plan) usePlanStore().load(plan);
  if (el) useSelectionStore().select(el);
  const w = mount(TheInspector, { global: { plugins: [pinia, i18n] } });
  await nextTick();
  return w;
}

function fullExample(): Plan {
  const doc = readFileSync('docs/plan-format.md', 'utf8');
  const block = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('name: full-example'))!;
  return loadPlanText(block, 'full-example').plan!;
}

const field = (w: VueWrapper, name: string) => w.get(`[data-testid="field-${name}"]`);
const inputValue = (w: VueWrapper, name: string) => (field(w, name).element as unknown as { value: string }).value;
const host = (id: string) => usePlanStore().plan.spec.hosts.find((h) => h.id === id)!;
const rs1 = () => usePlanStore().plan.spec.services[0]!.realServers[0]!;

describe('inspector fields', () => {
  it('edits the plan metadata when nothing is selected; typing is one undo step', async () => {
    const w = await inspect();
    const store = usePlanStore();
    for (const text of ['s', 'sh', 'shop']) await field(w, 'name').setValue(text);
    expect(store.plan.metadata.name).toBe('shop');
    store.undo();
    expect(store.plan.metadata.name).toBe('demo-dr-web');
    expect(store.canUndo).toBe(false);
    await nextTick();
    expect(inputValue(w, 'name')).toBe('demo-dr-web');
  });

  it('weight: valid values are written, one step per field; undo restores', async () => {
    const w = await inspect({ kind: 'real-server', id: 'svc-80-rs1', serviceId: 'svc-http' });
    const store = usePlanStore();
    await field(w, 'weight').setValue('5');
    await field(w, 'weight').setValue('50');
    expect(rs1().weight).toBe(50);
    await field(w, 'port').setValue('8080');
    expect(rs1().port).toBe(8080);
    store.undo();
    expect(rs1().port).toBe(80);
    expect(rs1().weight).toBe(50);
    store.undo();
    expect(rs1().weight).toBe(1);
    await nextTick();
    expect(inputValue(w, 'weight')).toBe('1');
  });

  it('weight: invalid text is kept, shown red with a located message, and not written', async () => {
    const w = await inspect({ kind: 'real-server', id: 'svc-80-rs1', serviceId: 'svc-http' });
    const store = usePlanStore();
    const version = store.version;
    for (const bad of ['abc', '-1', '2147483648', '1.5']) {
      await field(w, 'weight').setValue(bad);
      expect(rs1().weight).toBe(1);
      expect(inputValue(w, 'weight')).toBe(bad);
      expect(field(w, 'weight').attributes('aria-invalid')).toBe('true');
      expect(w.get('[data-testid="error-weight"]').text()).toMatch(/^Weight: /);
    }
    expect(store.version).toBe(version);
    // Back to a valid value: written, the error goes away.
    await field(w, 'weight').setValue('0');
    expect(rs1().weight).toBe(0);
    expect(w.find('[data-testid="error-weight"]').exists()).toBe(false);
    // 0 = drained: the validator's info shows under the field.
    expect(w.find('[data-testid="diag-rs.weight-zero"]').exists()).toBe(true);
  });

  it('weight above 65535 is written with a keepalived warning', async () => {
    const w = await inspect({ kind: 'real-server', id: 'svc-80-rs1', serviceId: 'svc-http' });
    await field(w, 'weight').setValue('70000');
    expect(rs1().weight).toBe(70000);
    expect(w.get('[data-testid="warning-weight"]').text()).toContain('65535');
    expect(w.find('[data-testid="diag-rs.weight-over-keepalived"]').exists()).toBe(true);
  });

  it('ports: 0..65535 only', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    const svc = () => usePlanStore().plan.spec.services[0]!;
    await field(w, 'port').setValue('65536');
    expect(svc().port).toBe(80);
    expect(w.get('[data-testid="error-port"]').text()).toContain('0');
    await field(w, 'port').setValue('8080');
    expect(svc().port).toBe(8080);
  });

  it('gateway: an IP of the right family or nothing; a reachable one clears the diagnostic', async () => {
    const w = await inspect({ kind: 'host', id: 'rs1' });
    await field(w, 'gateway').setValue('192.168.10.');
    expect(host('rs1').gateway).toBe('192.168.10.1');
    expect(w.get('[data-testid="error-gateway"]').text()).toContain('192.168.10.');
    await field(w, 'gateway').setValue('2001:db8::1');
    expect(host('rs1').gateway).toBe('192.168.10.1');
    await field(w, 'gateway').setValue('10.9.9.9');
    expect(host('rs1').gateway).toBe('10.9.9.9');
    expect(w.find('[data-testid="diag-host.gateway-unreachable"]').exists()).toBe(true);
    await field(w, 'gateway').setValue('');
    expect('gateway' in host('rs1')).toBe(false);
    expect(w.find('[data-testid="diag-host.gateway-unreachable"]').exists()).toBe(false);
  });

  it('VIP must be an address', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    await field(w, 'vip').setValue('192.168.10.300');
    expect(usePlanStore().plan.spec.services[0]!.vip).toBe('192.168.10.100');
    expect(w.find('[data-testid="error-vip"]').exists()).toBe(true);
    await field(w, 'vip').setValue('192.168.10.101');
    expect(usePlanStore().plan.spec.services[0]!.vip).toBe('192.168.10.101');
  });

  it('network CIDR and MTU', async () => {
    const w = await inspect({ kind: 'network', id: 'lan' });
    const net = () => usePlanStore().plan.spec.networks[0]!;
    await field(w, 'cidr').setValue('192.168.10.0/33');
    expect(net().cidr).toBe('192.168.10.0/24');
    expect(w.find('[data-testid="error-cidr"]').exists()).toBe(true);
    await field(w, 'cidr').setValue('192.168.0.0/16');
    expect(net().cidr).toBe('192.168.0.0/16');
    await field(w, 'mtu').setValue('500');
    expect(net().mtu).toBeUndefined();
    await field(w, 'mtu').setValue('9000');
    expect(net().mtu).toBe(9000);
  });

  it('an external change (undo) drops the pending invalid text', async () => {
    const w = await inspect({ kind: 'real-server', id: 'svc-80-rs1', serviceId: 'svc-http' });
    const store = usePlanStore();
    await field(w, 'weight').setValue('9');
    await field(w, 'weight').setValue('9x');
    expect(inputValue(w, 'weight')).toBe('9x');
    store.undo();
    await nextTick();
    expect(inputValue(w, 'weight')).toBe('1');
    expect(w.find('[data-testid="error-weight"]').exists()).toBe(false);
  });

  it('interfaces: add one, attach it to a network, add a validated address, remove it', async () => {
    const w = await inspect({ kind: 'host', id: 'dir1' });
    await w.get('[data-testid="add-interface"]').trigger('click');
    expect(host('dir1').interfaces.map((i) => i.name)).toEqual(['eth0', 'eth1']);
    await field(w, 'interfaces-1-network').setValue('lan');
    expect(host('dir1').interfaces[1]!.network).toBe('lan');
    await field(w, 'interfaces-1-addresses-new').setValue('192.168.10.6');
    await w.get('[data-testid="add-interfaces-1-addresses"]').trigger('click');
    expect(host('dir1').interfaces[1]!.addresses).toEqual([]);
    expect(w.text()).toContain('is not an address/prefix length');
    await field(w, 'interfaces-1-addresses-new').setValue('192.168.10.6/24');
    await w.get('[data-testid="add-interfaces-1-addresses"]').trigger('click');
    expect(host('dir1').interfaces[1]!.addresses).toEqual(['192.168.10.6/24']);
    await field(w, 'interfaces-1-addresses-0').setValue('192.168.10.7/24');
    expect(host('dir1').interfaces[1]!.addresses).toEqual(['192.168.10.7/24']);
    await field(w, 'interfaces-1-name').setValue('this-name-is-too-long');
    expect(host('dir1').interfaces[1]!.name).toBe('eth1');
    await w.get('[data-testid="remove-interfaces-1"]').trigger('click');
    expect(host('dir1').interfaces).toHaveLength(1);
  });

  it('SSH: no password input exists; emptying the host removes the endpoint', async () => {
    const w = await inspect({ kind: 'host', id: 'rs1' });
    expect(w.find('input[type="password"]').exists()).toBe(false);
    await field(w, 'ssh-auth').setValue('key');
    await field(w, 'ssh-keyFile').setValue('~/.ssh/id_ed25519');
    expect(host('rs1').ssh).toEqual({ host: '192.168.10.11', user: 'root', auth: 'key', keyFile: '~/.ssh/id_ed25519' });
    await field(w, 'ssh-port').setValue('0');
    expect(host('rs1').ssh?.port).toBeUndefined();
    await field(w, 'ssh-host').setValue('');
    expect(host('rs1').ssh).toBeUndefined();
  });

  it('director-only data plane, distro and kernel', async () => {
    const w = await inspect({ kind: 'host', id: 'dir1' });
    await field(w, 'dataPlane').setValue('nftables');
    await field(w, 'distro').setValue('rhel');
    await field(w, 'kernel').setValue('6.6.0');
    expect(host('dir1')).toMatchObject({ dataPlane: 'nftables', distro: 'rhel', kernel: '6.6.0' });
    await field(w, 'role').setValue('router');
    await nextTick();
    expect(w.find('[data-testid="field-dataPlane"]').exists()).toBe(false);
  });

  it('HA pair: changing a director moves its priority; the password is limited to 8 characters', async () => {
    const plan = fullExample();
    plan.spec.hosts.push({ id: 'lb3', name: 'lb-3', role: 'director', interfaces: [{ name: 'eth0', network: 'pub', addresses: ['203.0.113.4/24'] }] });
    const w = await inspect({ kind: 'ha-pair', id: 'ha' }, plan);
    const pair = () => usePlanStore().plan.spec.haPairs![0]!;
    await field(w, 'directors-1').setValue('lb3');
    expect(pair().directors).toEqual(['lb1', 'lb3']);
    expect(pair().vrrp.priorities).toEqual({ lb1: 150, lb3: 100 });
    await field(w, 'vrrp-priorities-lb3').setValue('256');
    expect(pair().vrrp.priorities.lb3).toBe(100);
    await field(w, 'vrrp-priorities-lb3').setValue('120');
    expect(pair().vrrp.priorities.lb3).toBe(120);
    await field(w, 'vrrp-authPass').setValue('123456789');
    expect(pair().vrrp.authPass).toBe('s3cr3t');
    expect(w.text()).toContain('clear text');
    await field(w, 'vrrp-virtualRouterId').setValue('0');
    expect(pair().vrrp.virtualRouterId).toBe(51);
    await field(w, 'vrrp-vips-new').setValue('203.0.113.30');
    await w.get('[data-testid="add-vrrp-vips"]').trigger('click');
    expect(pair().vrrp.vips).toEqual(['10.10.0.1/24', '203.0.113.30']);
    await field(w, 'vrrp-preempt').setValue(false);
    expect(pair().vrrp.preempt).toBe(false);
    await field(w, 'sync-syncId').setValue('7');
    expect(pair().sync).toEqual({ interface: 'eth1', syncId: 7 });
    await field(w, 'sync-interface').setValue('');
    expect(pair().sync).toBeUndefined();
  });
});
