// keepalived.conf -> a tree of statements checked against the keyword table. Follows `include`
// (relative to the including file, wildcards through an optional directory lister, cycles refused).
// Statements the plan cannot use are reported here and left out of the tree; the mapper only sees
// known keywords with the right number of values.
import type { Diagnostic } from '../../validate/diagnostic';
import { makeDiagnostic } from '../../validate/diagnostic';
import { INCLUDE_KEYWORDS, KEYWORDS, type Context, type KeywordSpec } from './keywords';
import { KEEPALIVED_IMPORT_MESSAGES } from './messages';
import { expandBraces, expandGlob, hasGlob, resolveFrom } from './paths';
import { tokenize, type Token } from './tokenizer';

export interface Statement {
  keyword: string;
  args: Token[];
  file: string;
  line: number;
  column: number;
  block?: Statement[];
}

export interface ParseOptions {
  readFile: (path: string) => string | undefined;
  listFiles?: (dir: string) => string[];
}

const MAX_DEPTH = 32;
const MAX_INCLUDE_DEPTH = 16;
const MAX_FILES = 512;

const CONTEXT_LABEL: Record<Context, string> = {
  top: 'the top level',
  global_defs: 'global_defs',
  vrrp_instance: 'vrrp_instance',
  authentication: 'authentication',
  addresses: 'virtual_ipaddress',
  virtual_server: 'virtual_server',
  real_server: 'real_server',
  tcp_check: 'TCP_CHECK',
  http_check: 'HTTP_GET/SSL_GET',
  misc_check: 'MISC_CHECK',
  url: 'url',
  skip: 'an ignored block',
};

export class KeepalivedParser {
  readonly diagnostics: Diagnostic[] = [];
  private readonly stack: string[] = [];
  private filesRead = 0;

  constructor(private readonly opts: ParseOptions) {}

  report(code: string, severity: Diagnostic['severity'], file: string, line: number, column: number, params: Record<string, string | number> = {}): void {
    this.diagnostics.push(
      makeDiagnostic(KEEPALIVED_IMPORT_MESSAGES, code, severity, { kind: 'file', id: file, path: '' }, params, {
        location: { file, line, column },
      }),
    );
  }

  /** Parses a file's statements in `ctx`; undefined when the file cannot be read. */
  parseFile(file: string, ctx: Context): Statement[] | undefined {
    let text: string | undefined;
    try {
      text = this.opts.readFile(file);
    } catch {
      text = undefined;
    }
    if (text === undefined) return undefined;
    this.filesRead++;
    const { tokens, problems } = tokenize(text);
    for (const p of problems) {
      if (p.code === 'KA_UNTERMINATED_QUOTE') this.report(p.code, 'error', file, p.line, p.column, { quote: p.quote });
      else this.report(p.code, 'warning', file, p.line, p.column);
    }
    this.stack.push(file);
    const r = this.parseSeq(tokens, 0, ctx, 0, file, undefined);
    this.stack.pop();
    return r.statements;
  }

  private parseSeq(
    tokens: Token[],
    start: number,
    ctx: Context,
    depth: number,
    file: string,
    opener: { token: Token; keyword: string } | undefined,
  ): { statements: Statement[]; pos: number } {
    const out: Statement[] = [];
    let pos = start;
    while (pos < tokens.length) {
      const t = tokens[pos]!;
      if (t.kind === 'eol') {
        pos++;
        continue;
      }
      if (t.kind === 'close') {
        if (opener) return { statements: out, pos: pos + 1 };
        this.report('KA_UNEXPECTED_CLOSE', 'error', file, t.line, t.column);
        pos++;
        continue;
      }
      if (t.kind === 'open') {
        this.report('KA_BRACE_WITHOUT_KEYWORD', 'error', file, t.line, t.column);
        pos = this.parseSeq(tokens, pos + 1, 'skip', depth + 1, file, { token: t, keyword: '{' }).pos;
        continue;
      }
      const args: Token[] = [];
      pos++;
      while (tokens[pos]?.kind === 'word') args.push(tokens[pos++]!);
      let open: Token | undefined;
      if (tokens[pos]?.kind === 'open') open = tokens[pos];
      else if (tokens[pos]?.kind === 'eol' && opensBlock(ctx, t.text)) {
        // keepalived also takes a block keyword's '{' from the next line; after any other keyword
        // a '{' on the next line is a stray brace.
        let ahead = pos;
        while (tokens[ahead]?.kind === 'eol') ahead++;
        if (tokens[ahead]?.kind === 'open') {
          pos = ahead;
          open = tokens[ahead];
        }
      }
      const { spec, childCtx } = this.classify(t, args, ctx, file, open !== undefined);
      let block: Statement[] | undefined;
      if (open) {
        if (depth >= MAX_DEPTH) {
          this.report('KA_NESTING_TOO_DEEP', 'error', file, open.line, open.column, { max: MAX_DEPTH });
          pos = skipBlock(tokens, pos + 1);
          if (pos > tokens.length) this.report('KA_UNCLOSED_BLOCK', 'error', file, open.line, open.column, { keyword: t.text });
        } else {
          const r = this.parseSeq(tokens, pos + 1, childCtx, depth + 1, file, { token: open, keyword: t.text });
          block = r.statements;
          pos = r.pos;
        }
      }
      if (spec === 'include') {
        out.push(...this.include(t, args, ctx, file));
        continue;
      }
      if (!spec) continue;
      if (spec.block && !open && !spec.blockOptional) {
        this.report('KA_EXPECTED_BLOCK', 'error', file, t.line, t.column, { keyword: t.text });
        continue;
      }
      if (!spec.block && open) {
        this.report('KA_UNEXPECTED_BLOCK', 'error', file, open.line, open.column, { keyword: t.text });
        block = undefined;
      }
      const stmt: Statement = { keyword: t.text, args: args.slice(0, spec.max), file, line: t.line, column: t.column };
      if (spec.block) stmt.block = block ?? [];
      out.push(stmt);
    }
    if (opener) {
      this.report('KA_UNCLOSED_BLOCK', 'error', file, opener.token.line, opener.token.column, { keyword: opener.keyword });
      return { statements: out, pos: tokens.length + 1 };
    }
    return { statements: out, pos };
  }

  /** Checks a statement against the table: its spec (undefined: dropped) and the context of its block. */
  private classify(
    t: Token,
    args: Token[],
    ctx: Context,
    file: string,
    hasBlock: boolean,
  ): { spec: KeywordSpec | 'include' | undefined; childCtx: Context } {
    const skip = { spec: undefined, childCtx: 'skip' as Context };
    if (ctx === 'skip') return skip;
    if (!t.quoted && (t.text.startsWith('@') || t.text.startsWith('$') || t.text.startsWith('~'))) {
      this.report('KA_CONDITIONAL', 'warning', file, t.line, t.column, { text: t.text.slice(0, 40) });
      return skip;
    }
    if (!t.quoted && INCLUDE_KEYWORDS.has(t.text)) {
      if (args.length === 0) {
        this.report('KA_MISSING_VALUE', 'error', file, t.line, t.column, { keyword: t.text, expected: 'a file name or pattern' });
        return skip;
      }
      return { spec: 'include', childCtx: 'skip' };
    }
    if (ctx === 'addresses') return { spec: { min: 0, max: Infinity }, childCtx: 'skip' };
    const spec = KEYWORDS[ctx][t.text];
    const label = CONTEXT_LABEL[ctx];
    if (!spec) {
      this.report('KA_UNKNOWN_KEYWORD', 'warning', file, t.line, t.column, { keyword: t.text, context: label });
      return skip;
    }
    if (spec.ignored) {
      this.report('KA_IGNORED_KEYWORD', 'warning', file, t.line, t.column, { keyword: t.text, context: label });
      return skip;
    }
    if (args.length < spec.min) {
      this.report('KA_MISSING_VALUE', 'error', file, t.line, t.column, { keyword: t.text, expected: spec.expects ?? 'a value' });
      return skip;
    }
    if (args.length > spec.max) {
      const extra = args[spec.max]!;
      this.report('KA_EXTRA_VALUES', 'warning', file, extra.line, extra.column, { keyword: t.text, value: extra.text.slice(0, 40) });
    }
    return { spec, childCtx: hasBlock && spec.block ? spec.block : 'skip' };
  }

  private include(t: Token, args: Token[], ctx: Context, file: string): Statement[] {
    const pattern = args[0]!.text;
    const candidates: string[] = [];
    for (const p of expandBraces(pattern)) {
      const resolved = resolveFrom(file, p);
      if (!hasGlob(p)) candidates.push(resolved);
      else if (this.opts.listFiles) candidates.push(...expandGlob(resolved, this.opts.listFiles));
      else this.report('KA_INCLUDE_GLOB', 'warning', file, t.line, t.column, { pattern });
    }
    if (candidates.length === 0 && (!hasGlob(pattern) || this.opts.listFiles)) {
      this.report('KA_INCLUDE_NOMATCH', 'warning', file, t.line, t.column, { pattern });
    }
    const out: Statement[] = [];
    for (const target of candidates) {
      if (this.stack.includes(target)) {
        this.report('KA_INCLUDE_CYCLE', 'error', file, t.line, t.column, { file: target, chain: [...this.stack, target].join(' -> ') });
        continue;
      }
      if (this.stack.length >= MAX_INCLUDE_DEPTH || this.filesRead >= MAX_FILES) {
        this.report('KA_INCLUDE_DEPTH', 'error', file, t.line, t.column, { file: target, max: MAX_INCLUDE_DEPTH });
        continue;
      }
      const stmts = this.parseFile(target, ctx);
      if (stmts === undefined) {
        // A wildcard also lists directories; only a named file that cannot be read is worth a warning.
        if (!hasGlob(pattern)) this.report('KA_INCLUDE_MISSING', 'warning', file, t.line, t.column, { file: target });
        continue;
      }
      out.push(...stmts);
    }
    return out;
  }
}

function opensBlock(ctx: Context, keyword: string): boolean {
  if (ctx === 'skip' || ctx === 'addresses') return false;
  return KEYWORDS[ctx][keyword]?.block !== undefined;
}

/** Position after the '}' closing a block whose '{' is just before `start` (length+1 when unclosed). */
function skipBlock(tokens: Token[], start: number): number {
  let depth = 1;
  for (let i = start; i < tokens.length; i++) {
    const k = tokens[i]!.kind;
    if (k === 'open') depth++;
    else if (k === 'close' && --depth === 0) return i + 1;
  }
  return tokens.length + 1;
}
