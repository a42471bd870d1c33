// Every message table in src-core: each code has English and Simplified Chinese texts (and hints)
// with the same {placeholders}; codes are unique across tables. New tables are added here by hand.
import { describe, expect, test } from 'vitest';
import type { MessageTable } from '../../src-core/validate/diagnostic';
import { IPVS_MESSAGES } from '../../src-core/ipvs/messages';
import { LOAD_MESSAGES } from '../../src-core/model/messages';
import { RULES, RULE_TABLES, VALIDATE_MESSAGES } from '../../src-core/validate';

const TABLES: Record<string, MessageTable> = {
  'ipvs/messages.ts IPVS_MESSAGES': IPVS_MESSAGES,
  'model/messages.ts LOAD_MESSAGES': LOAD_MESSAGES,
  ...Object.fromEntries(RULE_TABLES.map(([area, table]) => [`validate/messages ${area}`, table])),
};

const CJK = /[\u3400-\u9fff]/;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(Object.entries(TABLES))('%s', (_name, table) => {
  test('has entries', () => expect(Object.keys(table).length).toBeGreaterThan(0));

  test.each(Object.entries(table))('%s', (_code, entry) => {
    expect(typeof entry.en === 'string' && entry.en.trim().length > 0).toBe(true);
    expect(typeof entry.zh === 'string' && entry.zh.trim().length > 0).toBe(true);
    expect(entry.zh).toMatch(CJK);
    expect(placeholders(entry.zh)).toEqual(placeholders(entry.en));
    if (entry.hint) {
      expect(entry.hint.en.trim().length).toBeGreaterThan(0);
      expect(entry.hint.zh).toMatch(CJK);
      expect(placeholders(entry.hint.zh)).toEqual(placeholders(entry.hint.en));
    }
  });
});

test('codes are unique across all tables', () => {
  const seen = new Map<string, string>();
  const dups: string[] = [];
  for (const [name, table] of Object.entries(TABLES)) {
    for (const code of Object.keys(table)) {
      if (seen.has(code)) dups.push(`${code} in ${seen.get(code)} and ${name}`);
      else seen.set(code, name);
    }
  }
  expect(dups).toEqual([]);
});

test('validation codes: one per catalogue entry, area prefix, severity and description', () => {
  expect(Object.keys(RULES).sort()).toEqual(Object.keys(VALIDATE_MESSAGES).sort());
  for (const [code, info] of Object.entries(RULES)) {
    expect(code).toMatch(/^[a-z]+\.[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(['error', 'warning', 'info']).toContain(info.severity);
    expect(info.description.length).toBeGreaterThan(10);
  }
  // The hint of an error or warning says what to do; infos may stand alone.
  for (const [code, info] of Object.entries(RULES)) {
    const needsHint = info.severity !== 'info' && !/^(health\.(expect-status|seconds|retries|port-range|http-fields)|ha\.(director-unknown|director-not-director|priority-not-member|priority-range|vrid-range|advert-interval))/.test(code);
    if (needsHint) expect(VALIDATE_MESSAGES[code]?.hint, code).toBeDefined();
  }
});
