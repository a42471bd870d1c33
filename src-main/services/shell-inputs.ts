// Checks for what the Electron shell receives from outside: the page asking over IPC, dialog
// arguments from the renderer, and file paths on the command line.
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DialogFilter } from '../api/contract';
import { invalidArgument } from './host-errors';
import { isRecord } from './json-store';

/**
 * True when `url` is our renderer: the dev server's origin while developing, otherwise exactly the
 * built index.html file (any query or hash).
 */
export function isRendererUrl(url: string, where: { devServerUrl?: string; indexFile: string }): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (where.devServerUrl) {
    try {
      return u.origin === new URL(where.devServerUrl).origin && u.origin !== 'null';
    } catch {
      return false;
    }
  }
  if (u.protocol !== 'file:' || u.host !== '') return false;
  try {
    return path.resolve(fileURLToPath(u)) === path.resolve(where.indexFile);
  } catch {
    return false;
  }
}

export function checkDialogTitle(v: unknown): string {
  if (typeof v !== 'string' || v.length > 200) throw invalidArgument('a dialog title must be a string of at most 200 characters');
  return v;
}

export function checkDialogFilters(v: unknown): DialogFilter[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > 20) throw invalidArgument('dialog filters must be an array');
  return v.map((f, i) => {
    if (!isRecord(f) || typeof f.name !== 'string' || !Array.isArray(f.extensions)) throw invalidArgument(`filters[${i}] needs a name and extensions`);
    const extensions = f.extensions.map((x) => {
      if (typeof x !== 'string' || !/^(\*|[A-Za-z0-9_.-]{1,20})$/.test(x)) throw invalidArgument(`filters[${i}] has a bad extension`);
      return x;
    });
    return { name: f.name.slice(0, 100), extensions };
  });
}

/** A suggested file name for a save dialog: its last path part only. */
export function checkDefaultName(v: unknown): string {
  if (typeof v !== 'string') throw invalidArgument('the default file name must be a string');
  return path.basename(v.replace(/\\/g, '/'));
}

/**
 * Existing regular files named on a command line (after the first `skip` entries: the executable,
 * and in development the app folder), resolved against `cwd`. Options (-x, --x) are skipped.
 */
export function filesFromArgv(argv: string[], cwd: string, skip: number): string[] {
  const out: string[] = [];
  let optionsEnded = false;
  for (const arg of argv.slice(skip)) {
    if (!optionsEnded && arg === '--') {
      optionsEnded = true;
      continue;
    }
    if (!optionsEnded && arg.startsWith('-')) continue;
    const file = path.resolve(cwd, arg);
    try {
      if (statSync(file).isFile()) out.push(file);
    } catch {
      // not a file: ignore (Chromium and the OS add arguments of their own)
    }
  }
  return out;
}
