// The deploy engine's pure parts: host selection, conflicts, the plan hash, node detection, the pool.
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src-core/compile/compile';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import type { ReadStateResult } from '../../src-agent/protocol';
import { emptyDesiredState } from '../../src-core/compile/desired-state';
import { rollbackTarget } from '../../src-core/diff/rollback-target';
import type { HostOp } from '../../src-core/diff/host-ops';
import { selectEndpoints } from '../../src-main/services/deploy/engine';
import { nodeArch, nodeIsRecent } from '../../src-main/services/deploy/install';
import { planHash } from '../../src-main/services/deploy/plan-hash';
import { eachLimit } from '../../src-main/services/deploy/pool';
import { findConflicts, neededModules } from '../../src-main/services/deploy/preflight';
import type { HelloResult } from '../../src-agent/protocol';
import { sudoInput, sudoRejectedPassword, sudoWantsPassword, withSudo } from '../../src-main/services/deploy/remote';
import { remoteCommand } from '../../src-main/services/agent/ssh-agent-channel';

const plan = demoDrPlan();
const director = compilePlan(plan).hosts.find((h) => h.role === 'director')!;

function state(over: Partial<ReadStateResult['actual']>): ReadStateResult {
  return {
    plane: 'ipvs',
    actual: { addresses: [], sysctls: {}, routes: [], tunnels: [], fouPorts: [], markRules: { ipv4: [], ipv6: [] }, modules: [], ipvs: { services: [] }, ...over },
  };
}

describe('deploy engine parts', () => {
  it('selects the directors and real servers, by id or name, and refuses unknown names', () => {
    const all = selectEndpoints({ plan });
    expect(all.length).toBeGreaterThan(1);
    const one = all[1]!;
    expect(selectEndpoints({ plan, only: [one.hostName] }).map((e) => e.hostId)).toEqual([one.hostId]);
    expect(() => selectEndpoints({ plan, only: ['nope'] })).toThrow(/not a director or real server of the plan: nope/);
  });

  it('the plan hash ignores key order and changes with the plan', () => {
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const reordered = reverse(plan) as typeof plan;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(plan));
    expect(planHash(reordered)).toBe(planHash(plan));
    const changed = structuredClone(plan);
    changed.spec.services[0]!.port = 8443;
    expect(planHash(changed)).not.toBe(planHash(plan));
  });

  it('conflicts: a foreign IPVS service would be deleted, an existing one taken over, a VIP on another device', () => {
    const ours = director.ipvs.services[0]!;
    const foreign = { ...structuredClone(ours), address: '192.0.2.250', port: 25 };
    const vip = director.addresses.find((a) => a.managed)!;
    const ip = vip.cidr.split('/')[0]!;
    const c = findConflicts(director, state({ ipvs: { services: [foreign, structuredClone(ours)] }, addresses: [{ dev: 'dummy9', cidr: `${ip}/32`, family: 'ipv4', owned: false }] }), undefined);
    expect(c).toHaveLength(3);
    expect(c[0]).toMatch(/192\.0\.2\.250\|25 exists on the host and is not in the plan: the deploy would delete it/);
    expect(c[1]).toMatch(/already exists on the host \(not created by LVS Studio\): the deploy would take it over/);
    expect(c[2]).toBe(`address ${ip} is already on dummy9 (not added by LVS Studio); the plan puts it on ${vip.dev}`);
    // after a deploy of ours (previous desired state), none of that is a conflict any more
    expect(findConflicts(director, state({ ipvs: { services: [structuredClone(ours)] } }), director)).toEqual([]);
  });

  it('an empty desired state keeps only who the host is', () => {
    const e = emptyDesiredState(director);
    expect(e).toMatchObject({ hostId: director.hostId, role: 'director', addresses: [], ipvs: { services: [] } });
    expect(e.health).toBeUndefined();
  });

  it('sudo: the password goes on stdin, never into the command line', () => {
    const pw = "p'w $(x) ;";
    const mode = { kind: 'password', password: pw } as const;
    expect(withSudo(['id', '-u'], mode)).toEqual(['sudo', '-S', '-k', '-p', '', '--', 'id', '-u']);
    expect(remoteCommand(withSudo(['id', '-u'], mode))).toBe("sudo -S -k -p '' -- id -u");
    expect(sudoInput(mode)).toBe(`${pw}\n`);
    expect(withSudo(['id'], { kind: 'nopasswd' })).toEqual(['sudo', '-n', '--', 'id']);
    expect([withSudo(['id'], { kind: 'root' }), sudoInput({ kind: 'root' }), sudoInput({ kind: 'nopasswd' })]).toEqual([['id'], '', '']);
    // sudo 1.9.13's own words (Debian 12)
    expect(sudoWantsPassword('sudo: a password is required\n')).toBe(true);
    expect(sudoRejectedPassword('Sorry, try again.\nsudo: no password was provided\nsudo: 1 incorrect password attempt\n')).toBe(true);
    expect(sudoRejectedPassword('sh: 1: nope: not found\n')).toBe(false);
  });

  it('rolling back a first deploy sets the sysctls it changed back to their earlier values', () => {
    const d = { en: '', zh: '' };
    const applied: HostOp[] = [
      { kind: 'set-sysctl', key: 'net.ipv4.ip_forward', value: '1', previous: '0', description: d },
      { kind: 'set-sysctl', key: 'net.ipv4.conf.all.arp_ignore', value: '1', previous: '0', description: d },
      // a key that did not exist before (its module was not loaded): nothing to put back
      { kind: 'set-sysctl', key: 'net.ipv4.vs.conntrack', value: '1', description: d },
      { kind: 'add-address', dev: 'lo', cidr: '10.0.0.100/32', family: 'ipv4', description: d },
    ];
    const first = rollbackTarget(undefined, director, applied);
    expect(first).toEqual({
      ...emptyDesiredState(director),
      sysctls: [
        { key: 'net.ipv4.ip_forward', value: '0', reason: 'its value before the deploy that was rolled back' },
        { key: 'net.ipv4.conf.all.arp_ignore', value: '0', reason: 'its value before the deploy that was rolled back' },
      ],
    });
    // a key the deploy before manages goes back to that deploy's value, not to the earlier one
    const previous = { ...emptyDesiredState(director), sysctls: [{ key: 'net.ipv4.ip_forward', value: '1', reason: 'NAT' }] };
    expect(rollbackTarget(previous, director, applied).sysctls.map((s) => `${s.key}=${s.value}`)).toEqual(['net.ipv4.ip_forward=1', 'net.ipv4.conf.all.arp_ignore=0']);
    expect(rollbackTarget(previous, director, [])).toBe(previous);
  });

  it('the modules a host needs, as its kernel has them (ip_vs only on the ipvs plane)', () => {
    const d = { ...director, modules: [
      { name: 'ip_vs', reason: 'IPVS' },
      { name: 'ip_vs_wrr', reason: 'scheduler' },
      { name: 'ipip', reason: 'TUN' },
      { name: 'ipip', reason: 'TUN again' },
    ] };
    const hello = { modules: { ip_vs: 'loaded', ipip: 'missing', ip6_tunnel: 'available', fou: 'unknown' } } as unknown as HelloResult;
    expect(neededModules(d, hello, 'ipvs')).toEqual([
      { name: 'ip_vs', state: 'loaded', reason: 'IPVS' },
      { name: 'ipip', state: 'missing', reason: 'TUN' },
    ]);
    expect(neededModules(d, hello, 'nftables')).toEqual([{ name: 'ipip', state: 'missing', reason: 'TUN' }]);
    expect(neededModules({ ...d, modules: [] }, hello, 'ipvs')).toEqual([]);
  });

  it('node detection', () => {
    expect([nodeIsRecent('v20.11.1\n'), nodeIsRecent('v18.0.0'), nodeIsRecent('v16.20.2'), nodeIsRecent('')]).toEqual([true, true, false, false]);
    expect([nodeArch('x86_64\n'), nodeArch('aarch64'), nodeArch('armv7l')]).toEqual(['x64', 'arm64', undefined]);
  });

  it('the pool never runs more than the limit and stops starting work when told', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await eachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      running--;
    });
    expect(peak).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const started: number[] = [];
    await eachLimit([1, 2, 3, 4], 1, async (n) => void started.push(n), () => started.length >= 2);
    expect(started).toEqual([1, 2]);
  });
});
