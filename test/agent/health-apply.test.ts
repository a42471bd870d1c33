// applyHealth: the effective IPVS table given the checks' verdicts, and that the diff against it is
// empty once the kernel holds it (a second apply while a server is down runs nothing).
import { describe, expect, it } from 'vitest';
import type { DesiredHealth, DesiredHealthCheck } from '../../src-core/compile/desired-state';
import { diffIpvs } from '../../src-core/diff/ipvs-diff';
import type { IpvsDestination, IpvsTable } from '../../src-core/ipvs/types';
import { applyHealth, resolveHealth, sorryEvents, stepMachine, initialMachine } from '../../src-agent/health';
import type { HealthState } from '../../src-agent/protocol';

const dest = (address: string, weight = 1): IpvsDestination => ({ address, family: 'ipv4', port: 80, forward: 'masq', weight, upperThreshold: 0, lowerThreshold: 0 });
const SVC = 'ipv4|tcp|10.0.0.100|80';
const table = (): IpvsTable => ({
  services: [{ protocol: 'tcp', family: 'ipv4', address: '10.0.0.100', port: 80, scheduler: 'rr', onePacket: false, flags: [], destinations: [dest('10.0.1.1', 3), dest('10.0.1.2', 1)] }],
});
const check = (onFailure: DesiredHealthCheck['onFailure']): DesiredHealthCheck => ({ type: 'tcp', address: '', port: 80, interval: 1, timeout: 1, retries: 1, delayBeforeRetry: 1, onFailure });
const health = (onFailure: DesiredHealthCheck['onFailure'], sorry = true): DesiredHealth => ({
  services: [
    {
      service: SVC,
      destinations: [
        { dest: '10.0.1.1|80', check: check(onFailure) },
        { dest: '10.0.1.2|80', check: check(onFailure) },
      ],
      ...(sorry ? { sorry: dest('10.0.9.9') } : {}),
    },
  ],
});
const state = (...down: string[]): HealthState => ({
  destinations: ['10.0.1.1', '10.0.1.2'].map((a) => ({ service: SVC, dest: `${a}|80`, healthy: !down.includes(a), since: 't' })),
  sorryActive: [],
});
const weights = (t: IpvsTable): string[] => t.services[0]!.destinations.map((d) => `${d.address}=${d.weight}`);

describe('applyHealth', () => {
  it('without verdicts or health the table is unchanged (and not the same object)', () => {
    const t = table();
    expect(applyHealth(t, undefined, undefined)).toEqual(t);
    expect(applyHealth(t, health('remove'), undefined)).toEqual(t);
    expect(applyHealth(t, health('remove'), state())).not.toBe(t);
  });

  it('weight-zero keeps a failing server with weight 0; remove takes it out', () => {
    expect(weights(applyHealth(table(), health('weight-zero'), state('10.0.1.1')))).toEqual(['10.0.1.1=0', '10.0.1.2=1']);
    const r = resolveHealth(table(), health('remove'), state('10.0.1.2'));
    expect(weights(r.table)).toEqual(['10.0.1.1=3']);
    expect(r.removed).toEqual([`${SVC}#10.0.1.2|80`]);
    expect(r.sorryActive).toEqual([]);
  });

  it('the sorry server is the only live destination while none is live, and leaves when one is back', () => {
    const z = resolveHealth(table(), health('weight-zero'), state('10.0.1.1', '10.0.1.2'));
    expect(weights(z.table)).toEqual(['10.0.1.1=0', '10.0.1.2=0', '10.0.9.9=1']);
    expect(z.sorryActive).toEqual([SVC]);
    expect(weights(applyHealth(table(), health('remove'), state('10.0.1.1', '10.0.1.2')))).toEqual(['10.0.9.9=1']);
    expect(weights(applyHealth(table(), health('remove'), state('10.0.1.1')))).toEqual(['10.0.1.2=1']);
    // all down without a sorry server: an empty (or all weight 0) service, nothing invented
    expect(weights(applyHealth(table(), health('remove', false), state('10.0.1.1', '10.0.1.2')))).toEqual([]);
    expect(sorryEvents([], [SVC], 'a')).toEqual([{ type: 'sorry-on', service: SVC, at: 'a' }]);
    expect(sorryEvents([SVC], [], 'b')).toEqual([{ type: 'sorry-off', service: SVC, at: 'b' }]);
  });

  it('the diff from the kernel table to the effective one carries out the verdict, then is empty', () => {
    const desired = table();
    const down = applyHealth(desired, health('weight-zero'), state('10.0.1.1'));
    const ops = diffIpvs(desired, down);
    expect(ops).toEqual([{ kind: 'edit-dest', service: { family: 'ipv4', protocol: 'tcp', address: '10.0.0.100', port: 80 }, dest: dest('10.0.1.1', 0) }]);
    expect(diffIpvs(down, applyHealth(desired, health('weight-zero'), state('10.0.1.1')))).toEqual([]);
    const back = applyHealth(desired, health('weight-zero'), state());
    expect(diffIpvs(down, back)).toEqual([{ kind: 'edit-dest', service: expect.anything(), dest: dest('10.0.1.1', 3) }]);
  });
});

describe('the per-destination state machine', () => {
  const c = { ...check('remove'), retries: 2, interval: 10, delayBeforeRetry: 2 };
  const ids = { service: SVC, dest: '10.0.1.1|80' };
  it('retries after delay_before_retry, goes down on the (retries+1)th failure, up on one success', () => {
    let m = initialMachine('t0');
    const fail = { ok: false as const, error: 'refused' };
    let s = stepMachine(m, fail, c, ids, 't1');
    expect([s.next.healthy, s.event, s.waitS]).toEqual([true, undefined, 2]);
    s = stepMachine(s.next, fail, c, ids, 't2');
    expect([s.next.healthy, s.event, s.waitS]).toEqual([true, undefined, 2]);
    s = stepMachine(s.next, fail, c, ids, 't3');
    expect(s.next).toMatchObject({ healthy: false, since: 't3', lastError: 'refused' });
    expect(s.event).toEqual({ type: 'dest-down', ...ids, error: 'refused', at: 't3' });
    expect(s.waitS).toBe(10);
    m = s.next;
    s = stepMachine(m, fail, c, ids, 't4');
    expect([s.next.healthy, s.event, s.waitS]).toEqual([false, undefined, 10]);
    s = stepMachine(s.next, { ok: true }, c, ids, 't5');
    expect(s.event).toEqual({ type: 'dest-up', ...ids, at: 't5' });
    expect(s.next).toEqual({ healthy: true, failures: 0, since: 't5' });
    // a success in between resets the count
    s = stepMachine(stepMachine(initialMachine('t0'), fail, c, ids, 'x').next, { ok: true }, c, ids, 'y');
    expect(s.next.failures).toBe(0);
  });
});
