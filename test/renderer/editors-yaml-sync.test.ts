// The YAML editor's sync logic: debounce, parse, commit only valid plans, errors with line:column,
// store changes replacing the text only while the user is idle.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { watch } from 'vue';
import { Value } from '@sinclair/typebox/value';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { serializePlan } from '../../src-core/model/load';
import { Plan } from '../../src-core/model/plan-schema';
import type { Diagnostic } from '../../src-core/validate/diagnostic';
import type { Plan as PlanT } from '../../src-core/model/plan-schema';
import { planJsonSchema } from '../../src-core/model/plan-schema-json';
import { createYamlSync, markerRanges, yamlErrors, YAML_DEBOUNCE_MS } from '../../src-renderer/src/editors/yaml-sync';
import { usePlanStore } from '../../src-renderer/src/stores/plan';

function harness(initial: PlanT = demoDrPlan()) {
  const commits: PlanT[] = [];
  const shown: string[] = [];
  let diagnostics: Diagnostic[] = [];
  const sync = createYamlSync(initial, {
    commit: (p) => commits.push(p),
    showText: (t) => shown.push(t),
    showDiagnostics: (d) => (diagnostics = d),
  });
  return { sync, commits, shown, diagnostics: () => diagnostics };
}

/** 1-based line and column of the first occurrence of `needle`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createYamlSync', () => {
  it('starts with the serialized plan', () => {
    const plan = demoDrPlan();
    expect(harness(plan).sync.text).toBe(serializePlan(plan));
  });

  it('commits a valid edit once, after the debounce', () => {
    const h = harness();
    const text = h.sync.text.replace('name: demo-dr-web', 'name: renamed');
    h.sync.userEdit(text);
    expect(h.sync.typing).toBe(true);
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS - 1);
    expect(h.commits).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(h.sync.typing).toBe(false);
    expect(h.commits).toHaveLength(1);
    expect(h.commits[0]!.metadata.name).toBe('renamed');
    expect(h.diagnostics()).toEqual([]);
  });

  it('debounces a burst of keystrokes into one parse of the last text', () => {
    const h = harness();
    const base = h.sync.text;
    for (const name of ['r', 're', 'ren', 'rena']) {
      h.sync.userEdit(base.replace('name: demo-dr-web', `name: ${name}`));
      vi.advanceTimersByTime(YAML_DEBOUNCE_MS / 2);
    }
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(h.commits.map((p) => p.metadata.name)).toEqual(['rena']);
  });

  it('keeps the plan on a syntax error and reports where it is', () => {
    const h = harness();
    const text = h.sync.text.replace('name: demo-dr-web', 'name: [demo-dr-web');
    h.sync.userEdit(text);
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(h.commits).toHaveLength(0);
    const errors = yamlErrors(h.diagnostics(), 'en');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.code).toBe('plan.syntax');
    expect(errors[0]!.line).toBeGreaterThanOrEqual(positionOf(text, '[demo-dr-web').line);
    expect(errors[0]!.message).toMatch(/^Syntax error/);
  });

  it('keeps the plan on a schema error and points at the offending value', () => {
    const h = harness();
    const text = h.sync.text.replace('port: 80', 'port: eighty');
    h.sync.userEdit(text);
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(h.commits).toHaveLength(0);
    const errors = yamlErrors(h.diagnostics(), 'en');
    expect(errors.map((e) => e.code)).toContain('plan.schema');
    const where = positionOf(text, 'eighty');
    expect(errors.some((e) => e.line === where.line && e.column === where.column)).toBe(true);
  });

  it('clears the errors once the text is valid again', () => {
    const h = harness();
    const good = h.sync.text.replace('name: demo-dr-web', 'name: fixed');
    h.sync.userEdit(good.replace('kind: ', 'kind: X'));
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(h.diagnostics().length).toBeGreaterThan(0);
    h.sync.userEdit(good);
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(h.diagnostics()).toEqual([]);
    expect(h.commits.map((p) => p.metadata.name)).toEqual(['fixed']);
  });

  it('does not commit an edit that changes nothing in the plan (a comment)', () => {
    const h = harness();
    h.sync.userEdit('# my notes\n' + h.sync.text);
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(h.commits).toHaveLength(0);
    expect(h.diagnostics()).toEqual([]);
  });

  it('does not rewrite the text for its own commit', () => {
    const h = harness();
    const text = '# keep me\n' + h.sync.text.replace('name: demo-dr-web', 'name: mine');
    h.sync.userEdit(text);
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    h.sync.planChanged(h.commits[0]!);
    expect(h.shown).toEqual([]);
    expect(h.sync.text).toBe(text);
  });

  it('replaces the text when the plan changes elsewhere while the user is idle', () => {
    const h = harness();
    const next = demoDrPlan();
    next.metadata.name = 'from-canvas';
    h.sync.planChanged(next);
    expect(h.shown).toEqual([serializePlan(next)]);
    expect(h.sync.text).toBe(serializePlan(next));
  });

  it('leaves the text alone when the plan changes while the user is typing', () => {
    const h = harness();
    const typed = h.sync.text.replace('name: demo-dr-web', 'name: typed');
    h.sync.userEdit(typed);
    const other = demoDrPlan();
    other.metadata.name = 'from-canvas';
    h.sync.planChanged(other);
    expect(h.shown).toEqual([]);
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(h.commits.map((p) => p.metadata.name)).toEqual(['typed']);
  });

  it('drops broken text (and its errors) when the plan changes while idle', () => {
    const h = harness();
    h.sync.userEdit('spec: [');
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(h.diagnostics().length).toBeGreaterThan(0);
    const other = demoDrPlan();
    other.metadata.name = 'undo';
    h.sync.planChanged(other);
    expect(h.diagnostics()).toEqual([]);
    expect(h.sync.text).toBe(serializePlan(other));
  });
});

describe('with the real plan store', () => {
  it('YAML edits are one coalesced undo step, and undo brings the text back', () => {
    setActivePinia(createPinia());
    const store = usePlanStore();
    const original = serializePlan(store.plan);
    const sync = createYamlSync(store.plan, {
      commit: (p) => store.replace(p, 'Edit YAML', 'yaml'),
      showText: () => undefined,
      showDiagnostics: () => undefined,
    });
    watch(() => store.plan, (p) => sync.planChanged(p), { flush: 'sync' });

    sync.userEdit(original.replace('name: demo-dr-web', 'name: a'));
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    sync.userEdit(original.replace('name: demo-dr-web', 'name: ab'));
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(store.plan.metadata.name).toBe('ab');
    expect(store.canUndo).toBe(true);

    store.undo();
    expect(store.canUndo).toBe(false);
    expect(store.plan.metadata.name).toBe('demo-dr-web');
    expect(sync.text).toBe(original);
  });

  it('a broken edit leaves the store untouched', () => {
    setActivePinia(createPinia());
    const store = usePlanStore();
    const before = store.plan;
    const sync = createYamlSync(store.plan, {
      commit: (p) => store.replace(p, 'Edit YAML', 'yaml'),
      showText: () => undefined,
      showDiagnostics: () => undefined,
    });
    sync.userEdit(sync.text.replace('apiVersion: ', 'apiVersion: x'));
    vi.advanceTimersByTime(YAML_DEBOUNCE_MS);
    expect(store.plan).toBe(before);
    expect(store.canUndo).toBe(false);
  });
});

describe('yamlErrors and markerRanges', () => {
  const diag = (line: number, column: number, code = 'plan.schema'): Diagnostic => ({
    code,
    severity: 'error',
    target: { kind: 'plan', path: '' },
    message: { en: `en ${line}`, zh: `中文 ${line}` },
    location: { file: 'plan.yaml', line, column },
  });

  it('sorts by position, localises, and puts unlocated errors at 1:1', () => {
    const unlocated: Diagnostic = { ...diag(1, 1), location: undefined, message: { en: 'x', zh: '某' } };
    const errs = yamlErrors([diag(9, 2), diag(3, 7), unlocated], 'zh');
    expect(errs.map((e) => [e.line, e.column, e.message])).toEqual([
      [1, 1, '某'],
      [3, 7, '中文 3'],
      [9, 2, '中文 9'],
    ]);
  });

  it('ignores warnings', () => {
    expect(yamlErrors([{ ...diag(2, 2), severity: 'warning' }], 'en')).toEqual([]);
  });

  it('spans from the column to the end of the line, clamped to the text', () => {
    const lines = ['apiVersion: x', 'kind: y', ''];
    const len = (n: number) => lines[n - 1]!.length;
    const errs = yamlErrors([diag(2, 7), diag(40, 99), diag(3, 1)], 'en');
    expect(markerRanges(errs, len, lines.length).map((r) => [r.startLineNumber, r.startColumn, r.endColumn])).toEqual([
      [2, 7, 8],
      [3, 1, 2],
      [3, 1, 2],
    ]);
  });
});

describe('planJsonSchema', () => {
  it('is the plan schema as plain JSON, draft-07, and accepts the demo plan', () => {
    const schema = planJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.$id).toContain('plan-v1');
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(Object.getOwnPropertySymbols(schema)).toEqual([]);
    expect(Object.keys(schema.properties as object)).toEqual(Object.keys(Plan.properties));
    expect(Value.Check(Plan, demoDrPlan())).toBe(true);
  });
});
