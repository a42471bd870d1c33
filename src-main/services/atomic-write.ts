// Writes that never leave a half-written file or folder behind: temp + fsync + rename.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export async function writeFileAtomic(file: string, content: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    try {
      await (typeof content === 'string' ? handle.writeFile(content, 'utf8') : handle.writeFile(content));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export interface TreeFile {
  /** Path relative to the tree root, with / separators. */
  relPath: string;
  content: string;
  mode: number;
}

/**
 * Replaces the folder `dir` with exactly `files`: everything is written to a sibling temp folder
 * first, then swapped in, so a failure leaves the previous folder as it was.
 */
export async function writeTreeAtomic(dir: string, files: TreeFile[]): Promise<void> {
  const abs = path.resolve(dir);
  const parent = path.dirname(abs);
  await fs.mkdir(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
  await fs.mkdir(tmp);
  try {
    for (const f of files) {
      const target = path.join(tmp, f.relPath);
      if (!target.startsWith(tmp + path.sep)) throw new Error(`refusing to write outside the bundle: ${f.relPath}`);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, f.content, { mode: f.mode });
      await fs.chmod(target, f.mode);
    }
  } catch (e) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const old = `${tmp}.old`;
  let hadOld = false;
  try {
    await fs.rename(abs, old);
    hadOld = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  try {
    await fs.rename(tmp, abs);
  } catch (e) {
    if (hadOld) await fs.rename(old, abs);
    await fs.rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (hadOld) await fs.rm(old, { recursive: true, force: true });
}
