// The Electron shell's plain-Node helpers: window placement across displays, the window-state file,
// which page may call the API, dialog arguments, and files named on the command line.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { placeWindow, readWindowState, writeWindowState, DEFAULT_SIZE } from '../../src-main/services/window-state';
import { checkDefaultName, checkDialogFilters, filesFromArgv, isRendererUrl } from '../../src-main/services/shell-inputs';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'lvs-shell-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1024 };

describe('window placement', () => {
  it('centres the default size on the primary display without saved state', () => {
    expect(placeWindow(undefined, [primary, right])).toEqual({ bounds: { x: 260, y: 70, ...DEFAULT_SIZE }, maximized: false });
  });

  it('keeps bounds that are fully visible, and the maximised flag', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: true };
    expect(placeWindow(saved, [primary, right])).toEqual(saved);
  });

  it('moves a window from an unplugged display back onto the primary one', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: false };
    expect(placeWindow(saved, [primary]).bounds).toEqual({ x: 260, y: 70, ...DEFAULT_SIZE });
  });

  it('clamps a window hanging off the edge, and shrinks one larger than the display', () => {
    expect(placeWindow({ bounds: { x: 1300, y: -200, width: 1000, height: 700 }, maximized: false }, [primary, right]).bounds).toEqual({ x: 920, y: 0, width: 1000, height: 700 });
    expect(placeWindow({ bounds: { x: 1900, y: 10, width: 3000, height: 2000 }, maximized: false }, [right]).bounds).toEqual({ x: 1920, y: 0, width: 1280, height: 1024 });
  });

  it('round-trips the state file atomically and ignores a corrupt one', () => {
    expect(readWindowState(tmp)).toBeUndefined();
    writeWindowState(tmp, { bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: true });
    expect(readWindowState(tmp)).toEqual({ bounds: { x: 1, y: 2, width: 900, height: 600 }, maximized: true });
    expect(readdirSync(tmp)).toEqual(['window-state.json']);
    writeFileSync(path.join(tmp, 'window-state.json'), '{"bounds":{"x":"a"}}');
    expect(readWindowState(tmp)).toBeUndefined();
    writeFileSync(path.join(tmp, 'window-state.json'), 'garbage');
    expect(readWindowState(tmp)).toBeUndefined();
  });
});

describe('IPC sender check', () => {
  it('accepts only the built index.html, or the dev server origin while developing', () => {
    const idx = '/opt/lvs/resources/app/out/renderer/index.html';
    expect(isRendererUrl(pathToFileURL(idx).href, { indexFile: idx })).toBe(true);
    expect(isRendererUrl(`${pathToFileURL(idx).href}#/plan`, { indexFile: idx })).toBe(true);
    expect(isRendererUrl(pathToFileURL('/tmp/evil.html').href, { indexFile: idx })).toBe(false);
    expect(isRendererUrl('file://remote-host/opt/lvs/resources/app/out/renderer/index.html', { indexFile: idx })).toBe(false);
    expect(isRendererUrl('https://example.com/', { indexFile: idx })).toBe(false);
    expect(isRendererUrl('not a url', { indexFile: idx })).toBe(false);
    expect(isRendererUrl('http://localhost:5173/src/x', { indexFile: idx, devServerUrl: 'http://localhost:5173/' })).toBe(true);
    expect(isRendererUrl('http://localhost:5174/', { indexFile: idx, devServerUrl: 'http://localhost:5173/' })).toBe(false);
    expect(isRendererUrl(pathToFileURL(idx).href, { indexFile: idx, devServerUrl: 'http://localhost:5173/' })).toBe(false);
  });
});

describe('dialog arguments', () => {
  it('accepts plain filters and strips folders from a default name', () => {
    expect(checkDialogFilters([{ name: 'Plans', extensions: ['yaml', 'yml', 'json'] }, { name: 'All', extensions: ['*'] }])).toEqual([
      { name: 'Plans', extensions: ['yaml', 'yml', 'json'] },
      { name: 'All', extensions: ['*'] },
    ]);
    expect(checkDialogFilters(undefined)).toEqual([]);
    expect(() => checkDialogFilters([{ name: 'x', extensions: ['a/b'] }])).toThrow(/bad extension/);
    expect(() => checkDialogFilters('yaml')).toThrow();
    expect(checkDefaultName('../../etc/plan.yaml')).toBe('plan.yaml');
    expect(checkDefaultName('..\\x\\plan.yaml')).toBe('plan.yaml');
  });
});

describe('files on the command line', () => {
  it('keeps existing files, resolved against the working directory, and skips options and folders', () => {
    mkdirSync(path.join(tmp, 'sub'));
    writeFileSync(path.join(tmp, 'a.yaml'), 'x');
    writeFileSync(path.join(tmp, 'sub', 'b.yaml'), 'x');
    writeFileSync(path.join(tmp, '-dash.yaml'), 'x');
    const argv = ['/usr/bin/lvs-studio', '--no-sandbox', 'a.yaml', 'sub', 'missing.yaml', path.join(tmp, 'sub', 'b.yaml'), '--', '-dash.yaml'];
    expect(filesFromArgv(argv, tmp, 1)).toEqual([path.join(tmp, 'a.yaml'), path.join(tmp, 'sub', 'b.yaml'), path.join(tmp, '-dash.yaml')]);
    expect(filesFromArgv(['electron', path.join(tmp, 'a.yaml')], tmp, 2)).toEqual([]);
  });
});
