// `ip -j` output as arrays: a failed or unparsable answer is [], never an exception. With
// `-batch`, ip prints one JSON array per answered command, one per line.
import type { Runner } from '../exec';

const asArray = (text: string): unknown[] | undefined => {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
};

/** One `ip -j ...` command's rows ([] when it fails). */
export async function ipJson<T>(run: Runner, argv: readonly string[], timeoutMs = 15_000): Promise<T[]> {
  const r = await run(argv, { timeoutMs });
  return r.code === 0 ? ((asArray(r.stdout || '[]') ?? []) as T[]) : [];
}

/** The JSON arrays of an `ip -j -batch` answer, line by line (lines that are not one are left out). */
export function jsonLines(stdout: string): unknown[][] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(asArray)
    .filter((x): x is unknown[] => x !== undefined);
}
