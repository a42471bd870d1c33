// Inspector and problems texts: the same keys in English and Chinese, real Chinese, and every key
// the components use exists.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { messages as inspector } from '../../src-renderer/src/i18n/messages/inspector';
import { messages as problems } from '../../src-renderer/src/i18n/messages/problems';

type Tree = { [k: string]: string | Tree };
function leaves(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('inspector and problems messages', () => {
  for (const [name, m] of [['inspector', inspector], ['problems', problems]] as const) {
    it(`${name}: en and zh have the same keys and placeholders; zh is Chinese`, () => {
      const en = leaves(m.en);
      const zh = leaves(m.zh);
      expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
      const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
      for (const [k, v] of en) {
        expect(holes(zh.get(k)!), k).toEqual(holes(v));
        expect(v, k).not.toMatch(/[@$]/);
      }
      const chinese = [...zh.values()].filter((v) => /[\u4e00-\u9fff]/.test(v)).length;
      expect(chinese / zh.size).toBeGreaterThan(0.8);
    });
  }

  it('every static key used by the components exists', () => {
    const en = new Map([...leaves(inspector.en), ...leaves(problems.en)]);
    const sources = ['src-renderer/src/inspector', 'src-renderer/src/problems'].flatMap(files);
    const used = new Set<string>();
    for (const f of sources) for (const m of readFileSync(f, 'utf8').matchAll(/['`]((?:inspector|problems)\.[A-Za-z0-9.]+)['`]/g)) used.add(m[1]!);
    expect(used.size).toBeGreaterThan(100);
    for (const k of used) expect(en.has(k), k).toBe(true);
  });
});
