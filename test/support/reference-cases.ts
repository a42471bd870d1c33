// Extracts conformance cases from the appendix of shared/reference/ipvsadm-kernel-behaviour.md:
// each `#### ID: title` block is replayed as a small shell session (cat rules, ipvsadm-restore,
// printf/echo | ipvsadm-restore or ipvsadm -R, direct ipvsadm commands, ipvsadm -C) and every
// `ipvsadm -Sn` in it becomes a case: the rules runs applied since the last clear, the error lines
// printed on the way, and the -Sn output the kernel printed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReferenceCase {
  id: string;
  title: string;
  /** Line of the `ipvsadm -Sn` in the reference document. */
  line: number;
  /** Rules texts applied in order to one table (the first after a clear). */
  runs: string[];
  /** Error lines ipvsadm/the kernel printed while applying the runs. */
  errors: string[];
  /** Exactly what `ipvsadm -Sn` printed. */
  expected: string;
}

export interface ReferenceBlock {
  id: string;
  title: string;
  cases: ReferenceCase[];
  /** Commands of the block this replay does not model (listing formats, sysctl, iptables...). */
  skipped: string[];
}

export function referencePath(): string | undefined {
  const candidates = [
    join(__dirname, '../../../shared/reference/ipvsadm-kernel-behaviour.md'),
    '/work/shared/reference/ipvsadm-kernel-behaviour.md',
  ];
  return candidates.find((p) => existsSync(p));
}

/** Shell words with '...' and "..." quoting (enough for the transcript). */
function shellWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const j = s.indexOf("'", i + 1);
      cur += s.slice(i + 1, j);
      i = j;
      has = true;
    } else if (c === '"') {
      const j = s.indexOf('"', i + 1);
      cur += s.slice(i + 1, j);
      i = j;
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return words;
}

function splitOutside(s: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let q: string | undefined;
  for (const c of s) {
    if (q) {
      if (c === q) q = undefined;
      cur += c;
    } else if (c === "'" || c === '"') {
      q = c;
      cur += c;
    } else if (c === sep) {
      parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  parts.push(cur.trim());
  return parts.filter((p) => p.length > 0);
}

function printfText(args: string[]): string {
  const unescape = (x: string) => x.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch === 't' ? '\t' : ch));
  if (args[0] === '--') args = args.slice(1);
  const fmt = args[0] ?? '';
  if (fmt === '%s\\n') return args.slice(1).map((a) => `${a}\n`).join('');
  return unescape(fmt);
}

const RULE_LINE = /^-[Aa] /;

export function parseReference(md: string): ReferenceBlock[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('# Appendix'));
  const blocks: ReferenceBlock[] = [];
  let block: ReferenceBlock | undefined;
  let i = start;
  // session state
  let runs: string[] = [];
  let errors: string[] = [];
  let rules = '';
  let saved = '';
  while (++i < lines.length) {
    const l = lines[i]!;
    const h = /^#### ([^:]+): (.*)$/.exec(l);
    if (h) {
      block = { id: h[1]!, title: h[2]!, cases: [], skipped: [] };
      blocks.push(block);
      runs = [];
      errors = [];
      continue;
    }
    if (!block || !l.startsWith('$ ')) continue;
    const cmdLine = l.slice(2);
    const cmdLineNo = i + 1;
    const out: string[] = [];
    while (i + 1 < lines.length && !lines[i + 1]!.startsWith('$ ') && !lines[i + 1]!.startsWith('```')) {
      const o = lines[++i]!;
      if (/^\[exit \d+\]$/.test(o)) break;
      out.push(o);
    }
    if (cmdLine === 'cat rules') {
      rules = out.map((x) => `${x}\n`).join('');
      continue;
    }
    const parts = splitOutside(cmdLine, ';');
    const hasSave = parts.some((p) => p === 'ipvsadm -Sn' || p.startsWith('ipvsadm -Sn >'));
    const errOut = hasSave ? out.filter((o) => !RULE_LINE.test(o)) : out;
    const saveOut = out.filter((o) => RULE_LINE.test(o));
    let unsupported = false;
    for (const part of parts) {
      const pipe = splitOutside(part, '|');
      const w = shellWords(pipe[0]!);
      if (pipe.length === 2 && (w[0] === 'printf' || w[0] === 'echo')) {
        const text = w[0] === 'echo' ? `${w.slice(1).join(' ')}\n` : printfText(w.slice(1));
        const sink = pipe[1]!.trim();
        if (sink === 'ipvsadm-restore') runs = [text];
        else if (sink === 'ipvsadm -R') runs.push(text);
        else unsupported = true;
      } else if (part === 'ipvsadm-restore < rules') runs = [rules];
      else if (part === 'ipvsadm-restore < /tmp/s') runs = [saved];
      else if (part === 'ipvsadm -C') {
        runs = [];
        errors = [];
      } else if (part === 'ipvsadm -Sn') {
        if (!unsupported) {
          const expected = saveOut.map((o) => `${o}\n`).join('');
          block.cases.push({ id: block.id, title: block.title, line: cmdLineNo, runs: [...runs], errors: [...errors, ...errOut], expected });
        }
        errors = [];
      } else if (part === 'ipvsadm -Sn > /tmp/s') {
        // the following `cat -A /tmp/s` shows it
      } else if (part === 'cat -A /tmp/s') {
        const expected = out.map((o) => `${o.replace(/\$$/, '')}\n`).join('');
        saved = expected;
        block.cases.push({ id: block.id, title: block.title, line: cmdLineNo, runs: [...runs], errors: [...errors, ...errOut], expected });
        errors = [];
      } else if (w[0] === 'ipvsadm' && /^-[AaEeDdCZ]$|^--set$/.test(w[1] ?? '') && pipe.length === 1) {
        runs.push(`${w.slice(1).join(' ')}\n`);
      } else unsupported = true;
    }
    if (unsupported) block.skipped.push(cmdLine);
    else if (!hasSave) errors.push(...out);
  }
  return blocks;
}

export function loadReferenceBlocks(): ReferenceBlock[] | undefined {
  const p = referencePath();
  if (!p) return undefined;
  return parseReference(readFileSync(p, 'utf8'));
}
