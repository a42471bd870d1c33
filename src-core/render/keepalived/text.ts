// Writing user strings into keepalived.conf safely, and the small text builder the renderer uses.
//
// keepalived's reader strips `#`/`!` comments, splits on whitespace, treats `{`/`}` as tokens,
// honours " and ' quotes with backslash escapes, and substitutes `$NAME` parameters. Rather than
// rely on the finer points of each, a string is written bare when it is plain, double-quoted when it
// holds spaces or quote-free punctuation, and refused when it holds anything whose meaning depends
// on those finer points (quotes, backslash, `$`, comment characters, braces, control characters).

const PLAIN = /^[A-Za-z0-9_.,:/@%+=~^*?[\]-]+$/;
const UNSAFE_PUNCTUATION = '"\\$#!{}';

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

function firstUnsafe(value: string): string | undefined {
  for (const ch of value) if (isControl(ch.charCodeAt(0)) || UNSAFE_PUNCTUATION.includes(ch)) return ch;
  return undefined;
}

export type Quoted = { ok: true; text: string } | { ok: false; reason: string };

export function quoteKeepalived(value: string): Quoted {
  if (value.length === 0) return { ok: false, reason: 'empty string' };
  if (value.length > 1024) return { ok: false, reason: 'longer than 1024 characters' };
  const ch = firstUnsafe(value);
  if (ch !== undefined) {
    const code = ch.charCodeAt(0);
    const what = isControl(code) ? `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}` : `character '${ch}'`;
    return { ok: false, reason: `contains ${what}` };
  }
  if (PLAIN.test(value)) return { ok: true, text: value };
  return { ok: true, text: `"${value}"` };
}

/** Text fit for a `#` comment line: control characters (newlines included) become '?'. */
export function commentSafe(value: string): string {
  return [...value].map((ch) => (isControl(ch.charCodeAt(0)) ? '?' : ch)).join('');
}

/** Seconds as keepalived reads a TIMER: plain decimal, no exponent, at most microseconds. */
export function timer(seconds: number): string {
  const rounded = Math.round(seconds * 1e6) / 1e6;
  return rounded.toFixed(6).replace(/\.?0+$/, '');
}

export class ConfWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text: string): void {
    this.lines.push(text === '' ? '' : `${'    '.repeat(this.depth)}${text}`);
  }

  comment(text: string): void {
    this.line(`# ${commentSafe(text)}`);
  }

  open(head: string): void {
    this.line(`${head} {`);
    this.depth++;
  }

  close(): void {
    this.depth = Math.max(0, this.depth - 1);
    this.line('}');
  }

  /** `keyword value` with the value quoted, or a comment saying why it was left out. */
  stringOption(keyword: string, value: string): boolean {
    const q = quoteKeepalived(value);
    if (q.ok) {
      this.line(`${keyword} ${q.text}`);
      return true;
    }
    this.comment(`${keyword} omitted: the value ${q.reason} and cannot be written safely`);
    return false;
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
