// The generated-files preview: which host and file stay selected as the plan changes, which
// language each file gets, and when the editor text must be replaced.
import { describe, expect, it } from 'vitest';
import { demoDrPlan } from '../../src-core/templates/demo-dr';
import { compilePlan } from '../../src-core/compile/compile';
import { renderHostFiles } from '../../src-core/render/bundle';
import type { GeneratedFile } from '../../src-core/compile/desired-state';
import { changedSpan, contentUpdate, fileKey, keepKey, languageForKind, preferredHost } from '../../src-renderer/src/editors/file-selection';

describe('keepKey', () => {
  it('keeps a selection that still exists, wherever it moved', () => {
    expect(keepKey(['a', 'b', 'c'], 'c', 0)).toBe('c');
    expect(keepKey(['c', 'a'], 'c', 2)).toBe('c');
  });
  it('falls back to the neighbour at the old position, clamped', () => {
    expect(keepKey(['a', 'c', 'd'], 'b', 1)).toBe('c');
    expect(keepKey(['a'], 'z', 5)).toBe('a');
    expect(keepKey(['a', 'b'], undefined)).toBe('a');
  });
  it('has nothing to select in an empty list', () => {
    expect(keepKey([], 'a', 3)).toBeUndefined();
  });
});

describe('preferredHost', () => {
  it('prefers a director, then a real server, then anything', () => {
    expect(preferredHost([{ id: 'r', role: 'router' }, { id: 'w', role: 'real-server' }, { id: 'd', role: 'director' }])).toBe('d');
    expect(preferredHost([{ id: 'r', role: 'router' }, { id: 'w', role: 'real-server' }])).toBe('w');
    expect(preferredHost([{ id: 'c', role: 'client' }])).toBe('c');
    expect(preferredHost([])).toBeUndefined();
  });
});

describe('contentUpdate', () => {
  it('leaves the editor alone when the same file has the same text (scroll kept)', () => {
    expect(contentUpdate({ key: 'h/a', content: 'x' }, { key: 'h/a', content: 'x' })).toBe('none');
  });
  it('replaces in place when the same file changed, from the top for another file', () => {
    expect(contentUpdate({ key: 'h/a', content: 'x' }, { key: 'h/a', content: 'y' })).toBe('replace-keep-scroll');
    expect(contentUpdate({ key: 'h/a', content: 'x' }, { key: 'h/b', content: 'x' })).toBe('replace-from-top');
    expect(contentUpdate(undefined, { key: 'h/a', content: 'x' })).toBe('replace-from-top');
  });
});

describe('languageForKind', () => {
  const cases: [GeneratedFile['kind'], string][] = [
    ['script', 'shell'],
    ['sysctl', 'ini'],
    ['systemd', 'ini'],
    ['keepalived', 'keepalived'],
    ['ipvsadm-save', 'plaintext'],
    ['iptables', 'plaintext'],
    ['config', 'plaintext'],
  ];
  it.each(cases)('%s -> %s', (kind, lang) => expect(languageForKind(kind)).toBe(lang));
});

describe('the demo plan as the preview lists it', () => {
  const plan = demoDrPlan();
  const compiled = compilePlan(plan);

  it('gives every host distinct bundle names (they are the file test ids and selection keys)', () => {
    for (const host of compiled.hosts) {
      const names = renderHostFiles(plan, host).map((f) => f.bundleName);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('keeps the selected file of a host when the plan changes', () => {
    const director = compiled.hosts.find((h) => h.role === 'director')!;
    const before = renderHostFiles(plan, director);
    const picked = before.find((f) => f.kind === 'keepalived') ?? before[before.length - 1]!;
    const changed = demoDrPlan();
    changed.spec.services[0]!.port = 8080;
    const after = renderHostFiles(changed, compilePlan(changed).hosts.find((h) => h.hostId === director.hostId)!);
    const kept = keepKey(after.map((f) => f.bundleName), picked.bundleName, before.indexOf(picked));
    expect(kept).toBe(picked.bundleName);
    const next = after.find((f) => f.bundleName === kept)!;
    expect(fileKey(next)).toBe(fileKey(picked));
  });
});

describe('changedSpan', () => {
  const apply = (a: string, sp: { start: number; end: number; text: string }) => a.slice(0, sp.start) + sp.text + a.slice(sp.end);
  it.each([
    ['ip route add default via 10.0.0.1\nend\n', 'ip route add default via 10.0.0.2\nend\n'],
    ['abc', 'abc'],
    ['', 'new'],
    ['old', ''],
    ['aaa', 'aaaa'],
    ['x\ny\nz', 'x\nz'],
  ])('%j -> %j: replacing the span gives the new text', (a, b) => {
    const sp = changedSpan(a, b);
    expect(apply(a, sp)).toBe(b);
  });
  it('keeps the common prefix and suffix', () => {
    expect(changedSpan('gw 10.0.0.1 x', 'gw 10.0.0.2 x')).toEqual({ start: 10, end: 11, text: '2' });
  });
});
