import { serializePlan } from '../../src-core/model/load';
import { writeFileAtomic } from '../services/atomic-write';
import { importConfigFile } from '../services/plan-files';
import { printDiagnostics, UsageError, type Io, type Lang } from './io';
import type { CliValues } from './main';

export async function cmdImport(args: string[], values: CliValues, io: Io, lang: Lang): Promise<number> {
  if (args.length !== 1) throw new UsageError('import takes exactly one FILE');
  const file = args[0]!;
  const from = values.from;
  if (from !== 'ipvsadm-save' && from !== 'keepalived') throw new UsageError('--from must be ipvsadm-save or keepalived');
  const opts = values.name ? { directorName: values.name } : {};
  const result = await importConfigFile(file, from, opts);
  printDiagnostics(io, result.diagnostics, lang);
  if (result.diagnostics.some((d) => d.severity === 'error')) {
    io.err(lang === 'zh' ? '导入失败：未写出任何方案。\n' : 'Import failed: no plan was written.\n');
    return 2;
  }
  const text = serializePlan(result.plan);
  if (values.out) await writeFileAtomic(values.out, text);
  else io.out(text);
  return 0;
}
