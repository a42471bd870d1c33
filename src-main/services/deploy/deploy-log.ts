// The deploy log of a project: one JSON line per run (who, when, plan hash, per-host operations and
// results). Built from the engine's result only, which never holds a secret; appended, never rewritten.
import { appendFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { DeployResult } from './types';

export interface DeployLogEntry {
  at: string;
  who: string;
  kind: 'deploy' | 'dry-run' | 'status';
  planHash: string;
  ok: boolean;
  confirmed: boolean;
  cancelled: boolean;
  hosts: {
    hostId: string;
    hostName: string;
    endpoint?: string;
    outcome: string;
    hostOps: unknown[];
    ipvsOps: unknown[];
    uploaded: string[];
    error?: { code: string; message: string };
    rollback?: { ok: boolean; error?: { code: string; message: string } };
  }[];
}

export function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** `<plan file>.deploy-log.jsonl` */
export function defaultLogFile(planFile: string): string {
  return `${planFile}.deploy-log.jsonl`;
}

export function logEntry(r: DeployResult, startedAt: Date, kind: DeployLogEntry['kind'] = r.dryRun ? 'dry-run' : 'deploy'): DeployLogEntry {
  return {
    at: startedAt.toISOString(),
    who: localUser(),
    kind,
    planHash: r.planHash,
    ok: r.ok,
    confirmed: r.confirmed,
    cancelled: r.cancelled,
    hosts: r.hosts.map((h) => ({
      hostId: h.hostId,
      hostName: h.hostName,
      ...(h.preflight.endpoint ? { endpoint: h.preflight.endpoint } : {}),
      outcome: h.outcome,
      hostOps: h.hostOps,
      ipvsOps: h.ipvsOps,
      uploaded: h.uploaded,
      ...(h.error ? { error: { code: h.error.code, message: h.error.message } } : {}),
      ...(h.rollback ? { rollback: { ok: h.rollback.ok, ...(h.rollback.error ? { error: { code: h.rollback.error.code, message: h.rollback.error.message } } : {}) } } : {}),
    })),
  };
}

export async function appendDeployLog(file: string, entry: DeployLogEntry): Promise<void> {
  await appendFile(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}
