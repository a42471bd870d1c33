// Reading plan and import files from disk for the CLI and (later) the app's file service.
import { promises as fs, readFileSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadPlanText, type LoadResult } from '../../src-core/model/load';
import { importIpvsadmRules } from '../../src-core/import/ipvsadm';
import { importKeepalived } from '../../src-core/import/keepalived';

export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** A file that cannot be read as input; `code` is ENOENT, EISDIR, TOO_LARGE or the system error code. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

export async function readTextFile(file: string): Promise<string> {
  let st;
  try {
    st = await fs.stat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(e)})`, code);
  }
  if (st.isDirectory()) throw new InputError(`${file}: is a directory`, 'EISDIR');
  if (st.size > MAX_INPUT_BYTES) throw new InputError(`${file}: larger than ${MAX_INPUT_BYTES} bytes`, 'TOO_LARGE');
  try {
    const buf = await fs.readFile(file);
    return buf.toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code ?? String(e)})`, code);
  }
}

export async function readPlanFile(file: string): Promise<LoadResult> {
  return loadPlanText(await readTextFile(file), file);
}

/** A synchronous reader for importers that follow include directives (keepalived). */
export function fileReader(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_INPUT_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

export type ImportFormat = 'ipvsadm-save' | 'keepalived';

/**
 * Reads an existing configuration and runs the matching importer (keepalived includes are
 * followed on disk). Throws InputError for a missing or unreadable file; parse problems come back
 * as diagnostics.
 */
export async function importConfigFile(file: string, from: ImportFormat, opts: { directorName?: string } = {}) {
  const text = await readTextFile(file);
  return from === 'ipvsadm-save' ? importIpvsadmRules(text, file, opts) : importKeepalived(path.resolve(file), fileReader, { ...opts, listFiles: listDir });
}
