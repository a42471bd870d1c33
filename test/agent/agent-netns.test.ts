// The bundled agent on the real kernel, inside a throwaway network namespace: hello, read-state,
// apply (dry run, real, idempotent), rollback on a failing step, recovery after kill -9 mid-apply,
// the apply lock, bad input, stdin close, and plan text full of shell metacharacters.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import type { ApplyResult, HelloResult, ReadStateResult } from '../../src-agent/protocol';
import { needRoot, needTools } from '../support/tools';
import { buildAgent, nsExec, startAgent, tempDirs, type AgentProc } from './agent-harness';

const enabled = needTools('ip', 'iptables', 'iptables-restore', 'sysctl') && needRoot();
const NS = `lvsag-${process.pid}`;
const EVIL = '$(touch /tmp/pwned-lvs-agent); touch /tmp/pwned-lvs-agent ; `touch /tmp/pwned-lvs-agent`';
const PWNED = '/tmp/pwned-lvs-agent';

function desired(over: Partial<HostDesiredState> = {}): HostDesiredState {
  return {
    hostId: `rs-${EVIL}`,
    hostName: `real server ${EVIL}`,
    role: 'real-server',
    distro: 'debian',
    addresses: [
      { dev: 'lo', cidr: '192.0.2.10/32', family: 'ipv4', managed: true, reason: `VIP of ${EVIL}` },
      { dev: 'lo', cidr: '2001:db8::10/128', family: 'ipv6', managed: true, reason: EVIL },
    ],
    tunnels: [],
    sysctls: [
      { key: 'net.ipv4.conf.all.arp_ignore', value: '1', reason: EVIL },
      { key: 'net.ipv4.conf.all.arp_announce', value: '2', reason: EVIL },
    ],
    routes: [{ family: 'ipv4', dst: 'default', via: '10.77.0.254', reason: EVIL }],
    markRules: [{ family: 'ipv4', vip: '192.0.2.10', protocol: 'tcp', ports: [80, 443], mark: 5, serviceId: EVIL }],
    modules: [],
    ipvs: { services: [] },
    ...over,
  };
}

interface HostView {
  addrs: string[];
  arpIgnore: string;
  arpAnnounce: string;
  defaultVia: string | undefined;
  mark: string[];
}

function view(): HostView {
  const addrs = (JSON.parse(nsExec(NS, ['ip', '-j', 'addr', 'show', 'lo'])) as { addr_info: { local: string; prefixlen: number }[] }[])[0]!.addr_info.map(
    (a) => `${a.local}/${a.prefixlen}`,
  );
  const routes = JSON.parse(nsExec(NS, ['ip', '-j', 'route', 'show', 'default'])) as { gateway?: string }[];
  let mark: string[] = [];
  try {
    mark = execFileSync('ip', ['netns', 'exec', NS, 'iptables', '-t', 'mangle', '-S', 'LVS-STUDIO-MARK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')
      .filter((l) => l.startsWith('-A'));
  } catch {
    /* no chain */
  }
  return {
    addrs: addrs.sort(),
    arpIgnore: nsExec(NS, ['cat', '/proc/sys/net/ipv4/conf/all/arp_ignore']).trim(),
    arpAnnounce: nsExec(NS, ['cat', '/proc/sys/net/ipv4/conf/all/arp_announce']).trim(),
    defaultVia: routes[0]?.gateway,
    mark,
  };
}

describe.skipIf(!enabled)('agent in a network namespace', () => {
  let bundle = '';
  const dirs = tempDirs('lvs-agent-test-');
  const agents: AgentProc[] = [];
  let before: HostView;
  const start = (env: Record<string, string> = {}): AgentProc => {
    const a = startAgent(bundle, dirs, { ns: NS, env });
    agents.push(a);
    return a;
  };

  beforeAll(async () => {
    rmSync(PWNED, { force: true });
    bundle = await buildAgent(dirs.root);
    execFileSync('ip', ['netns', 'add', NS]);
    nsExec(NS, ['ip', 'link', 'set', 'lo', 'up']);
    nsExec(NS, ['ip', 'link', 'add', 'dum0', 'type', 'veth', 'peer', 'name', 'dum1']);
    nsExec(NS, ['ip', 'link', 'set', 'dum1', 'up']);
    nsExec(NS, ['ip', 'addr', 'add', '10.77.0.1/24', 'dev', 'dum0']);
    nsExec(NS, ['ip', 'link', 'set', 'dum0', 'up']);
    nsExec(NS, ['ip', 'route', 'add', 'default', 'via', '10.77.0.253']);
    before = view();
  });

  afterAll(async () => {
    for (const a of agents) a.kill();
    await Promise.all(agents.map((a) => a.exited));
    try {
      execFileSync('ip', ['netns', 'del', NS]);
    } catch {
      /* not created */
    }
    rmSync(dirs.root, { recursive: true, force: true });
  });

  it('answers hello with versions, kernel, planes and a state summary', async () => {
    const a = start();
    const { result } = await a.call<HelloResult>('hello');
    expect(result!.protocolVersion).toBe(1);
    expect(result!.capabilities).toEqual(expect.arrayContaining(['hello', 'read-state', 'apply', 'cancel']));
    expect(result!.kernel).toContain(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    expect(result!.uid).toBe(0);
    expect(result!.planes.ipvs.ipvsadm).toBe(existsSync('/usr/sbin/ipvsadm') || existsSync('/sbin/ipvsadm'));
    expect(result!.planes.ipvs.moduleLoaded).toBe(existsSync('/proc/modules') && readFileSync('/proc/modules', 'utf8').includes('ip_vs '));
    expect(result!.state.recoveredJournal).toBeUndefined();
    a.close();
    expect((await a.exited).code).toBe(0);
  });

  it('answers bad JSON and unknown methods with errors and keeps going; exits when stdin closes', async () => {
    const a = start();
    a.send('{"id": 1, "method": "hello"');
    a.send('[1,2,3]');
    a.send('{"id": 7, "method": "rm -rf /"}');
    a.send('{"id": 8, "method": "hello"}');
    const ok = await a.waitFor((r) => r.id === 8);
    expect(ok.result).toBeDefined();
    const errs = a.lines.filter((r) => r.error);
    expect(errs.map((r) => r.error!.code)).toEqual(['bad-request', 'bad-request', 'bad-request']);
    expect(errs.find((r) => r.id === 7)?.error?.message).toMatch(/unknown method/);
    a.close();
    const exit = await a.exited;
    expect(exit.code).toBe(0);
  });

  it('dry run lists the steps and changes nothing', async () => {
    const a = start();
    const { result, error } = await a.call<ApplyResult>('apply', { desired: desired(), dryRun: true });
    expect(error).toBeUndefined();
    expect(result!.dryRun).toBe(true);
    expect(result!.plane).toBe('none');
    expect(result!.hostOps.map((o) => o.kind)).toEqual(['set-sysctl', 'set-sysctl', 'add-address', 'add-address', 'replace-route', 'replace-mark-chain']);
    expect(result!.steps.flatMap((s) => s.commands)).toContainEqual(['sysctl', '-w', 'net.ipv4.conf.all.arp_ignore=1']);
    expect(result!.steps.flatMap((s) => s.commands)).toContainEqual(['ip', '-4', 'route', 'replace', 'default', 'via', '10.77.0.254']);
    expect(view()).toEqual(before);
    a.close();
  });

  it('applies, reports it in read-state, and a second apply runs nothing', async () => {
    const a = start();
    const first = await a.call<ApplyResult>('apply', { desired: desired(), planHash: 'h1' });
    expect(first.error).toBeUndefined();
    expect(first.events.filter((e) => (e as { type: string }).type === 'step-done')).toHaveLength(first.result!.steps.length);
    const v = view();
    expect(v.addrs).toEqual(expect.arrayContaining(['192.0.2.10/32', '2001:db8::10/128']));
    expect([v.arpIgnore, v.arpAnnounce, v.defaultVia]).toEqual(['1', '2', '10.77.0.254']);
    expect(v.mark).toEqual(['-A LVS-STUDIO-MARK -d 192.0.2.10/32 -p tcp -m multiport --dports 80,443 -j MARK --set-xmark 0x5/0xffffffff']);
    expect(nsExec(NS, ['iptables', '-t', 'mangle', '-S', 'PREROUTING'])).toContain('-A PREROUTING -j LVS-STUDIO-MARK');

    const state = await a.call<ReadStateResult>('read-state');
    const owned = state.result!.actual.addresses.filter((x) => x.owned).map((x) => x.cidr).sort();
    expect(owned).toEqual(['192.0.2.10/32', '2001:db8::10/128']);
    expect(state.result!.actual.sysctls['net.ipv4.conf.all.arp_ignore']).toBe('1');
    expect(state.result!.actual.markRules.ipv4).toHaveLength(1);

    const second = await a.call<ApplyResult>('apply', { desired: desired(), planHash: 'h1' });
    expect(second.result!.hostOps).toEqual([]);
    expect(second.result!.steps).toEqual([]);
    const hello = await a.call<HelloResult>('hello');
    expect(hello.result!.state.lastApply?.planHash).toBe('h1');

    // dropping an address the agent added removes it; addresses it did not add are never touched
    const fewer = desired();
    fewer.addresses = fewer.addresses.slice(0, 1);
    const third = await a.call<ApplyResult>('apply', { desired: fewer });
    expect(third.result!.hostOps.map((o) => o.kind)).toEqual(['delete-address']);
    expect(view().addrs).not.toContain('2001:db8::10/128');
    expect(view().addrs).toContain('127.0.0.1/8');
    a.close();
  });

  it('rolls back every step when one fails (a read-only sysctl: exit 0, error on stderr)', async () => {
    const a = start();
    const was = view();
    const bad = desired({
      addresses: [{ dev: 'lo', cidr: '198.51.100.7/32', family: 'ipv4', managed: true, reason: '' }],
      sysctls: [
        { key: 'net.ipv4.conf.all.arp_ignore', value: '2', reason: '' },
        { key: 'net.ipv4.conf.all.mc_forwarding', value: '1', reason: 'read-only' },
      ],
      routes: [{ family: 'ipv4', dst: 'default', via: '10.77.0.200', reason: '' }],
    });
    const { error, events } = await a.call('apply', { desired: bad });
    expect(error?.code).toBe('apply-failed');
    expect(error?.rolledBack).toBe(true);
    expect(error?.step?.argv).toEqual(['sysctl', '-w', 'net.ipv4.conf.all.mc_forwarding=1']);
    expect(error?.step?.exitCode).toBe(0);
    expect(error?.step?.stderr).toMatch(/mc_forwarding/);
    expect(events).toContainEqual({ type: 'rollback-done' });
    expect(view()).toEqual(was);
    expect(existsSync(join(dirs.stateDir, 'journal.json'))).toBe(false);

    // a route through a gateway that is not on any link fails with a non-zero exit
    const unreachable = desired({ routes: [{ family: 'ipv4', dst: 'default', via: '203.0.113.1', reason: '' }], sysctls: [{ key: 'net.ipv4.conf.all.arp_ignore', value: '2', reason: '' }] });
    const r2 = await a.call('apply', { desired: unreachable });
    expect(r2.error?.code).toBe('apply-failed');
    expect(r2.error?.step?.argv).toEqual(['ip', '-4', 'route', 'replace', 'default', 'via', '203.0.113.1']);
    expect(r2.error?.step?.stderr).toMatch(/gateway|unreachable/i);
    expect(view()).toEqual(was);
    a.close();
  });

  it('a second concurrent apply gets busy; cancel rolls back between steps', async () => {
    // long enough for the busy calls and the cancel to arrive before the second step on a loaded machine
    const a = start({ LVS_AGENT_STEP_DELAY_MS: '2500' });
    const was = view();
    const change = desired({ sysctls: [{ key: 'net.ipv4.conf.all.arp_ignore', value: '2', reason: '' }, { key: 'net.ipv4.conf.all.arp_announce', value: '1', reason: '' }] });
    const id = a.request('apply', { desired: change });
    await a.waitFor((r) => r.id === id && (r.event as { type?: string } | undefined)?.type === 'step-start');
    const other = start();
    const busy = await other.call('apply', { desired: change });
    expect(busy.error?.code).toBe('busy');
    const busySame = await a.call('apply', { desired: change });
    expect(busySame.error?.code).toBe('busy');
    a.request('cancel', { target: id });
    const r = await a.waitFor((x) => x.id === id && !('event' in x));
    expect(r.error?.code).toBe('cancelled');
    expect(r.error?.rolledBack).toBe(true);
    expect(view()).toEqual(was);
    a.close();
    other.close();
  });

  it('stdin closing mid-apply rolls back between steps and ends the process', async () => {
    const was = view();
    const a = start({ LVS_AGENT_STEP_DELAY_MS: '2500' });
    const change = desired({ sysctls: [{ key: 'net.ipv4.conf.all.arp_ignore', value: '2', reason: '' }, { key: 'net.ipv4.conf.all.arp_announce', value: '1', reason: '' }] });
    const id = a.request('apply', { desired: change });
    await a.waitFor((r) => r.id === id && (r.event as { type?: string } | undefined)?.type === 'step-done');
    a.close();
    expect((await a.exited).code).toBe(0);
    expect(a.lines.find((r) => r.id === id && r.error)?.error?.code).toBe('cancelled');
    expect(view()).toEqual(was);
    expect(existsSync(join(dirs.stateDir, 'journal.json'))).toBe(false);
  });

  it('an agent killed mid-apply is rolled back on its next start (hello says recoveredJournal)', async () => {
    const was = view();
    const a = start({ LVS_AGENT_STEP_DELAY_MS: '1500' });
    const change = desired({
      addresses: [{ dev: 'lo', cidr: '198.51.100.9/32', family: 'ipv4', managed: true, reason: '' }],
      sysctls: [{ key: 'net.ipv4.conf.all.arp_ignore', value: '2', reason: '' }, { key: 'net.ipv4.conf.all.arp_announce', value: '1', reason: '' }],
      routes: [{ family: 'ipv4', dst: 'default', via: '10.77.0.222', reason: '' }],
    });
    const id = a.request('apply', { desired: change });
    // two steps done, the third started (the agent waits before running it): kill -9
    await a.waitFor((r) => r.id === id && (r.event as { type?: string; index?: number } | undefined)?.type === 'step-done' && (r.event as { index: number }).index === 1);
    a.kill();
    await a.exited;
    expect(existsSync(join(dirs.stateDir, 'journal.json'))).toBe(true);
    expect(view()).not.toEqual(was);
    const b = start();
    const hello = await b.call<HelloResult>('hello');
    expect(hello.result!.state.recoveredJournal).toBe(true);
    expect(view()).toEqual(was);
    expect(existsSync(join(dirs.stateDir, 'journal.json'))).toBe(false);
    b.close();
  });

  it('refuses values that would reach an argv unchecked (device, sysctl key) with bad-request', async () => {
    const a = start();
    const was = view();
    const evilDev = await a.call('apply', { desired: desired({ addresses: [{ dev: 'lo;touch /tmp/pwned-lvs-agent', cidr: '192.0.2.99/32', family: 'ipv4', managed: true, reason: '' }] }) });
    expect(evilDev.error?.code).toBe('bad-request');
    const evilKey = await a.call('apply', { desired: desired({ sysctls: [{ key: '-p/tmp/x', value: '1', reason: '' }] }) });
    expect(evilKey.error?.code).toBe('bad-request');
    const notState = await a.call('apply', { desired: { hostName: EVIL } });
    expect(notState.error?.code).toBe('bad-request');
    expect(view()).toEqual(was);
    a.close();
  });

  it('runs a director table on the nftables plane: apply, no-op re-apply, one weight = one op, kill -9 recovery', async () => {
    const d = (w: number): HostDesiredState => ({
      ...desired(),
      role: 'director',
      dataPlane: 'nftables',
      addresses: [],
      routes: [],
      markRules: [],
      sysctls: [{ key: 'net.ipv4.ip_forward', value: '1', reason: '' }],
      modules: [{ name: 'ip_vs', reason: 'dropped off the ipvs plane' }],
      ipvs: {
        services: [
          {
            protocol: 'tcp', family: 'ipv4', address: '10.77.0.100', port: 80, scheduler: 'wrr', onePacket: false, flags: [],
            destinations: [
              { address: '10.77.0.11', family: 'ipv4', port: 8080, forward: 'masq', weight: 1, upperThreshold: 0, lowerThreshold: 0 },
              { address: '10.77.0.12', family: 'ipv4', port: 8080, forward: 'masq', weight: w, upperThreshold: 0, lowerThreshold: 0 },
            ],
          },
        ],
      },
    });
    const a = start();
    const first = await a.call<ApplyResult>('apply', { desired: d(2) });
    expect(first.error).toBeUndefined();
    expect(first.result!.plane).toBe('nftables');
    // the ip_vs module is not loaded off the ipvs plane (earlier tests' leftovers account for the rest)
    expect(first.result!.hostOps.map((o) => o.kind)).toContain('set-sysctl');
    expect(first.result!.hostOps.map((o) => o.kind)).not.toContain('load-module');
    expect(first.result!.ipvsOps.map((o) => o.kind)).toEqual(['add-service', 'add-dest', 'add-dest']);
    expect(nsExec(NS, ['nft', 'list', 'tables'])).toMatch(/table inet lvs_studio/);
    const again = await a.call<ApplyResult>('apply', { desired: d(2) });
    expect(again.result!.steps).toEqual([]);
    const one = await a.call<ApplyResult>('apply', { desired: d(5) });
    expect(one.result!.ipvsOps.map((o) => o.kind)).toEqual(['edit-dest']);
    const state = await a.call<ReadStateResult>('read-state');
    expect(state.result!.plane).toBe('nftables');
    expect(state.result!.actual.ipvs.services[0]!.destinations.map((x) => x.weight).sort()).toEqual([1, 5]);
    a.close();
    await a.exited;

    // killed right after loading a change (before the journal is removed): the next start puts the old table back
    const b = start({ LVS_AGENT_KILL_AFTER_STEP: '0' });
    const id = b.request('apply', { desired: { ...d(5), ipvs: { services: [] } } });
    expect((await b.exited).signal).toBe('SIGKILL');
    expect(b.lines.filter((r) => r.id === id).map((r) => (r.event as { type: string }).type)).toEqual(['step-start', 'step-done']);
    expect(nsExec(NS, ['nft', 'list', 'ruleset'])).not.toMatch(/lvs_studio/);
    const c = start();
    const hello = await c.call<HelloResult>('hello');
    expect(hello.result!.state.recoveredJournal).toBe(true);
    const after = await c.call<ReadStateResult>('read-state');
    expect(after.result!.actual.ipvs.services[0]!.destinations.map((x) => x.weight).sort()).toEqual([1, 5]);
    const empty = await c.call<ApplyResult>('apply', { desired: { ...d(5), ipvs: { services: [] } } });
    expect(empty.result!.ipvsOps.map((o) => o.kind)).toEqual(['delete-service']);
    c.close();
  });

  it('streams stats samples on watch until cancelled', async () => {
    const a = start();
    const id = a.request('watch', { intervalMs: 200 });
    await a.waitFor((r) => r.id === id && a.lines.filter((x) => x.id === id && (x.event as { type?: string } | undefined)?.type === 'stats').length >= 2);
    a.request('cancel', { target: id });
    const done = await a.waitFor((r) => r.id === id && !('event' in r));
    expect(done.error).toBeUndefined();
    const sample = a.lines.find((x) => x.id === id && 'event' in x)!.event as { type: string; plane: string; host: { load1: number } };
    expect(sample.type).toBe('stats');
    expect(typeof sample.host.load1).toBe('number');
    a.close();
    expect((await a.exited).code).toBe(0);
  });

  it('never ran the plan text through a shell', () => {
    expect(existsSync(PWNED)).toBe(false);
    const log = readFileSync(join(dirs.logDir, 'agent.log'), 'utf8');
    expect(log).toContain('apply done');
  });
});
