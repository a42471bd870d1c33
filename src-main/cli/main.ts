// The lvs-studio command line: validate, export, import, schema, deploy, status. Exit 0 ok, 1 plan errors,
// 2 usage/file/parse errors. User errors never print a stack trace.
import { parseArgs } from 'node:util';
import { USAGE } from './usage';
import { defaultLang, UsageError, type Io, type Lang } from './io';
import { InputError } from '../services/plan-files';
import { cmdValidate } from './cmd-validate';
import { cmdExport } from './cmd-export';
import { cmdImport } from './cmd-import';
import { cmdSchema } from './cmd-schema';
import { cmdDeploy } from './cmd-deploy';
import { cmdStatus } from './cmd-status';

const OPTIONS = {
  json: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string' },
  host: { type: 'string' },
  from: { type: 'string' },
  name: { type: 'string' },
  lang: { type: 'string' },
  force: { type: 'boolean' },
  'kernel-view': { type: 'boolean' },
  inventory: { type: 'string' },
  'dry-run': { type: 'boolean' },
  only: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  'known-hosts': { type: 'string', multiple: true },
  'accept-host-key': { type: 'string', multiple: true },
  log: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = {
  json?: boolean;
  format?: string;
  out?: string;
  host?: string;
  from?: string;
  name?: string;
  force?: boolean;
  'kernel-view'?: boolean;
  inventory?: string;
  'dry-run'?: boolean;
  only?: string;
  yes?: boolean;
  'known-hosts'?: string[];
  'accept-host-key'?: string[];
  log?: string;
};

export async function runCli(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let lang: Lang = defaultLang(env);
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.lang !== undefined) {
      if (values.lang !== 'en' && values.lang !== 'zh') throw new UsageError(`--lang must be en or zh, not '${values.lang}'`);
      lang = values.lang;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      (command === undefined && !values.help ? io.err : io.out)(USAGE);
      return command === undefined && !values.help ? 2 : 0;
    }
    switch (command) {
      case 'validate':
        return await cmdValidate(rest, values, io, lang);
      case 'export':
        return await cmdExport(rest, values, io, lang);
      case 'import':
        return await cmdImport(rest, values, io, lang);
      case 'deploy':
        return await cmdDeploy(rest, values, io, lang, env);
      case 'status':
        return await cmdStatus(rest, values, io, lang, env);
      case 'schema':
        if (rest.length > 0) throw new UsageError('schema takes no arguments');
        return cmdSchema(io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`lvs-studio: ${e.message}\n${lang === 'zh' ? '用法见' : 'See'} 'lvs-studio help'.\n`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`lvs-studio: ${e.message}\n`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.syscall) {
      io.err(`lvs-studio: ${err.path ?? ''}: ${err.code} (${err.syscall})\n`);
      return 2;
    }
    io.err(`lvs-studio: internal error: ${err?.stack ?? String(e)}\n`);
    return 70;
  }
}
