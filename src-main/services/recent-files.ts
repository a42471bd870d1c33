// The recent-files list: most recent first, one entry per path, at most MAX_RECENT, files that no
// longer exist are left out.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RecentFile } from '../api/contract';
import { isRecord, JsonStore } from './json-store';

export const MAX_RECENT = 10;

function parseRecent(v: unknown): RecentFile[] {
  if (!isRecord(v) || !Array.isArray(v.files)) return [];
  const out: RecentFile[] = [];
  for (const f of v.files) {
    if (isRecord(f) && typeof f.path === 'string' && typeof f.openedAt === 'string' && path.isAbsolute(f.path)) {
      out.push({ path: f.path, name: path.basename(f.path), openedAt: f.openedAt });
    }
  }
  return out;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export class RecentFiles {
  private readonly store: JsonStore;

  constructor(dataDir: string) {
    this.store = new JsonStore(path.join(dataDir, 'recent.json'));
  }

  async list(): Promise<RecentFile[]> {
    const files = parseRecent(await this.store.read());
    const present = await Promise.all(files.map((f) => isFile(f.path)));
    return files.filter((_, i) => present[i]).slice(0, MAX_RECENT);
  }

  /** Moves (or adds) `file` to the top of the list. */
  add(file: string, now = new Date()): Promise<void> {
    return this.store.exclusive(async () => {
      const abs = path.resolve(file);
      const rest = parseRecent(await this.store.read()).filter((f) => f.path !== abs);
      const files = [{ path: abs, name: path.basename(abs), openedAt: now.toISOString() }, ...rest].slice(0, MAX_RECENT);
      await this.store.write({ version: 1, files });
    });
  }
}
