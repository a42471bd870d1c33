// POSIX path handling and glob expansion for keepalived `include` (no node:path in src-core).

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return p.slice(0, i);
}

export function basename(p: string): string {
  const trimmed = p.length > 1 ? p.replace(/\/+$/, '') : p;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

export function normalizePath(p: string): string {
  const absolute = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** `target` relative to the directory of `fromFile`, as keepalived resolves include paths. */
export function resolveFrom(fromFile: string, target: string): string {
  return normalizePath(target.startsWith('/') ? target : `${dirname(fromFile)}/${target}`);
}

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** The first top-level {a,b} group of p: its bounds and the comma positions, if any. */
function firstGroup(p: string): { open: number; close: number; commas: number[] } | undefined {
  for (let open = p.indexOf('{'); open >= 0; open = p.indexOf('{', open + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = open; i < p.length; i++) {
      const c = p[i];
      if (c === '{') depth++;
      else if (c === '}') {
        if (--depth === 0) {
          if (commas.length > 0) return { open, close: i, commas };
          break;
        }
      } else if (c === ',' && depth === 1) commas.push(i);
    }
  }
  return undefined;
}

/** csh-style brace expansion: a{b,c}d -> abd acd (nested braces too); at most `limit` results. */
export function expandBraces(p: string, limit = 256): string[] {
  const done: string[] = [];
  const queue = [p];
  let work = 0;
  while (queue.length > 0 && done.length < limit && work++ < limit * 8) {
    const cur = queue.shift()!;
    const g = firstGroup(cur);
    if (!g) {
      done.push(cur);
      continue;
    }
    const cuts = [g.open, ...g.commas, g.close];
    const alts: string[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) alts.push(cur.slice(0, g.open) + cur.slice(cuts[i]! + 1, cuts[i + 1]) + cur.slice(g.close + 1));
    queue.unshift(...alts);
  }
  return done;
}

function componentRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`);
  } catch {
    return /^$/;
  }
}

/** Expands wildcards component by component with `listFiles(dir)` (entries as names or paths). Sorted, like glob(). */
export function expandGlob(pattern: string, listFiles: (dir: string) => string[]): string[] {
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((x) => x !== '');
  let bases = [absolute ? '/' : '.'];
  for (const part of parts) {
    const next: string[] = [];
    for (const base of bases) {
      const join = (name: string) => normalizePath(base === '/' ? `/${name}` : `${base}/${name}`);
      if (!hasGlob(part)) {
        next.push(join(part));
        continue;
      }
      const re = componentRegex(part);
      let entries: string[] = [];
      try {
        entries = listFiles(base);
      } catch {
        entries = [];
      }
      for (const e of entries) {
        const name = basename(e);
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (re.test(name)) next.push(join(name));
      }
    }
    bases = [...new Set(next)].sort().slice(0, 1000);
  }
  return bases;
}
