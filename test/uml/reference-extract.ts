// What test/support/reference-cases.ts does not model, from the appendix of
// shared/reference/ipvsadm-kernel-behaviour.md: the exit status of the "cat rules / ipvsadm-restore"
// cases, and the `ipvsadm -Ln --thresholds` listings. A restore case is a fenced block of the form
//   $ cat rules / <rules lines> / $ ipvsadm-restore < rules / <output> / [exit N] / $ ipvsadm -Sn / <save> / [exit 0]
// (further commands in the block are ignored). Rules lines are taken byte for byte (tabs,
// trailing spaces); the file ends with a newline.
import { readFileSync } from 'node:fs';

export interface ReferenceRestoreCase {
  id: string;
  title: string;
  rules: string;
  /** What ipvsadm-restore printed (the transcript merges stdout and stderr; stdout is always empty). */
  expectedStderr: string;
  expectedExit: number;
  expectedSave: string;
}

export const REFERENCE_DOC = '/work/shared/reference/ipvsadm-kernel-behaviour.md';

/** Locates the reference document: the fixed shared/ path, or shared/ beside the repository (CI clone). */
export function referenceDocPath(): string {
  const candidates = [REFERENCE_DOC, new URL('../../../shared/reference/ipvsadm-kernel-behaviour.md', import.meta.url).pathname];
  for (const c of candidates) {
    try {
      readFileSync(c);
      return c;
    } catch {
      /* next */
    }
  }
  throw new Error(`reference document not found (looked in ${candidates.join(', ')})`);
}

const joinLines = (lines: string[]): string => (lines.length ? lines.join('\n') + '\n' : '');

export function extractRestoreCases(markdown: string): ReferenceRestoreCase[] {
  const appendix = markdown.indexOf('# Appendix');
  const lines = (appendix >= 0 ? markdown.slice(appendix) : markdown).split('\n');
  const cases: ReferenceRestoreCase[] = [];
  let id = '';
  let title = '';
  for (let i = 0; i < lines.length; i++) {
    const head = /^#### ([^:]+): (.*)$/.exec(lines[i]!);
    if (head) {
      id = head[1]!;
      title = head[2]!;
      continue;
    }
    if (lines[i] !== '$ cat rules' || !id) continue;
    const take = (until: (l: string) => boolean): string[] | undefined => {
      const out: string[] = [];
      for (i++; i < lines.length; i++) {
        const l = lines[i]!;
        if (until(l)) return out;
        if (l === '```' || l.startsWith('#### ')) return undefined;
        out.push(l);
      }
      return undefined;
    };
    const rules = take((l) => l === '$ ipvsadm-restore < rules');
    const restoreOut = rules && take((l) => /^\[exit \d+\]$/.test(l));
    if (!rules || !restoreOut) continue;
    const expectedExit = Number(/\d+/.exec(lines[i]!)![0]);
    if (lines[i + 1] !== '$ ipvsadm -Sn') continue;
    i++;
    const save = take((l) => l === '[exit 0]');
    if (!save) continue;
    cases.push({ id, title, rules: joinLines(rules), expectedStderr: joinLines(restoreOut), expectedExit, expectedSave: joinLines(save) });
    id = '';
  }
  return cases;
}

export interface ReferenceThresholdCase {
  id: string;
  rules: string;
  expectedThresholds: string;
  /** When the block also shows `ipvsadm -Sn` for the same table. */
  expectedSave?: string;
}

/**
 * The blocks that restore `printf '%s\n' 'line' ... | ipvsadm-restore` and then show
 * `ipvsadm -Ln --thresholds` (EX1L, E-edit-reset-L): the only place thresholds are visible.
 */
export function extractThresholdCases(markdown: string): ReferenceThresholdCase[] {
  const appendix = markdown.indexOf('# Appendix');
  const lines = (appendix >= 0 ? markdown.slice(appendix) : markdown).split('\n');
  const out: ReferenceThresholdCase[] = [];
  let id = '';
  const outputAt = (start: number): string[] => {
    const o: string[] = [];
    for (let j = start; j < lines.length && !/^\[exit \d+\]$/.test(lines[j]!); j++) o.push(lines[j]!);
    return o;
  };
  for (let i = 0; i < lines.length; i++) {
    const head = /^#### ([^:]+):/.exec(lines[i]!);
    if (head) id = head[1]!;
    const cmd = /^\$ printf '%s\\n' (.*) \| ipvsadm-restore(; ipvsadm -Ln --thresholds)?$/.exec(lines[i]!);
    if (!cmd) continue;
    const rules = joinLines([...cmd[1]!.matchAll(/'([^']*)'/g)].map((m) => m[1]!));
    if (cmd[2]) {
      out.push({ id, rules, expectedThresholds: joinLines(outputAt(i + 1)) });
      continue;
    }
    let save: string | undefined;
    for (let j = i + 1; j < lines.length && lines[j] !== '```'; j++) {
      if (lines[j] === '$ ipvsadm -Sn') save = joinLines(outputAt(j + 1));
      if (lines[j] === '$ ipvsadm -Ln --thresholds') {
        out.push({ id, rules, expectedThresholds: joinLines(outputAt(j + 1)), expectedSave: save });
        break;
      }
    }
  }
  return out;
}

export function loadReferenceThresholdCases(): ReferenceThresholdCase[] {
  return extractThresholdCases(readFileSync(referenceDocPath(), 'utf8'));
}

export function loadReferenceRestoreCases(): ReferenceRestoreCase[] {
  return extractRestoreCases(readFileSync(referenceDocPath(), 'utf8'));
}

/** Case id -> the rules file and the exit status ipvsadm-restore returned for it. */
export function loadReferenceRestoreExits(): Map<string, { rules: string; code: number }> {
  return new Map(loadReferenceRestoreCases().map((c) => [c.id, { rules: c.rules, code: c.expectedExit }]));
}
