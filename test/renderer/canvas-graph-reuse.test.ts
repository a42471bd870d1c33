import { describe, expect, it } from 'vitest';
import { createGraphMemo, planToGraph } from '../../src-renderer/src/canvas/graph';
import { reuseUnchanged, sameValue } from '../../src-renderer/src/canvas/graph-reuse';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { validatePlan } from '../../src-core/validate/validate';
import type { Plan } from '../../src-core/model/plan-schema';

const graphOf = (plan: Plan) => planToGraph(plan, validatePlan(plan));

describe('reuseUnchanged', () => {
  it('compares plain values structurally', () => {
    expect(sameValue({ a: [1, { b: 'x' }], c: undefined }, { a: [1, { b: 'x' }], c: undefined })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(sameValue({ a: 1 }, { b: 1 })).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
  });

  it('keeps every object of an unchanged (cloned) plan', () => {
    const plan = demoDrPlan();
    const first = graphOf(plan);
    const again = reuseUnchanged(first, graphOf(structuredClone(plan)));
    again.nodes.forEach((n, i) => expect(n).toBe(first.nodes[i]));
    again.edges.forEach((e, i) => expect(e).toBe(first.edges[i]));
  });

  it('replaces only what an edit changed, and the result equals a fresh graph', () => {
    const plan = demoDrPlan();
    const first = graphOf(plan);
    const next = structuredClone(plan);
    const rs = next.spec.hosts.find((h) => h.role === 'real-server')!;
    rs.name = 'renamed';
    const svc = next.spec.services[0]!;
    svc.realServers[0]!.weight = 7;
    const fresh = graphOf(next);
    const reused = reuseUnchanged(first, fresh);
    expect(reused).toEqual(fresh);
    const changedNodes = reused.nodes.filter((n, i) => n !== first.nodes[i]).map((n) => n.id);
    expect(changedNodes).toEqual([rs.id]);
    const changedEdges = reused.edges.filter((e) => !first.edges.includes(e)).map((e) => e.id);
    expect(changedEdges).toEqual([`m:${svc.id}:${svc.realServers[0]!.id}`]);
  });
});

describe('planToGraph with a memo', () => {
  it('equals a fresh graph after each edit, and keeps the objects of untouched hosts and memberships', async () => {
    const { generatePlan } = await import('../../bench/gen-plan');
    const { withValueAt } = await import('../../src-renderer/src/stores/plan');
    const memo = createGraphMemo();
    let plan = generatePlan({ services: 6, realServersPerService: 4, pool: 10 });
    let prev = planToGraph(plan, validatePlan(plan), {}, memo);
    expect(prev).toEqual(graphOf(plan));
    const rs = plan.spec.hosts.findIndex((h) => h.id === 'rs3');
    const edits: [string, unknown][] = [
      [`spec.hosts[${rs}].gateway`, '10.0.0.2'], // a DR problem: rs3's badge changes
      [`spec.hosts[${rs}].name`, 'renamed'],
      [`spec.hosts[${rs}].interfaces[0].network`, 'nowhere'], // its interface edge goes
      [`spec.services[1].realServers[0].weight`, 0],
      [`spec.services[1].director`, 'rs0'], // not a director: the service's memberships go
      [`layout`, { rs4: { x: 5, y: 6 } }],
    ];
    for (const [path, value] of edits) {
      plan = withValueAt(plan, path, value);
      const d = validatePlan(plan);
      const next = planToGraph(plan, d, {}, memo);
      expect(next, path).toEqual(planToGraph(plan, d));
      const touched = new Set(['rs3', 'rs4', 'rs0']);
      for (const n of next.nodes) {
        const old = prev.nodes.find((o) => o.id === n.id);
        if (old && n.type === 'real-server' && !touched.has(n.id) && sameValue(old, n)) expect(n, `${path}: ${n.id}`).toBe(old);
      }
      prev = next;
    }
  });
});
