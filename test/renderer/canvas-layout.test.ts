// Automatic layout: every node placed, no overlaps, top-down layers, deterministic.
import { describe, expect, it } from 'vitest';
import planFormatDoc from '../../docs/plan-format.md?raw';
import { loadPlanText } from '../../src-core/model/load';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import type { Plan } from '../../src-core/model/plan-schema';
import { planToGraph } from '../../src-renderer/src/canvas/graph';
import { computeLayout, layoutMissing, overlaps, type Rect } from '../../src-renderer/src/canvas/layout';
import { duplicateRealServer } from '../../src-renderer/src/canvas/edits';

function fullExample(): Plan {
  const block = [...planFormatDoc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('name: full-example'))!;
  return loadPlanText(block, 'full-example').plan!;
}

/** Absolute boxes of the top-level nodes and of hosts (children of HA pairs are inside their pair). */
function boxes(plan: Plan): Map<string, Rect> {
  const g = planToGraph(plan, []);
  const abs = new Map<string, Rect>();
  for (const n of g.nodes) {
    const parent = n.parentNode ? abs.get(n.parentNode)! : { x: 0, y: 0 };
    abs.set(n.id, { x: parent.x + n.position.x, y: parent.y + n.position.y, width: Number(n.width), height: Number(n.height) });
  }
  return abs;
}

function checkNoOverlap(plan: Plan): void {
  const g = planToGraph(plan, []);
  const abs = boxes(plan);
  const ids = g.nodes.map((n) => n.id);
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const a = g.nodes[i]!;
      const b = g.nodes[j]!;
      // A pair contains its directors by design.
      if (a.id === b.parentNode || b.id === a.parentNode) continue;
      expect(overlaps(abs.get(a.id)!, abs.get(b.id)!), `${a.id} overlaps ${b.id}`).toBe(false);
    }
  }
}

describe('computeLayout', () => {
  it.each([
    ['demo', demoDrPlan()],
    ['full example', fullExample()],
  ])('%s: every element placed, nothing overlaps, deterministic', async (_name, plan) => {
    const pos = await computeLayout(plan);
    const hostsAndNets = [...plan.spec.hosts, ...plan.spec.networks].map((e) => e.id);
    for (const id of hostsAndNets) expect(pos[id], id).toBeDefined();
    checkNoOverlap({ ...plan, layout: pos });
    expect(await computeLayout(plan)).toEqual(pos);
  });

  it('stacks layers top-down: router, network, director, real servers', async () => {
    const pos = await computeLayout(demoDrPlan());
    expect(pos.router!.y).toBeLessThan(pos.lan!.y);
    expect(pos.lan!.y).toBeLessThan(pos.dir1!.y);
    for (const rs of ['rs1', 'rs2', 'rs3']) expect(pos.dir1!.y).toBeLessThan(pos[rs]!.y);
  });

  it('puts the public network above the HA pair and the private one below', async () => {
    const pos = await computeLayout(fullExample());
    expect(pos.pub!.y).toBeLessThan(pos.lb1!.y);
    expect(pos.priv!.y).toBeGreaterThan(pos.lb1!.y);
    expect(pos.app1!.y).toBeGreaterThan(pos.priv!.y);
    expect(pos.lb1!.y).toBe(pos.lb2!.y);
  });
});

describe('layoutMissing', () => {
  it('places everything when nothing has a position', async () => {
    const plan = demoDrPlan();
    expect(Object.keys(await layoutMissing(plan)).sort()).toEqual(['dir1', 'lan', 'router', 'rs1', 'rs2', 'rs3']);
  });

  it('places only new elements, clear of the placed ones', async () => {
    const plan = demoDrPlan();
    plan.layout = await computeLayout(plan);
    const before = structuredClone(plan.layout);
    delete before.rs1;
    duplicateRealServer(plan, 'rs3', 3);
    plan.layout = { ...before };
    const added = await layoutMissing(plan);
    expect(Object.keys(added).sort()).toEqual(['rs1', 'rs4', 'rs5', 'rs6']);
    const merged = { ...plan, layout: { ...before, ...added } };
    checkNoOverlap(merged);
    expect(await layoutMissing(merged)).toEqual({});
  });
});
