import { readPlanFile } from '../services/plan-files';
import { validatePlan } from '../../src-core/validate/validate';
import { printDiagnostics, UsageError, type Io, type Lang } from './io';
import type { CliValues } from './main';
import type { Diagnostic } from '../../src-core/validate/diagnostic';

/** Loads a plan; on load errors prints them and returns undefined (the caller exits 2). */
export async function loadOrReport(file: string, io: Io, lang: Lang, json = false): Promise<{ plan: import('../../src-core/model/plan-schema').Plan; locate: (p: string) => Diagnostic['location'] } | undefined> {
  const res = await readPlanFile(file);
  if (!res.plan) {
    if (json) io.out(JSON.stringify(res.diagnostics, null, 2) + '\n');
    else printDiagnostics(io, res.diagnostics, lang);
    return undefined;
  }
  return { plan: res.plan, locate: res.locate };
}

/** Adds the source location (file, line, column) to diagnostics that point into the plan. */
export function locateAll(diags: Diagnostic[], locate: (p: string) => Diagnostic['location']): Diagnostic[] {
  return diags.map((d) => {
    if (d.location) return d;
    const location = locate(d.target.path);
    return location ? { ...d, location } : d;
  });
}

export async function cmdValidate(args: string[], values: CliValues, io: Io, lang: Lang): Promise<number> {
  if (args.length !== 1) throw new UsageError('validate takes exactly one PLAN file');
  const loaded = await loadOrReport(args[0]!, io, lang, values.json);
  if (!loaded) return 2;
  const diags = locateAll(validatePlan(loaded.plan), loaded.locate);
  const errors = diags.filter((d) => d.severity === 'error').length;
  if (values.json) {
    io.out(JSON.stringify(diags, null, 2) + '\n');
  } else {
    printDiagnostics(io, diags, lang);
    const warnings = diags.filter((d) => d.severity === 'warning').length;
    io.err(lang === 'zh' ? `${args[0]}：${errors} 个错误，${warnings} 个警告\n` : `${args[0]}: ${errors} error(s), ${warnings} warning(s)\n`);
  }
  return errors > 0 ? 1 : 0;
}
