// @vitest-environment happy-dom
// Service editing: scheduler picker (flags follow the scheduler), mode picker explanations,
// persistence, health check, sorry server, quorum, fwmark match list, real-server list; Chinese.
import { beforeEach, describe, expect, it } from 'vitest';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { nextTick } from 'vue';
import TheInspector from '../../src-renderer/src/inspector/TheInspector.vue';
import { i18n } from '../../src-renderer/src/i18n';
import { usePlanStore } from '../../src-renderer/src/stores/plan';
import { useSelectionStore, type SelectedElement } from '../../src-renderer/src/stores/selection';
import { useSettingsStore } from '../../src-renderer/src/stores/settings';
import { SCHEDULER_INFO, SCHEDULER_LIST, schedulerFlagsFor } from '../../src-renderer/src/explain/schedulers';
import { MODE_INFO } from '../../src-renderer/src/explain/modes';
import { SCHEDULERS, SCHEDULER_FLAGS } from '../../src-core/model/plan-schema';

let pinia: Pinia;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  i18n.global.locale.value = 'en';
});

async function inspect(el: SelectedElement): Promise<VueWrapper> {
  useSelectionStore().select(el);
  const w = mount(TheInspector, { global: { plugins: [pinia, i18n] } });
  await nextTick();
  return w;
}
const field = (w: VueWrapper, name: string) => w.get(`[data-testid="field-${name}"]`);
const svc = () => usePlanStore().plan.spec.services[0]!;
const flagBoxes = (w: VueWrapper) => w.findAll('[data-testid^="field-schedulerFlags-"]').map((b) => b.attributes('data-testid')!.slice('field-schedulerFlags-'.length));

describe('scheduler explanations', () => {
  it('cover every scheduler in both languages, with the flags of the schema', () => {
    expect([...SCHEDULER_LIST]).toEqual([...SCHEDULERS]);
    for (const s of SCHEDULERS) {
      const info = SCHEDULER_INFO[s];
      for (const text of [info.name, info.summary, info.behaviour]) {
        expect(text.en.length).toBeGreaterThan(3);
        expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(SCHEDULERS.flatMap((s) => schedulerFlagsFor(s)).sort()).toEqual([...SCHEDULER_FLAGS].sort());
    expect(SCHEDULER_INFO.lc.behaviour.en).toContain('active × 256 + inactive');
    expect(SCHEDULER_INFO.sed.behaviour.en).toContain('(active + 1) × 256 / weight');
    expect(SCHEDULER_INFO.twos.minKernel).toBe('6.2');
    expect(MODE_INFO.fullnat.stockKernel).toBe(false);
    expect(MODE_INFO.dr.portMapping).toBe(false);
    expect(MODE_INFO.nat.portMapping).toBe(true);
  });
});

describe('service inspector', () => {
  it('the scheduler flags offered follow the scheduler; switching drops foreign flags in the same step', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    const store = usePlanStore();
    expect(flagBoxes(w)).toEqual([]);
    expect(w.get('[data-testid="scheduler-explain"]').text()).toContain('(active × 256 + inactive) / weight');
    await field(w, 'scheduler').setValue('sh');
    expect(svc().scheduler).toBe('sh');
    expect(flagBoxes(w)).toEqual(['sh-fallback', 'sh-port']);
    await field(w, 'schedulerFlags-sh-port').setValue(true);
    expect(svc().schedulerFlags).toEqual(['sh-port']);
    await field(w, 'scheduler').setValue('mh');
    expect(flagBoxes(w)).toEqual(['mh-fallback', 'mh-port']);
    expect(svc().schedulerFlags).toBeUndefined();
    expect(w.get('[data-testid="scheduler-explain"]').text()).toContain('Maglev');
    store.undo();
    expect(svc()).toMatchObject({ scheduler: 'sh', schedulerFlags: ['sh-port'] });
    await nextTick();
    expect((field(w, 'schedulerFlags-sh-port').element as unknown as { checked: boolean }).checked).toBe(true);
    await field(w, 'scheduler').setValue('twos');
    expect(w.get('[data-testid="scheduler-explain"]').text()).toContain('6.2');
    expect(flagBoxes(w)).toEqual([]);
  });

  it('one-packet scheduling is offered for UDP and fwmark only', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    expect(w.find('[data-testid="field-onePacket"]').exists()).toBe(false);
    await field(w, 'protocol').setValue('udp');
    await field(w, 'onePacket').setValue(true);
    expect(svc().onePacket).toBe(true);
    await field(w, 'onePacket').setValue(false);
    expect('onePacket' in svc()).toBe(false);
  });

  it('fwmark: switching protocol turns VIP:port into a match rule with a free mark, and back', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    const store = usePlanStore();
    await field(w, 'protocol').setValue('fwmark');
    expect(w.find('[data-testid="field-vip"]').exists()).toBe(false);
    expect(svc()).toMatchObject({ protocol: 'fwmark', fwmark: 1, match: [{ vip: '192.168.10.100', protocol: 'tcp', ports: [80] }] });
    expect(svc().vip).toBeUndefined();
    expect(svc().port).toBeUndefined();
    await field(w, 'fwmark').setValue('0');
    expect(svc().fwmark).toBe(1);
    await field(w, 'fwmark').setValue('10');
    expect(svc().fwmark).toBe(10);
    await field(w, 'family').setValue('ipv4');
    await w.get('[data-testid="add-match"]').trigger('click');
    expect(svc().match![1]).toEqual({ vip: '192.168.10.100', protocol: 'tcp', ports: [80] });
    await field(w, 'match-1-ports').setValue('80, 443');
    expect(svc().match![1]!.ports).toEqual([80, 443]);
    await field(w, 'match-1-ports').setValue('80, 99999');
    expect(svc().match![1]!.ports).toEqual([80, 443]);
    expect(w.find('[data-testid="error-match-1-ports"]').exists()).toBe(true);
    await field(w, 'match-1-protocol').setValue('udp');
    await field(w, 'match-1-vip').setValue('192.168.10.101');
    expect(svc().match![1]).toEqual({ vip: '192.168.10.101', protocol: 'udp', ports: [80, 443] });
    await w.get('[data-testid="remove-match-0"]').trigger('click');
    expect(svc().match).toHaveLength(1);
    await field(w, 'onePacket').setValue(true);
    await field(w, 'protocol').setValue('tcp');
    expect(svc()).toMatchObject({ protocol: 'tcp', vip: '192.168.10.101', port: 80 });
    for (const gone of ['fwmark', 'match', 'family', 'onePacket']) expect(gone in svc()).toBe(false);
    store.undo();
    expect(svc()).toMatchObject({ protocol: 'fwmark', fwmark: 10, onePacket: true });
  });

  it('persistence on/off, timeout range and netmask', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    await field(w, 'persistence-timeout').setValue('0');
    expect(svc().persistence?.timeout).toBe(300);
    await field(w, 'persistence-timeout').setValue('3600');
    expect(svc().persistence?.timeout).toBe(3600);
    await field(w, 'persistence-netmask').setValue('24');
    expect(svc().persistence?.netmask).toBeUndefined();
    await field(w, 'persistence-netmask').setValue('255.255.255.0');
    expect(svc().persistence?.netmask).toBe('255.255.255.0');
    await field(w, 'persistence-engine').setValue('sip');
    expect(svc().persistence?.engine).toBe('sip');
    await field(w, 'persistence').setValue(false);
    expect(svc().persistence).toBeUndefined();
    expect(w.find('[data-testid="field-persistence-timeout"]').exists()).toBe(false);
    await field(w, 'persistence').setValue(true);
    expect(svc().persistence).toEqual({ timeout: 360 });
  });

  it('diagnostics on a block show in that block (persistence made redundant by a hashing scheduler)', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    expect(w.find('[data-testid="diag-scheduler.persistence-redundant"]').exists()).toBe(false);
    await field(w, 'scheduler').setValue('sh');
    const diag = w.get('[data-testid="diag-scheduler.persistence-redundant"]');
    expect(diag.element.closest('fieldset')?.querySelector('[data-testid="field-persistence"]')).not.toBeNull();
  });

  it('health check editor shows the fields of its type', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    await field(w, 'healthCheck-expectStatus').setValue('600');
    expect(svc().healthCheck?.expectStatus).toBe(200);
    await field(w, 'healthCheck-digest').setValue('abc');
    expect(svc().healthCheck?.digest).toBeUndefined();
    await field(w, 'healthCheck-digest').setValue('0123456789abcdef0123456789ABCDEF');
    expect(svc().healthCheck?.digest).toBe('0123456789abcdef0123456789ABCDEF');
    await field(w, 'healthCheck-interval').setValue('2.5');
    expect(svc().healthCheck?.interval).toBe(2.5);
    await field(w, 'healthCheck-retries').setValue('101');
    expect(svc().healthCheck?.retries).toBe(2);
    await field(w, 'healthCheck-onFailure').setValue('remove');
    expect(svc().healthCheck?.onFailure).toBe('remove');
    await field(w, 'healthCheck-type').setValue('script');
    expect(w.find('[data-testid="field-healthCheck-path"]').exists()).toBe(false);
    await field(w, 'healthCheck-command').setValue('/usr/local/bin/check');
    expect(svc().healthCheck).toMatchObject({ type: 'script', command: '/usr/local/bin/check' });
    await field(w, 'healthCheck-type').setValue('');
    expect(svc().healthCheck).toBeUndefined();
  });

  it('sorry server and quorum appear and disappear with their required value', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    expect(w.find('[data-testid="field-sorryServer-port"]').exists()).toBe(false);
    await field(w, 'sorryServer-address').setValue('192.168.10.99');
    expect(svc().sorryServer).toEqual({ address: '192.168.10.99' });
    await field(w, 'sorryServer-port').setValue('8080');
    await field(w, 'sorryServer-forwarding').setValue('nat');
    expect(svc().sorryServer).toEqual({ address: '192.168.10.99', port: 8080, forwarding: 'nat' });
    await field(w, 'sorryServer-address').setValue('');
    expect(svc().sorryServer).toBeUndefined();
    await field(w, 'quorum-minimum').setValue('3');
    await field(w, 'quorum-hysteresis').setValue('1');
    expect(svc().quorum).toEqual({ minimum: 3, hysteresis: 1 });
    await field(w, 'quorum-minimum').setValue('10');
    expect(w.find('[data-testid="diag-service.quorum-unreachable"]').exists()).toBe(true);
  });

  it('real-server list: add a host, edit weight/forwarding/port, open, remove', async () => {
    const w = await inspect({ kind: 'service', id: 'svc-http' });
    await w.get('[data-testid="add-rs-host"]').setValue('rs2');
    await w.get('[data-testid="add-rs"]').trigger('click');
    const added = svc().realServers[3]!;
    expect(added).toEqual({ id: 'svc-http-rs2', host: 'rs2', port: 80, weight: 1, forwarding: 'dr' });
    await field(w, 'realServers-3-weight').setValue('x');
    expect(svc().realServers[3]!.weight).toBe(1);
    await field(w, 'realServers-3-weight').setValue('4');
    await field(w, 'realServers-3-forwarding').setValue('nat');
    await field(w, 'realServers-3-port').setValue('8080');
    expect(svc().realServers[3]).toMatchObject({ weight: 4, forwarding: 'nat', port: 8080 });
    await w.get('[data-testid="open-rs-svc-80-rs1"]').trigger('click');
    expect(useSelectionStore().primary).toEqual({ kind: 'real-server', id: 'svc-80-rs1', serviceId: 'svc-http' });
    usePlanStore().undo(); // the port
    useSelectionStore().select({ kind: 'service', id: 'svc-http' });
    await nextTick();
    await w.get('[data-testid="remove-realServers-3"]').trigger('click');
    expect(svc().realServers.map((r) => r.id)).toEqual(['svc-80-rs1', 'svc-80-rs2', 'svc-80-rs3']);
  });

  it('mode picker explains the mode; tun shows the tunnel settings', async () => {
    const w = await inspect({ kind: 'real-server', id: 'svc-80-rs1', serviceId: 'svc-http' });
    expect(w.get('[data-testid="mode-explain"]').text()).toContain('arp_ignore');
    await field(w, 'forwarding').setValue('tun');
    expect(w.get('[data-testid="mode-explain"]').text()).toContain('rp_filter');
    await field(w, 'tunnel-type').setValue('gue');
    await field(w, 'tunnel-port').setValue('6080');
    await field(w, 'tunnel-checksum').setValue('csum');
    expect(svc().realServers[0]!.tunnel).toEqual({ type: 'gue', port: 6080, checksum: 'csum' });
    await field(w, 'forwarding').setValue('nat');
    expect(w.find('[data-testid="field-tunnel-type"]').exists()).toBe(false);
    expect(w.get('[data-testid="mode-explain"]').text()).toContain('ip_forward');
    await field(w, 'forwarding').setValue('fullnat');
    expect(w.get('[data-testid="mode-explain"]').text()).toContain('Not supported by the stock Linux kernel');
    await field(w, 'upperThreshold').setValue('100');
    await field(w, 'lowerThreshold').setValue('200');
    expect(w.find('[data-testid="diag-rs.threshold-lower-above-upper"]').exists()).toBe(true);
    await field(w, 'healthCheck-type').setValue('tcp');
    expect(svc().realServers[0]!.healthCheck).toEqual({ type: 'tcp' });
  });

  it('shows Chinese texts when the language is zh', async () => {
    const w = await inspect({ kind: 'real-server', id: 'svc-80-rs1', serviceId: 'svc-http' });
    useSettingsStore().setLang('zh');
    await nextTick();
    await nextTick();
    expect(w.text()).toContain('权重');
    expect(w.text()).toContain('转发模式');
    expect(w.get('[data-testid="mode-explain"]').text()).toContain('arp_ignore = 1');
    expect(w.get('[data-testid="mode-explain"]').text()).toMatch(/二层网段/);
    await field(w, 'weight').setValue('abc');
    expect(w.get('[data-testid="error-weight"]').text()).toBe('权重：须为 0 到 2147483647 之间的整数');
    useSelectionStore().select({ kind: 'service', id: 'svc-http' });
    await nextTick();
    expect(w.get('[data-testid="scheduler-explain"]').text()).toContain('活动连接数');
    expect(w.text()).toContain('调度器');
  });
});
