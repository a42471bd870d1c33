// The scripts for what the real compiler emits (compilePlan on the built-in demo, and a variant
// with a firewall-mark service and NAT real servers): shellcheck-clean, and in throwaway namespaces
// apply succeeds, a second apply changes nothing, status is in sync, remove undoes our addresses.
import { afterAll, describe, expect, it } from 'vitest';
import { needRoot, needTools } from '../support/tools';
import { hostNamespace, NetnsLab, netnsState, run } from './netns';
import { compilePlan } from '../../src-core/compile/compile';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { renderDirectorScript, renderRealServerScript } from '../../src-core/render/scripts';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import type { Plan } from '../../src-core/model/plan-schema';

const lab = new NetnsLab('cmp');
afterAll(() => lab.cleanup());

/** The demo with a fwmark service (tcp 8080 and 8443 on a second VIP) served by NAT. */
function fwmarkNatPlan(): Plan {
  const plan = demoDrPlan();
  for (const h of plan.spec.hosts) if (h.role === 'real-server') h.gateway = '192.168.10.5';
  plan.spec.services.push({
    id: 'svc-mark',
    name: 'web-alt',
    director: 'dir1',
    protocol: 'fwmark',
    fwmark: 7,
    match: [{ vip: '192.168.10.101', protocol: 'tcp', ports: [8080, 8443] }],
    scheduler: 'rr',
    realServers: [{ id: 'm-rs1', host: 'rs1', forwarding: 'nat' }],
  });
  return plan;
}

const plans: Record<string, Plan> = { demo: demoDrPlan(), 'fwmark-nat': fwmarkNatPlan() };
const render = (h: HostDesiredState) => (h.role === 'director' ? renderDirectorScript(h) : renderRealServerScript(h));
const scripted = (p: Plan) => compilePlan(p).hosts.filter((h) => h.role === 'director' || h.role === 'real-server');

describe.skipIf(!needTools('shellcheck'))('compiled plans: shellcheck', () => {
  for (const [name, plan] of Object.entries(plans)) {
    it(`${name}: every host script renders and passes shellcheck`, () => {
      const hosts = scripted(plan);
      expect(hosts.length).toBeGreaterThan(1);
      if (name === 'fwmark-nat') {
        const dir = hosts.find((h) => h.role === 'director')!;
        expect(dir.markRules.map((m) => m.ports)).toEqual([[8080, 8443]]);
        expect(dir.sysctls.map((s) => s.key)).toContain('net.ipv4.ip_forward');
      }
      for (const h of hosts) {
        const text = render(h);
        expect(text, h.hostId).not.toContain('NOT RENDERED');
        const r = run('shellcheck', ['-s', 'sh', '-'], { input: text });
        expect(r.stdout + r.stderr, h.hostId).toBe('');
      }
    });
  }
});

describe.skipIf(!(needRoot() && needTools('ip', 'sysctl', 'iptables', 'iptables-restore')))('compiled plans: run in namespaces', () => {
  for (const [name, plan] of Object.entries(plans)) {
    it(`${name}: apply, apply again (no change), status, remove on every host`, () => {
      const env = { LVS_STUDIO_SKIP_IPVS: '1' };
      scripted(plan).forEach((h, i) => {
        const ns = hostNamespace(lab, h, `${name.slice(0, 3)}${i}`);
        const path = lab.file(`${name}-${h.hostId}.sh`, render(h));
        const keys = h.sysctls.map((s) => s.key);
        const first = lab.exec(ns, 'sh', [path], { env });
        expect(first.stderr, h.hostId).not.toContain('error');
        expect(first.status, h.hostId).toBe(0);
        const state = netnsState(lab, ns, keys);
        const second = lab.exec(ns, 'sh', [path], { env });
        expect(second.stderr.split('\n').filter((l) => l && !l.includes('LVS_STUDIO_SKIP_IPVS')), h.hostId).toEqual([]);
        expect(netnsState(lab, ns, keys), h.hostId).toBe(state);
        expect(lab.exec(ns, 'sh', [path, 'status'], { env }).status, h.hostId).toBe(0);
        const addrs = () => lab.exec(ns, 'ip', ['-o', 'addr', 'show']).stdout;
        for (const a of h.addresses.filter((x) => x.managed)) expect(addrs(), h.hostId).toContain(` ${a.cidr} `);
        expect(lab.exec(ns, 'sh', [path, 'remove'], { env }).status, h.hostId).toBe(0);
        for (const a of h.addresses.filter((x) => x.managed)) expect(addrs(), h.hostId).not.toContain(` ${a.cidr} `);
        if (h.markRules.length > 0) expect(lab.exec(ns, 'iptables', ['-t', 'mangle', '-S']).stdout).not.toContain('LVS-STUDIO-MARK');
      });
    });
  }
});
