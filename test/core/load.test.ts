import { describe, expect, it } from 'vitest';
import { loadPlanText, serializePlan, pointerToPath, pathToKeys } from '../../src-core/model/load';
import { demoDrPlan } from '../../src-core/templates/demo-dr';

describe('plan loader', () => {
  it('round-trips the demo plan through YAML and JSON', () => {
    const plan = demoDrPlan();
    for (const fmt of ['yaml', 'json'] as const) {
      const res = loadPlanText(serializePlan(plan, fmt), `demo.${fmt}`);
      expect(res.diagnostics).toEqual([]);
      expect(res.plan).toEqual(plan);
    }
  });

  it('locates YAML syntax errors', () => {
    const text = 'apiVersion: lvs-studio.io/v1\nkind: ClusterPlan\nmetadata:\n  name: [unclosed\n';
    const res = loadPlanText(text, 'bad.yaml');
    expect(res.plan).toBeUndefined();
    expect(res.diagnostics[0]!.code).toBe('plan.syntax');
    expect(res.diagnostics[0]!.location).toMatchObject({ file: 'bad.yaml' });
    expect(res.diagnostics[0]!.location!.line).toBeGreaterThanOrEqual(4);
  });

  it('reports duplicate keys', () => {
    const res = loadPlanText('apiVersion: lvs-studio.io/v1\napiVersion: x\n', 'dup.yaml');
    expect(res.diagnostics.map((d) => d.code)).toEqual(['plan.syntax']);
    expect(res.diagnostics[0]!.location!.line).toBe(2);
  });

  it('refuses a newer version and a non-plan clearly', () => {
    const newer = loadPlanText('apiVersion: lvs-studio.io/v2\nkind: ClusterPlan\n', 'new.yaml');
    expect(newer.diagnostics[0]!.code).toBe('plan.newer-version');
    expect(newer.diagnostics[0]!.message.en).toContain('lvs-studio.io/v2');
    expect(newer.diagnostics[0]!.location).toEqual({ file: 'new.yaml', line: 1, column: 13 });
    expect(loadPlanText('- a\n- b\n', 'list.yaml').diagnostics[0]!.code).toBe('plan.not-a-plan');
    expect(loadPlanText('', 'empty.yaml').diagnostics[0]!.code).toBe('plan.not-a-plan');
  });

  it('maps schema errors to the field, its line and the allowed values', () => {
    const plan = demoDrPlan();
    const text = serializePlan(plan).replace('scheduler: wlc', 'scheduler: fastest').replace('weight: 2', 'weight: -2');
    const res = loadPlanText(text, 'p.yaml');
    expect(res.plan).toBeUndefined();
    const sched = res.diagnostics.find((d) => d.target.path === 'spec.services[0].scheduler')!;
    expect(sched.message.en).toContain('"rr"');
    expect(sched.target.kind).toBe('service');
    const line = text.split('\n').findIndex((l) => l.includes('scheduler: fastest')) + 1;
    expect(sched.location!.line).toBe(line);
    const weight = res.diagnostics.find((d) => d.target.path.endsWith('.weight'))!;
    expect(weight.target.kind).toBe('real-server');
    expect(weight.message.zh).toContain('weight');
  });

  it('reports unknown properties instead of dropping them', () => {
    const text = serializePlan(demoDrPlan()).replace('  name: demo-dr-web', '  name: demo-dr-web\n  colour: blue');
    const res = loadPlanText(text, 'p.yaml');
    expect(res.diagnostics.some((d) => d.target.path === 'metadata.colour')).toBe(true);
  });

  it('converts JSON pointers and paths both ways', () => {
    expect(pointerToPath('/spec/services/3/realServers/0/port')).toBe('spec.services[3].realServers[0].port');
    expect(pathToKeys('spec.services[3].realServers[0].port')).toEqual(['spec', 'services', 3, 'realServers', 0, 'port']);
  });

  it('never throws on arbitrary bytes', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const base = serializePlan(demoDrPlan());
    for (let i = 0; i < 300; i++) {
      const cut = Math.floor(rnd() * base.length);
      const junk = String.fromCharCode(...Array.from({ length: 5 }, () => Math.floor(rnd() * 128)));
      const text = base.slice(0, cut) + junk + base.slice(cut + Math.floor(rnd() * 20));
      const res = loadPlanText(text, 'fuzz.yaml');
      expect(res.plan !== undefined || res.diagnostics.length > 0).toBe(true);
    }
  });
});
