// Small JSON files in the data folder (settings, recent files, recovery, window state): a missing or
// corrupt file reads as undefined, writes are atomic, and writes to one file are serialised.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { fsError } from './host-errors';

export class JsonStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** The parsed content, or undefined when the file is missing, unreadable or not valid JSON. */
  async read(): Promise<unknown> {
    try {
      return JSON.parse(await fs.readFile(this.file, 'utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  async write(value: unknown): Promise<void> {
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.file, JSON.stringify(value, null, 2) + '\n', 0o600);
    } catch (e) {
      throw fsError(e, 'write', this.file);
    }
  }

  async remove(): Promise<void> {
    try {
      await fs.rm(this.file, { force: true });
    } catch (e) {
      throw fsError(e, 'remove', this.file);
    }
  }

  /** Runs read-modify-write steps on this file one after another, so concurrent calls lose no update. */
  exclusive<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
