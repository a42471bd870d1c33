// The project's inventory file: `<project>.inventory.yaml` beside the project file (an unsaved
// project has one in the app's data folder). Checked before it is written, written atomically.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadInventoryText } from '../../../src-core/model/inventory';
import { formatDiagnostic } from '../../../src-core/validate/diagnostic';
import type { InventoryFile } from '../../api/deploy-contract';
import { writeFileAtomic } from '../atomic-write';
import { fsError, HostError } from '../host-errors';
import { readTextFile } from '../plan-files';

export function inventoryPathFor(planPath: string | undefined, dataDir: string): string {
  if (!planPath) return path.join(dataDir, 'untitled.inventory.yaml');
  const base = planPath.replace(/(\.lvs)?\.(ya?ml|json)$/i, '');
  return `${base}.inventory.yaml`;
}

export async function readInventoryFile(file: string): Promise<InventoryFile> {
  try {
    const st = await fs.stat(file);
    return { path: file, text: await readTextFile(file), exists: true, mtimeMs: st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { path: file, text: '', exists: false };
    throw fsError(e, 'read', file);
  }
}

/** Refuses an inventory with errors (each located: file:line:col) and writes nothing then. */
export async function saveInventoryFile(file: string, text: string): Promise<InventoryFile> {
  if (text.trim() !== '') {
    const inv = loadInventoryText(text, file);
    if (!inv.inventory) throw new HostError('BAD_INVENTORY', inv.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
  }
  await writeFileAtomic(file, text, 0o600);
  return readInventoryFile(file);
}
