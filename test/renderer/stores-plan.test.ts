// The plan store: undoable edits, coalescing of typing, load resets history, quick fixes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { reuseDiagnostics, setAtPath, usePlanStore, withValueAt } from '../../src-renderer/src/stores/plan';
import { validatePlan } from '../../src-core/validate/validate';
import { demoDrPlan } from '../../src-core/templates/demo-dr';

const weight = (s: ReturnType<typeof usePlanStore>) => s.plan.spec.services[0]!.realServers[0]!.weight;

describe('plan store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('edit is one undoable step and never mutates the previous plan', () => {
    const s = usePlanStore();
    const before = s.plan;
    s.edit('weight', (d) => (d.spec.services[0]!.realServers[0]!.weight = 7));
    expect(weight(s)).toBe(7);
    expect(before.spec.services[0]!.realServers[0]!.weight).toBe(1);
    expect(s.canUndo).toBe(true);
    expect(s.undoLabel).toBe('weight');
    expect(s.dirty).toBe(true);
    s.undo();
    expect(weight(s)).toBe(1);
    expect(s.plan).toBe(before);
    expect(s.canUndo).toBe(false);
    expect(s.canRedo).toBe(true);
    expect(s.redoLabel).toBe('weight');
    s.redo();
    expect(weight(s)).toBe(7);
    expect(s.canRedo).toBe(false);
  });

  it('a new edit clears the redo stack', () => {
    const s = usePlanStore();
    s.edit('a', (d) => (d.metadata.name = 'a'));
    s.undo();
    expect(s.canRedo).toBe(true);
    s.edit('b', (d) => (d.metadata.name = 'b'));
    expect(s.canRedo).toBe(false);
    expect(s.plan.metadata.name).toBe('b');
  });

  it('edits with the same coalesce key in quick succession are one step; a pause or another key starts a new one', () => {
    const s = usePlanStore();
    for (const name of ['w', 'we', 'web']) {
      s.edit('name', (d) => (d.metadata.name = name), 'field:metadata.name');
      vi.advanceTimersByTime(200);
    }
    expect(s.plan.metadata.name).toBe('web');
    s.undo();
    expect(s.plan.metadata.name).toBe('demo-dr-web');
    expect(s.canUndo).toBe(false);

    s.edit('name', (d) => (d.metadata.name = 'x'), 'k');
    vi.advanceTimersByTime(1500);
    s.edit('name', (d) => (d.metadata.name = 'xy'), 'k');
    s.edit('other', (d) => (d.metadata.description = 'd'), 'other');
    s.undo();
    expect(s.plan.metadata.name).toBe('xy');
    s.undo();
    expect(s.plan.metadata.name).toBe('x');
    s.undo();
    expect(s.plan.metadata.name).toBe('demo-dr-web');
  });

  it('undo breaks coalescing: the next edit with the same key is its own step', () => {
    const s = usePlanStore();
    s.edit('n', (d) => (d.metadata.name = 'a'), 'k');
    s.edit('n', (d) => (d.metadata.name = 'b'), 'k');
    s.undo();
    s.edit('n', (d) => (d.metadata.name = 'c'), 'k');
    s.undo();
    expect(s.plan.metadata.name).toBe('demo-dr-web');
  });

  it('load replaces the document, resets history and the dirty flag', () => {
    const s = usePlanStore();
    s.edit('n', (d) => (d.metadata.name = 'changed'));
    expect(s.dirty).toBe(true);
    const next = demoDrPlan();
    next.metadata.name = 'loaded';
    s.load(next);
    expect(s.plan.metadata.name).toBe('loaded');
    expect(s.canUndo).toBe(false);
    expect(s.canRedo).toBe(false);
    expect(s.dirty).toBe(false);
    s.load(demoDrPlan(), { dirty: true });
    expect(s.dirty).toBe(true);
  });

  it('applyFix applies the edits of a diagnostic fix as one step, and undo brings the problem back', () => {
    const s = usePlanStore();
    // A DR real server whose gateway is the director: the validator offers "set it to the router".
    s.edit('gw', (d) => (d.spec.hosts.find((h) => h.id === 'rs1')!.gateway = '192.168.10.5'));
    const problem = s.diagnostics.find((d) => d.code === 'dr.rs-gateway-is-director' && d.target.id === 'rs1');
    expect(problem?.fix).toBeDefined();
    s.applyFix(problem!.fix!, problem!.fix!.title.en);
    expect(s.plan.spec.hosts.find((h) => h.id === 'rs1')!.gateway).toBe('192.168.10.1');
    expect(s.diagnostics.some((d) => d.code === 'dr.rs-gateway-is-director')).toBe(false);
    expect(s.undoLabel).toBe(problem!.fix!.title.en);
    s.undo();
    expect(s.diagnostics.some((d) => d.code === 'dr.rs-gateway-is-director' && d.target.id === 'rs1')).toBe(true);
  });

  it('diagnostics and compiled state follow the plan', () => {
    const s = usePlanStore();
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    s.edit('vip', (d) => (d.spec.services[0]!.vip = 'not-an-ip'));
    expect(s.diagnostics.some((d) => d.code === 'network.vip-invalid')).toBe(true);
    s.undo();
    expect(s.compiled.hosts.some((h) => h.hostId === 'dir1')).toBe(true);
    expect(s.filesForHost('dir1').length).toBeGreaterThan(0);
  });
});

describe('setAtPath', () => {
  it('sets nested values, creates missing parents, deletes with undefined and splices arrays', () => {
    const p = demoDrPlan();
    expect(setAtPath(p, 'spec.services[0].realServers[1].weight', 9)).toBe(true);
    expect(p.spec.services[0]!.realServers[1]!.weight).toBe(9);
    setAtPath(p, 'spec.services[0].sorryServer.address', '192.168.10.99');
    expect(p.spec.services[0]!.sorryServer).toEqual({ address: '192.168.10.99' });
    setAtPath(p, 'spec.services[0].persistence', undefined);
    expect('persistence' in p.spec.services[0]!).toBe(false);
    setAtPath(p, 'spec.services[0].realServers[0]', undefined);
    expect(p.spec.services[0]!.realServers.map((r) => r.id)).toEqual(['svc-80-rs2', 'svc-80-rs3']);
    expect(setAtPath(p, 'metadata.name.x', 1)).toBe(false);
  });
});

describe('withValueAt and editAt', () => {
  it('copies only the objects on the path; the original plan is untouched', () => {
    const p = demoDrPlan();
    const frozen = structuredClone(p);
    const q = withValueAt(p, 'spec.services[0].realServers[1].weight', 9);
    expect(q.spec.services[0]!.realServers[1]!.weight).toBe(9);
    expect(p).toEqual(frozen);
    expect(q.spec.services[0]!.realServers[0]).toBe(p.spec.services[0]!.realServers[0]);
    expect(q.spec.hosts).toBe(p.spec.hosts);
    expect(q.spec.services[0]).not.toBe(p.spec.services[0]);
    const r = withValueAt(q, 'spec.services[0].sorryServer.address', '192.168.10.99');
    expect(r.spec.services[0]!.sorryServer).toEqual({ address: '192.168.10.99' });
    const s = withValueAt(r, 'spec.services[0].realServers[0]', undefined);
    expect(s.spec.services[0]!.realServers.map((x) => x.id)).toEqual(['svc-80-rs2', 'svc-80-rs3']);
    expect(r.spec.services[0]!.realServers).toHaveLength(3);
  });

  it('editAt is one undoable step, coalesced like edit', () => {
    setActivePinia(createPinia());
    const s = usePlanStore();
    const before = s.plan;
    s.editAt('w', 'spec.services[0].realServers[0].weight', 4, 'k');
    s.editAt('w', 'spec.services[0].realServers[0].weight', 5, 'k');
    expect(weight(s)).toBe(5);
    s.undo();
    expect(s.plan).toBe(before);
    expect(weight(s)).toBe(1);
  });
});

describe('reuseDiagnostics', () => {
  it('keeps equal diagnostics as the same objects, and the same array when nothing changed', () => {
    const p = demoDrPlan();
    const a = validatePlan(p);
    expect(reuseDiagnostics(a, validatePlan(structuredClone(p)))).toBe(a);
    const broken = withValueAt(p, `spec.hosts[${p.spec.hosts.findIndex((h) => h.id === 'rs1')}].gateway`, '192.168.10.5');
    const fresh = validatePlan(broken);
    const b = reuseDiagnostics(a, fresh);
    expect(b).toEqual(fresh);
    expect(b).not.toBe(a);
    const kept = b.filter((d) => a.includes(d));
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBe(b.length - fresh.filter((d) => !a.some((x) => JSON.stringify(x) === JSON.stringify(d))).length);
  });
});
