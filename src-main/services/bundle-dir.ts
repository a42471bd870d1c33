// Writing the per-host bundle folder. The folder is replaced as a whole, so a folder that already
// holds other things (a home folder picked by mistake) is refused: only an empty folder or one that
// carries our marker file from an earlier export is replaced.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ExportFile } from '../api/contract';
import { writeTreeAtomic } from './atomic-write';
import { fsError, HostError } from './host-errors';

export const BUNDLE_MARKER = '.lvs-studio-bundle';

async function entries(dir: string): Promise<string[] | undefined> {
  try {
    return await fs.readdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new HostError('ENOTDIR', `cannot write the bundle to ${dir}: it is a file, not a folder`);
    throw fsError(e, 'write the bundle to', dir);
  }
}

/** Replaces `dir` with exactly `files` plus the marker file. */
export async function replaceBundleDir(dir: string, files: ExportFile[]): Promise<void> {
  const existing = await entries(dir);
  if (existing && existing.length > 0 && !existing.includes(BUNDLE_MARKER)) {
    throw new HostError('NOT_A_BUNDLE', `${dir} is not empty and was not written by LVS Studio; choose an empty or new folder`);
  }
  if (files.some((f) => f.relPath === BUNDLE_MARKER)) throw new HostError('INVALID_ARGUMENT', `${BUNDLE_MARKER} is a reserved file name`);
  const marker = { relPath: BUNDLE_MARKER, content: 'Written by LVS Studio; this folder is replaced on the next bundle export.\n', mode: 0o644 };
  try {
    await writeTreeAtomic(dir, [...files, marker]);
  } catch (e) {
    throw fsError(e, 'write the bundle to', path.resolve(dir));
  }
}
