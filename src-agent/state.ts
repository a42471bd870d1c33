// The agent's files: state dir (/var/lib/lvs-studio) and log dir (/var/log/lvs-studio), both
// overridable for tests (LVS_AGENT_STATE_DIR / LVS_AGENT_LOG_DIR). Every write is atomic (temp file,
// fsync, rename, fsync of the directory) so a killed agent leaves the old or the new file.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseCidr } from '../src-core/util/ip';
import type { PlaneName } from './protocol';

export const DEFAULT_STATE_DIR = '/var/lib/lvs-studio';
export const DEFAULT_LOG_DIR = '/var/log/lvs-studio';

/** File names inside the state dir. */
export const STATE_FILES = {
  /** The HostDesiredState of the last successful apply (the daemon reads it). */
  desired: 'desired.json',
  /** Present only while an apply runs: what to undo if the agent dies. */
  journal: 'journal.json',
  /** The steps the running apply has started: {hostStarted, planeStarted}. */
  journalProgress: 'journal-progress.json',
  lock: 'apply.lock',
  /** Addresses the agent added itself ("dev|cidr"): only those may be deleted. */
  owned: 'owned.json',
  /** Destinations drained (weight 0) waiting for deletion: key `${serviceId}#${destId}` -> ISO start. */
  draining: 'draining.json',
  lastApply: 'last-apply.json',
} as const;

export interface AgentDirs {
  stateDir: string;
  logDir: string;
}

export function agentDirs(env: NodeJS.ProcessEnv = process.env): AgentDirs {
  return { stateDir: env.LVS_AGENT_STATE_DIR || DEFAULT_STATE_DIR, logDir: env.LVS_AGENT_LOG_DIR || DEFAULT_LOG_DIR };
}

export function ensureDirs(d: AgentDirs): void {
  mkdirSync(d.stateDir, { recursive: true, mode: 0o700 });
  mkdirSync(d.logDir, { recursive: true, mode: 0o750 });
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* some filesystems refuse fsync on a directory */
  }
}

export function writeFileAtomic(dir: string, name: string, text: string): void {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, name));
  fsyncDir(dir);
}

export function writeJson(dir: string, name: string, value: unknown): void {
  writeFileAtomic(dir, name, `${JSON.stringify(value, null, 1)}\n`);
}

export function readJson<T>(dir: string, name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export function removeFile(dir: string, name: string): void {
  try {
    unlinkSync(join(dir, name));
    fsyncDir(dir);
  } catch {
    /* not there */
  }
}

export interface LastApply {
  planHash?: string;
  at: string;
  plane?: PlaneName;
}

export function ownedKey(dev: string, cidr: string): string {
  const c = parseCidr(cidr);
  return `${dev}|${c ? `${c.address}/${c.prefix}` : cidr}`;
}

export function readOwned(dir: string): Set<string> {
  const v = readJson<unknown>(dir, STATE_FILES.owned);
  return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
}

export function writeOwned(dir: string, owned: Set<string>): void {
  writeJson(dir, STATE_FILES.owned, [...owned].sort());
}

export function readDraining(dir: string): Record<string, string> {
  const v = readJson<Record<string, unknown>>(dir, STATE_FILES.draining);
  const out: Record<string, string> = {};
  if (v && typeof v === 'object') for (const [k, s] of Object.entries(v)) if (typeof s === 'string') out[k] = s;
  return out;
}

/** One line appended to ${logDir}/agent.log (best effort: logging never fails an apply). */
export function logLine(d: AgentDirs, event: Record<string, unknown>): void {
  try {
    const fd = openSync(join(d.logDir, 'agent.log'), 'a', 0o640);
    try {
      writeSync(fd, `${JSON.stringify({ at: new Date().toISOString(), pid: process.pid, ...event })}\n`);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* no log dir */
  }
}
