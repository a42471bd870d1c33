// The DeployApi half of the host services: argument checks, then the inventory file, the deploy
// jobs and the deploy log. Shared by the Electron shell and the web host like the rest.
import { promises as fs } from 'node:fs';
import type { DeployApi } from '../../api/deploy-contract';
import { defaultLogFile, type DeployLogEntry } from '../deploy/deploy-log';
import { fsError, invalidArgument } from '../host-errors';
import type { DeployJobs } from './deploy-jobs';
import { inventoryPathFor, readInventoryFile, saveInventoryFile } from './inventory-file';

/** Newest first; a line that is not a log entry (a torn write) is skipped rather than failing the whole log. */
export function parseDeployLog(text: string, limit: number): DeployLogEntry[] {
  const out: DeployLogEntry[] = [];
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      const e = JSON.parse(line) as DeployLogEntry;
      if (typeof e === 'object' && e !== null && typeof e.at === 'string' && Array.isArray(e.hosts)) out.push(e);
    } catch {
      /* skipped */
    }
  }
  return out;
}

export function createDeployServices(jobs: DeployJobs, dataDir: string, resolvePath: (p: unknown, what?: string) => string): DeployApi {
  const planPathOf = (p: unknown): string | undefined => (p === undefined || p === null ? undefined : resolvePath(p, 'planPath'));
  return {
    readInventory: async (planPath) => readInventoryFile(inventoryPathFor(planPathOf(planPath), dataDir)),
    async saveInventory(planPath, text) {
      if (typeof text !== 'string') throw invalidArgument('text must be a string');
      return saveInventoryFile(inventoryPathFor(planPathOf(planPath), dataDir), text);
    },
    startDeployJob: async (req) => {
      if (typeof req !== 'object' || req === null) throw invalidArgument('the request must be an object');
      const planPath = planPathOf(req.planPath);
      return jobs.start({ ...req, ...(planPath ? { planPath } : {}) });
    },
    pollDeployJob: (jobId, since, waitMs) => jobs.poll(jobId, since, waitMs),
    answerDeployPrompt: async (jobId, promptId, answer) => jobs.answer(jobId, promptId, answer),
    cancelDeployJob: async (jobId) => jobs.cancel(jobId),
    async readDeployLog(planPath, limit) {
      const file = defaultLogFile(resolvePath(planPath, 'planPath'));
      const n = Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 50;
      try {
        return parseDeployLog(await fs.readFile(file, 'utf8'), n);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw fsError(e, 'read', file);
      }
    },
    trustHostKey: (fp) => jobs.trustHostKey(fp),
    async forgetSecrets(ids) {
      if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) throw invalidArgument('ids must be a list of strings');
      await jobs.forgetSecrets(ids);
    },
  };
}
