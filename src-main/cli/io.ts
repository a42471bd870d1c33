// Output helpers of the CLI: diagnostics to stderr, one located line each.
import { formatDiagnostic, type Diagnostic } from '../../src-core/validate/diagnostic';

export type Lang = 'en' | 'zh';

export function defaultLang(env: NodeJS.ProcessEnv): Lang {
  const l = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(l) ? 'zh' : 'en';
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export function printDiagnostics(io: Io, diags: Diagnostic[], lang: Lang): void {
  for (const d of diags) {
    io.err(formatDiagnostic(d, lang) + '\n');
    if (d.hint) io.err(`  ${lang === 'zh' ? '提示' : 'hint'}: ${d.hint[lang]}\n`);
  }
}

export class UsageError extends Error {}
