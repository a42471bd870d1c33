// The daemon's files. desired.json is written by the apply (the HostDesiredState of the last
// successful apply); the daemon writes health.json (state dir, atomically), appends events to
// events.jsonl (log dir) and keeps its pid in daemon.pid (state dir).
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostDesiredState } from '../../src-core/compile/desired-state';
import type { HealthEvent, HealthState } from '../protocol';
import { readJson, STATE_FILES, writeJson } from '../state';

export const DESIRED_FILE = STATE_FILES.desired;
export const HEALTH_FILE = 'health.json';
export const EVENTS_FILE = 'events.jsonl';
export const PID_FILE = 'daemon.pid';

/** What the daemon writes to health.json. */
export interface HealthFile extends HealthState {
  at: string;
  pid: number;
  /** The last table change that failed (retried on the next pass). */
  lastError?: string;
}

export function readDesired(stateDir: string): HostDesiredState | undefined {
  const d = readJson<HostDesiredState>(stateDir, DESIRED_FILE);
  return d && typeof d === 'object' && d.ipvs && Array.isArray(d.ipvs.services) ? d : undefined;
}

/** The verdicts the daemon last wrote (for the apply's applyHealth and read-state). */
export function readHealthState(stateDir: string): HealthState | undefined {
  const h = readJson<HealthFile>(stateDir, HEALTH_FILE);
  if (!h || !Array.isArray(h.destinations)) return undefined;
  return { destinations: h.destinations, sorryActive: Array.isArray(h.sorryActive) ? h.sorryActive : [] };
}

export function writeHealthFile(stateDir: string, h: HealthFile): void {
  writeJson(stateDir, HEALTH_FILE, h);
}

/** One JSON line per event; O_APPEND keeps lines whole for readers tailing the file. */
export function appendEvent(logDir: string, e: HealthEvent): void {
  try {
    appendFileSync(join(logDir, EVENTS_FILE), `${JSON.stringify(e)}\n`, { mode: 0o640 });
  } catch {
    /* no log dir: the event still reaches health.json */
  }
}
