// Fuzzing the keepalived importer: thousands of mutated configurations (braces deleted or
// duplicated, random tokens, truncations, include loops). It must never throw or hang, always
// return a plan that fits the schema, and put every diagnostic inside the input it read.
import { Value } from '@sinclair/typebox/value';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importKeepalived } from '../../src-core/import/keepalived';
import { Plan as PlanSchema } from '../../src-core/model/plan-schema';
import { KEEPALIVED_FIXTURES } from '../fixtures/keepalived/plans';

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '{', '}', '{ }', '"', "'", '#', '!', '\\\n', '\n', ' ', 'virtual_server', 'real_server 10.0.0.9 80', 'real_server', 'vrrp_instance X {',
  'include a.conf', 'include *.conf', 'include {a,keepalived}.conf', 'include "{x,{y,z}}{1,2}"', 'include keepalived.conf', 'weight', 'weight -1', '999999999999999999999', '1.5e3', '::::', '300.1.1.1',
  'fwmark', 'group g', '@main', '$P=1', 'lvs_method TUN type gue port', 'lvs_method TUN type', 'status_code 200-299', 'persistence_granularity 64',
  'virtual_ipaddress {\n 1.2.3.4/40 dev\n}', 'lvs_sync_daemon eth0 inst', 'lvs_sync_daemon eth0 id', 'ip_family inet6', '\u0000', '\u00e9\u4e2d', '\r\n',
];

function mutate(text: string, r: () => number): string {
  let t = text;
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const pos = Math.floor(r() * (t.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0: // delete a span
        t = t.slice(0, pos) + t.slice(pos + Math.floor(r() * 40));
        break;
      case 1: { // delete or duplicate a brace
        const braces = [...t.matchAll(/[{}]/g)].map((m) => m.index!);
        const at = braces[Math.floor(r() * braces.length)];
        if (at !== undefined) t = r() < 0.5 ? t.slice(0, at) + t.slice(at + 1) : t.slice(0, at) + t[at] + t.slice(at);
        break;
      }
      case 2: // insert a token
        t = `${t.slice(0, pos)} ${TOKENS[Math.floor(r() * TOKENS.length)]!} ${t.slice(pos)}`;
        break;
      case 3: // truncate
        t = t.slice(0, pos);
        break;
      case 4: { // swap two lines
        const lines = t.split('\n');
        const i = Math.floor(r() * lines.length);
        const j = Math.floor(r() * lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        t = lines.join('\n');
        break;
      }
      case 5: // deep nesting
        t = t.slice(0, pos) + 'x {'.repeat(Math.floor(r() * 80)) + t.slice(pos);
        break;
      default: // random bytes
        t = t.slice(0, pos) + String.fromCharCode(...Array.from({ length: 1 + Math.floor(r() * 8) }, () => Math.floor(r() * 128))) + t.slice(pos);
    }
  }
  return t;
}

function seeds(): string[] {
  const out: string[] = [];
  for (const sub of ['golden', 'samples']) {
    const dir = path.join(KEEPALIVED_FIXTURES, sub);
    for (const f of readdirSync(dir).sort()) if (f.includes('.conf')) out.push(readFileSync(path.join(dir, f), 'utf8'));
  }
  return out;
}

describe('keepalived importer fuzz', () => {
  it('survives 3000 mutated configurations with every diagnostic located inside its input', () => {
    const r = rng(Number(process.env.KEEPALIVED_FUZZ_SEED ?? 20261122));
    const base = seeds();
    expect(base.length).toBeGreaterThan(10);
    const MAIN = '/etc/keepalived/keepalived.conf';
    const OTHER = '/etc/keepalived/a.conf';
    let errors = 0;
    const started = Date.now();
    for (let i = 0; i < 3000; i++) {
      const files: Record<string, string> = {
        [MAIN]: mutate(base[Math.floor(r() * base.length)]!, r),
        [OTHER]: mutate(base[Math.floor(r() * base.length)]!, r),
      };
      const t0 = Date.now();
      const res = importKeepalived(MAIN, (p) => files[p], { listFiles: () => [MAIN, OTHER, '/etc/keepalived/dir'] });
      expect(Date.now() - t0).toBeLessThan(2000);
      const planErrors = [...Value.Errors(PlanSchema, res.plan)].map((e) => `${e.path}: ${e.message}`);
      if (planErrors.length > 0) throw new Error(`case ${i}: plan does not fit the schema: ${planErrors.slice(0, 3).join('; ')}\n${files[MAIN]}`);
      for (const d of res.diagnostics) {
        const loc = d.location;
        if (!loc) throw new Error(`case ${i}: ${d.code} has no location`);
        const text = files[loc.file];
        if (text === undefined) throw new Error(`case ${i}: ${d.code} points at unknown file ${loc.file}`);
        const lines = text.split('\n');
        const line = lines[loc.line - 1];
        if (line === undefined || loc.column < 1 || loc.column > line.length + 1) {
          throw new Error(`case ${i}: ${d.code} at ${loc.line}:${loc.column} is outside the input (${lines.length} lines)`);
        }
        expect(d.message.en).not.toMatch(/\{\w+\}/);
        if (d.severity === 'error') errors++;
      }
    }
    // The mutations do break things: the fuzzer is not just feeding valid files.
    expect(errors).toBeGreaterThan(1000);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
