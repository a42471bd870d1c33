import path from 'node:path';
import { compilePlan } from '../../src-core/compile/compile';
import { renderBundle, renderHostFiles } from '../../src-core/render/bundle';
import { renderIpvsadmSave } from '../../src-core/render/ipvsadm-save';
import { renderKeepalivedConf } from '../../src-core/render/keepalived';
import { validatePlan } from '../../src-core/validate/validate';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import { writeFileAtomic, writeTreeAtomic } from '../services/atomic-write';
import { loadOrReport, locateAll } from './cmd-validate';
import { printDiagnostics, UsageError, type Io, type Lang } from './io';
import type { CliValues } from './main';

const FORMATS = ['ipvsadm-save', 'keepalived', 'scripts', 'bundle'] as const;
type Format = (typeof FORMATS)[number];

function pickHost(hosts: HostDesiredState[], wanted: string | undefined, what: string): HostDesiredState {
  if (wanted !== undefined) {
    const h = hosts.find((x) => x.hostName === wanted || x.hostId === wanted);
    if (!h) throw new UsageError(`no ${what} named '${wanted}' (have: ${hosts.map((x) => x.hostName).join(', ') || 'none'})`);
    return h;
  }
  if (hosts.length === 1) return hosts[0]!;
  if (hosts.length === 0) throw new UsageError(`the plan has no ${what}`);
  throw new UsageError(`the plan has ${hosts.length} ${what}s: choose one with --host (${hosts.map((x) => x.hostName).join(', ')})`);
}

export async function cmdExport(args: string[], values: CliValues, io: Io, lang: Lang): Promise<number> {
  if (args.length !== 1) throw new UsageError('export takes exactly one PLAN file');
  const format = values.format as Format | undefined;
  if (!format || !FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (format === 'bundle' && !values.out) throw new UsageError('--format bundle needs --out DIR');
  const loaded = await loadOrReport(args[0]!, io, lang);
  if (!loaded) return 2;
  const { plan } = loaded;
  const diags = locateAll(validatePlan(plan), loaded.locate);
  const errors = diags.filter((d) => d.severity === 'error');
  if (errors.length > 0 && !values.force) {
    printDiagnostics(io, errors, lang);
    io.err(lang === 'zh' ? '方案有错误，未导出任何内容（使用 --force 强制导出）。\n' : 'The plan has errors; nothing was exported (use --force to export anyway).\n');
    return 1;
  }
  const compiled = compilePlan(plan);
  const directors = compiled.hosts.filter((h) => h.role === 'director');

  if (format === 'ipvsadm-save' || format === 'keepalived') {
    const host = pickHost(directors, values.host, 'director');
    const text = format === 'ipvsadm-save' ? renderIpvsadmSave(host.ipvs, { thresholds: !values['kernel-view'] }) : renderKeepalivedConf(plan, host.hostId);
    if (values.out) await writeFileAtomic(values.out, text);
    else io.out(text);
    return 0;
  }
  const files = format === 'bundle' ? renderBundle(plan, compiled) : scriptsOf(compiled.hosts, values.host, plan);
  if (values.out) {
    const names = new Map(compiled.hosts.map((h) => [h.hostId, h.hostName]));
    await writeTreeAtomic(values.out, files.map((f) => ({ relPath: `${safeName(names.get(f.hostId) ?? f.hostId)}/${f.bundleName}`, content: f.content, mode: f.mode })));
    io.err(`${files.length} file(s) written to ${path.resolve(values.out)}\n`);
  } else {
    for (const f of files) io.out(`# ==> ${f.hostId}: ${f.path} <==\n${f.content}${f.content.endsWith('\n') ? '' : '\n'}`);
  }
  return 0;
}

function scriptsOf(hosts: HostDesiredState[], wanted: string | undefined, plan: Parameters<typeof renderHostFiles>[0]) {
  const chosen = wanted === undefined ? hosts : [pickHost(hosts, wanted, 'host')];
  return chosen.flatMap((h) => renderHostFiles(plan, h).filter((f) => f.kind === 'script'));
}

/** Host names become folder names: keep them to a safe alphabet. */
function safeName(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
  return s.length > 0 ? s : '_';
}
