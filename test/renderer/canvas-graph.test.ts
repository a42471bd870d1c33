// planToGraph: node kinds, edges and their labels, diagnostics badges, HA grouping.
import { describe, expect, it } from 'vitest';
import planFormatDoc from '../../docs/plan-format.md?raw';
import { loadPlanText } from '../../src-core/model/load';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { validatePlan } from '../../src-core/validate/validate';
import type { Plan } from '../../src-core/model/plan-schema';
import type { Diagnostic } from '../../src-core/validate/diagnostic';
import { planToGraph, type HostData, type MembershipEdgeData, type HaPairData } from '../../src-renderer/src/canvas/graph';

function fullExample(): Plan {
  const block = [...planFormatDoc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('name: full-example'))!;
  return loadPlanText(block, 'full-example').plan!;
}

const kinds = (plan: Plan) => Object.fromEntries(planToGraph(plan, []).nodes.map((n) => [n.id, n.type]));

describe('planToGraph on the demo plan', () => {
  const plan = demoDrPlan();
  const g = planToGraph(plan, validatePlan(plan));

  it('maps every element to a typed node', () => {
    expect(kinds(plan)).toEqual({ lan: 'network', router: 'router', dir1: 'director', rs1: 'real-server', rs2: 'real-server', rs3: 'real-server' });
  });

  it('shows the director with its services', () => {
    const d = g.nodes.find((n) => n.id === 'dir1')!.data as HostData;
    expect(d.addresses).toEqual(['eth0 192.168.10.5/24']);
    expect(d.services.map((s) => [s.endpoint, s.scheduler, s.persistence])).toEqual([
      ['TCP 192.168.10.100:80', 'wlc', 'p300'],
      ['TCP 192.168.10.100:443', 'wlc', 'p300'],
    ]);
  });

  it('has an interface edge per attached interface, routers above the network', () => {
    const ifs = g.edges.filter((e) => e.type === 'interface');
    expect(ifs).toHaveLength(5);
    const r = ifs.find((e) => e.id === 'if:router:eth1')!;
    expect([r.source, r.target, r.label]).toEqual(['router', 'lan', 'eth1 192.168.10.1/24']);
    const d = ifs.find((e) => e.id === 'if:dir1:eth0')!;
    expect([d.source, d.target, d.label]).toEqual(['lan', 'dir1', 'eth0 192.168.10.5/24']);
  });

  it('has a membership edge per membership, labelled with weight and mode', () => {
    const ms = g.edges.filter((e) => e.type === 'membership');
    expect(ms).toHaveLength(6);
    const m = ms.find((e) => e.id === 'm:svc-http:svc-80-rs3')!;
    expect([m.source, m.target, m.label]).toEqual(['dir1', 'rs3', 'w2 · DR']);
    expect((m.data as MembershipEdgeData).drained).toBe(false);
    expect((m.data as MembershipEdgeData).parallel).toEqual({ index: 0, count: 2 });
    expect((ms.find((e) => e.id === 'm:svc-https:svc-443-rs3')!.data as MembershipEdgeData).parallel).toEqual({ index: 1, count: 2 });
  });

  it('reads positions from plan.layout', () => {
    const withLayout = { ...plan, layout: { rs1: { x: 10, y: 20 } } };
    expect(planToGraph(withLayout, []).nodes.find((n) => n.id === 'rs1')!.position).toEqual({ x: 10, y: 20 });
  });
});

describe('planToGraph on the NAT/TUN/HA example', () => {
  const plan = fullExample();
  const g = planToGraph(plan, validatePlan(plan));

  it('groups the two directors in the HA pair node, naming the MASTER', () => {
    const pair = g.nodes.find((n) => n.id === 'ha')!;
    expect(pair.type).toBe('ha-pair');
    expect(pair.data as HaPairData).toMatchObject({ vrid: 51, masterId: 'lb1', masterName: 'lb-1' });
    const lb1 = g.nodes.find((n) => n.id === 'lb1')!;
    const lb2 = g.nodes.find((n) => n.id === 'lb2')!;
    expect([lb1.parentNode, lb2.parentNode]).toEqual(['ha', 'ha']);
    expect([(lb1.data as HostData).master, (lb2.data as HostData).master]).toEqual([true, false]);
    expect(g.nodes.findIndex((n) => n.id === 'ha')).toBeLessThan(g.nodes.findIndex((n) => n.id === 'lb1'));
  });

  it('lists fwmark and IPv6 services on the directors of the pair', () => {
    const d = g.nodes.find((n) => n.id === 'lb2')!.data as HostData;
    expect(d.services.map((s) => s.endpoint)).toEqual(['TCP 203.0.113.10:8080', 'FWM 10', 'UDP 203.0.113.53:53', 'TCP [2001:db8:1::80]:80']);
    expect(d.services[1]!.persistence).toBe('p600');
  });

  it('draws memberships from the pair with the forwarding mode', () => {
    const labels = g.edges.filter((e) => e.type === 'membership').map((e) => `${e.source}>${e.target} ${e.label}`);
    expect(labels).toEqual([
      'ha>app1 w3 · NAT',
      'ha>app2 w1 · NAT',
      'ha>far1 w1 · TUN',
      'ha>app1 w1 · NAT',
      'ha>app2 w1 · NAT',
      'ha>web6 w1 · DR',
    ]);
  });

  it('keeps child positions relative to the pair and the pair around both', () => {
    const layout = { lb1: { x: 100, y: 200 }, lb2: { x: 400, y: 200 } };
    const g2 = planToGraph({ ...plan, layout }, []);
    const pair = g2.nodes.find((n) => n.id === 'ha')!;
    const lb2 = g2.nodes.find((n) => n.id === 'lb2')!;
    expect(pair.position.x + lb2.position.x).toBe(400);
    expect(pair.position.y + lb2.position.y).toBe(200);
    expect(pair.position.x).toBeLessThan(100);
    expect(pair.position.x + Number(pair.width)).toBeGreaterThan(400 + Number(lb2.width));
  });

  it('marks a drained membership (weight 0)', () => {
    const drained = structuredClone(plan);
    drained.spec.services[0]!.realServers[1]!.weight = 0;
    const e = planToGraph(drained, []).edges.find((x) => x.id === 'm:api:api-app2')!;
    expect(e.label).toBe('w0 · NAT');
    expect((e.data as MembershipEdgeData).drained).toBe(true);
  });
});

describe('diagnostic badges', () => {
  it('puts host, service and real-server diagnostics on their node and edge, worst severity wins', () => {
    const plan = demoDrPlan();
    const diags: Diagnostic[] = [
      { code: 'A', severity: 'warning', target: { kind: 'host', id: 'rs1', path: 'spec.hosts[3]' }, message: { en: 'a', zh: 'a' } },
      { code: 'B', severity: 'error', target: { kind: 'interface', id: 'rs1', path: 'spec.hosts[3].interfaces[0]' }, message: { en: 'b', zh: 'b' } },
      { code: 'C', severity: 'error', target: { kind: 'real-server', id: 'svc-443-rs2', path: 'spec.services[1].realServers[1].port' }, message: { en: 'c', zh: 'c' } },
      { code: 'D', severity: 'warning', target: { kind: 'service', id: 'svc-http', path: 'spec.services[0].scheduler' }, message: { en: 'd', zh: 'd' } },
    ];
    const g = planToGraph(plan, diags);
    const node = (id: string) => g.nodes.find((n) => n.id === id)!.data!;
    expect(node('rs1').badge).toEqual({ severity: 'error', count: 2 });
    expect(node('rs2').badge).toEqual({ count: 0 });
    const edge = (id: string) => g.edges.find((e) => e.id === id)!.data!.badge;
    expect(edge('m:svc-https:svc-443-rs2')).toEqual({ severity: 'error', count: 1 });
    expect(edge('m:svc-http:svc-80-rs2')).toEqual({ count: 0 });
    const dir = node('dir1') as HostData;
    expect(dir.services[0]!.badge).toEqual({ severity: 'warning', count: 1 });
    expect(dir.badge).toEqual({ severity: 'warning', count: 1 });
  });

  it('badges real validator findings: a real server moved off the director network (hosts[3] = rs2)', () => {
    const plan = demoDrPlan();
    plan.spec.hosts[3]!.interfaces[0]!.addresses = ['10.99.0.11/24'];
    plan.spec.hosts[3]!.interfaces[0]!.network = undefined;
    const diags = validatePlan(plan);
    const g = planToGraph(plan, diags);
    const bad = g.edges.filter((e) => e.type === 'membership' && e.data!.badge.severity).map((e) => e.id);
    expect(bad).toEqual(['m:svc-http:svc-80-rs2']);
    expect(g.nodes.find((n) => n.id === 'rs2')!.data!.badge.severity).toBe('error');
  });
});
