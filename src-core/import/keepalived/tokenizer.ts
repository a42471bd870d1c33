// keepalived.conf tokens: words, '{' '}', end of line. As keepalived reads it: '#' and '!' start a
// comment anywhere outside quotes; " and ' quote (the quotes are removed and the quoted text joins
// the adjacent word, backslash escapes work inside quotes); braces are tokens of their own. There
// are no continuation lines (keepalived 2.2 takes a trailing backslash as part of the last word),
// and a NUL ends the line as it does for keepalived's C strings. On an `include` line braces are
// part of the file pattern (keepalived reads include lines before splitting them into words).

import { INCLUDE_KEYWORDS } from './keywords';

export type TokenKind = 'word' | 'open' | 'close' | 'eol';

export interface Token {
  kind: TokenKind;
  text: string;
  /** True when any part of the word was quoted (a quoted word is never a brace or comment). */
  quoted: boolean;
  line: number;
  column: number;
}

export type TokenizeProblem =
  | { code: 'KA_UNTERMINATED_QUOTE'; line: number; column: number; quote: string }
  | { code: 'KA_COMMENT_BACKSLASH'; line: number; column: number };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\u0007', b: '\b', f: '\f', v: '\v', E: '\u001b' };

export function tokenize(text: string): { tokens: Token[]; problems: TokenizeProblem[] } {
  const tokens: Token[] = [];
  const problems: TokenizeProblem[] = [];
  let line = 1;
  let col = 1;
  let i = 0;
  let word: Token | undefined;
  const n = text.length;

  let lineStart = 0;
  let includeLine = false;
  const flush = () => {
    if (word) {
      if (tokens.length === lineStart && !word.quoted && INCLUDE_KEYWORDS.has(word.text)) includeLine = true;
      tokens.push(word);
    }
    word = undefined;
  };
  const startWord = () => {
    if (!word) word = { kind: 'word', text: '', quoted: false, line, column: col };
    return word;
  };
  const newline = () => {
    flush();
    tokens.push({ kind: 'eol', text: '', quoted: false, line, column: col });
    lineStart = tokens.length;
    includeLine = false;
    line++;
    col = 1;
  };

  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      newline();
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      flush();
      i++;
      col++;
      continue;
    }
    if (c === '#' || c === '!' || c === '\u0000') {
      flush();
      while (i < n && text[i] !== '\n') {
        i++;
        col++;
      }
      // keepalived rejects this (as an unknown keyword '\'); the next line is not joined.
      const end = text[i - 1] === '\r' ? i - 2 : i - 1;
      if (text[end] === '\\' && i < n) problems.push({ code: 'KA_COMMENT_BACKSLASH', line, column: col - (i - end) });
      continue;
    }
    if ((c === '{' || c === '}') && !includeLine) {
      flush();
      tokens.push({ kind: c === '{' ? 'open' : 'close', text: c, quoted: false, line, column: col });
      i++;
      col++;
      continue;
    }
    if (c === '"' || c === "'") {
      const w = startWord();
      w.quoted = true;
      const qLine = line;
      const qCol = col;
      i++;
      col++;
      let closed = false;
      while (i < n && text[i] !== '\n' && text[i] !== '\u0000') {
        const d = text[i]!;
        if (d === c) {
          closed = true;
          i++;
          col++;
          break;
        }
        if (d === '\\' && i + 1 < n && text[i + 1] !== '\n') {
          const e = text[i + 1]!;
          w.text += ESCAPES[e] ?? e;
          i += 2;
          col += 2;
          continue;
        }
        w.text += d;
        i++;
        col++;
      }
      if (!closed) problems.push({ code: 'KA_UNTERMINATED_QUOTE', line: qLine, column: qCol, quote: c });
      continue;
    }
    startWord().text += c;
    i++;
    col++;
  }
  flush();
  tokens.push({ kind: 'eol', text: '', quoted: false, line, column: col });
  return { tokens, problems };
}
