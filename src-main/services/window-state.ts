// The main window's size, position and maximised state across runs, placed back on a display that
// is still there (a monitor may have been unplugged since).
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isRecord } from './json-store';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1400, height: 900 };
export const MIN_SIZE = { width: 800, height: 560 };

export function parseWindowState(v: unknown): WindowState | undefined {
  if (!isRecord(v) || !isRecord(v.bounds)) return undefined;
  const b = v.bounds;
  const nums = [b.x, b.y, b.width, b.height];
  if (!nums.every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  const [x, y, width, height] = nums as number[];
  if (width! <= 0 || height! <= 0) return undefined;
  return { bounds: { x: x!, y: y!, width: width!, height: height! }, maximized: v.maximized === true };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(v, hi));

/**
 * Where to open the window: the saved bounds moved and shrunk into the work area they overlap
 * most, or the default size centred on the first (primary) work area when they overlap none.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE };
  let area: Rect | undefined;
  let best = 0;
  for (const a of workAreas) {
    const o = saved ? overlap(saved.bounds, a) : 0;
    if (o > best) [area, best] = [a, o];
  }
  if (!saved || !area) {
    const width = Math.min(DEFAULT_SIZE.width, primary.width);
    const height = Math.min(DEFAULT_SIZE.height, primary.height);
    const bounds = { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height };
    return { bounds, maximized: saved?.maximized ?? false };
  }
  const width = clamp(Math.round(saved.bounds.width), Math.min(MIN_SIZE.width, area.width), area.width);
  const height = clamp(Math.round(saved.bounds.height), Math.min(MIN_SIZE.height, area.height), area.height);
  const x = clamp(Math.round(saved.bounds.x), area.x, area.x + area.width - width);
  const y = clamp(Math.round(saved.bounds.y), area.y, area.y + area.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

export function windowStateFile(dataDir: string): string {
  return path.join(dataDir, 'window-state.json');
}

export function readWindowState(dataDir: string): WindowState | undefined {
  try {
    return parseWindowState(JSON.parse(readFileSync(windowStateFile(dataDir), 'utf8')));
  } catch {
    return undefined;
  }
}

/** Synchronous (it runs while the window closes) but still atomic: temp + fsync + rename. */
export function writeWindowState(dataDir: string, state: WindowState): void {
  const file = windowStateFile(dataDir);
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify(state) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
