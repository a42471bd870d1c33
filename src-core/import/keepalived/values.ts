// Reading typed values out of statement tokens; a bad value is an error located at the token.
import { normalizeIp } from '../../util/ip';
import type { Statement } from './parser';
import type { Token } from './tokenizer';

export type Report = (code: string, severity: 'error' | 'warning', at: { file: string; line: number; column: number }, params?: Record<string, string | number>) => void;

export class ValueReader {
  constructor(private readonly report: Report) {}

  private at(s: Statement, t: Token) {
    return { file: s.file, line: t.line, column: t.column };
  }

  int(s: Statement, t: Token | undefined, min: number, max: number): number | undefined {
    if (!t) return undefined;
    const ok = /^\d{1,12}$/.test(t.text) && Number(t.text) >= min && Number(t.text) <= max;
    if (!ok) {
      this.report('KA_BAD_NUMBER', 'error', this.at(s, t), { keyword: s.keyword, expected: `an integer from ${min} to ${max}`, value: t.text.slice(0, 40) });
      return undefined;
    }
    return Number(t.text);
  }

  seconds(s: Statement, t: Token | undefined, max: number): number | undefined {
    if (!t) return undefined;
    const ok = /^\d{1,9}(\.\d{1,9})?$/.test(t.text) && Number(t.text) > 0 && Number(t.text) <= max;
    if (!ok) {
      this.report('KA_BAD_NUMBER', 'error', this.at(s, t), { keyword: s.keyword, expected: `seconds above 0, at most ${max}`, value: t.text.slice(0, 40) });
      return undefined;
    }
    return Number(t.text);
  }

  ip(s: Statement, t: Token | undefined): string | undefined {
    if (!t) return undefined;
    const a = normalizeIp(t.text);
    if (!a) this.report('KA_BAD_ADDRESS', 'error', this.at(s, t), { keyword: s.keyword, value: t.text.slice(0, 60) });
    return a;
  }

  oneOf<T extends string>(s: Statement, t: Token | undefined, values: readonly T[], caseless = true): T | undefined {
    if (!t) return undefined;
    const found = values.find((v) => (caseless ? v.toLowerCase() === t.text.toLowerCase() : v === t.text));
    if (found === undefined) {
      this.report('KA_BAD_VALUE', 'error', this.at(s, t), { keyword: s.keyword, expected: values.join(', '), value: t.text.slice(0, 40) });
    }
    return found;
  }

  /** A kernel interface name (what the plan's Interface.name accepts). */
  ifname(s: Statement, t: Token | undefined): string | undefined {
    if (!t) return undefined;
    if (/^[A-Za-z0-9_.:@-]{1,15}$/.test(t.text)) return t.text;
    this.report('KA_BAD_VALUE', 'error', this.at(s, t), { keyword: s.keyword, expected: 'an interface name (up to 15 letters, digits, _.:@-)', value: t.text.slice(0, 40) });
    return undefined;
  }

  /** keepalived <BOOL>; a bare keyword means true. */
  bool(s: Statement): boolean | undefined {
    const t = s.args[0];
    if (!t) return true;
    const v = t.text.toLowerCase();
    if (['on', 'true', 'yes'].includes(v)) return true;
    if (['off', 'false', 'no'].includes(v)) return false;
    this.report('KA_BAD_VALUE', 'error', this.at(s, t), { keyword: s.keyword, expected: 'on, off, true, false, yes, no', value: t.text.slice(0, 40) });
    return undefined;
  }

  /** A diagnostic at a statement (or at one of its tokens). */
  note(code: string, severity: 'error' | 'warning', s: Statement, t?: Token, params: Record<string, string | number> = {}): void {
    const tok = t ?? { line: s.line, column: s.column };
    this.report(code, severity, { file: s.file, line: tok.line, column: tok.column }, params);
  }

  warnUnsupported(s: Statement, t: Token | undefined, what: string): void {
    const tok = t ?? { line: s.line, column: s.column };
    this.report('KA_UNSUPPORTED', 'warning', { file: s.file, line: tok.line, column: tok.column }, { what });
  }
}

/** The last statement with this keyword (keepalived: a later setting overrides an earlier one). */
export function last(stmts: Statement[] | undefined, keyword: string): Statement | undefined {
  if (!stmts) return undefined;
  for (let i = stmts.length - 1; i >= 0; i--) if (stmts[i]!.keyword === keyword) return stmts[i];
  return undefined;
}

export function all(stmts: Statement[] | undefined, keyword: string): Statement[] {
  return (stmts ?? []).filter((s) => s.keyword === keyword);
}
