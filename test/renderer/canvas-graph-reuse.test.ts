import { describe, expect, it } from 'vitest';
import { planToGraph } from '../../src-renderer/src/canvas/graph';
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
