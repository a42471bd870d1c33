// The one typed API between the renderer and its host: the Electron preload (ipcRenderer.invoke
// per allow-listed channel) and the local web host (POST /api/<method> with the session token)
// implement the same interface. Only Promise-returning methods with JSON-serialisable values;
// errors cross as { name, message } (ApiError below), never as live objects.
import type { Diagnostic } from '../../src-core/validate/diagnostic';
import type { DeployApi } from './deploy-contract';

export interface AppInfo {
  version: string;
  platform: string;
  host: 'electron' | 'web';
  /** Where autosave/recovery and settings live (shown in the UI). */
  dataDir: string;
  /** True when secrets would be stored without OS encryption (Electron safeStorage fallback). */
  plainTextSecrets: boolean;
  /** Where deploy secrets go: the OS keychain, obfuscated plain text (opted in), or memory only; and why not the keychain. */
  secrets: { backend: 'keychain' | 'plain-text' | 'session-only'; warning?: string };
}

export interface RecentFile {
  path: string;
  name: string;
  openedAt: string; // ISO time
}

export interface OpenedFile {
  path: string;
  text: string;
  /** Modification time (ms since epoch) when read; pass it back to saveFile to detect outside changes. */
  mtimeMs: number;
}

export interface SaveResult {
  path: string;
  mtimeMs: number;
}

export interface Settings {
  lang: 'en' | 'zh';
  theme: 'light' | 'dark';
}

export interface RecoveryEntry {
  /** The file the autosave belongs to, or undefined for an unsaved (new) project. */
  path?: string;
  text: string;
  savedAt: string;
}

export interface ImportResult {
  /** The imported plan as YAML text when the import had no error. */
  planText?: string;
  diagnostics: Diagnostic[];
}

export interface DialogFilter {
  name: string;
  extensions: string[];
}

export interface ExportFile {
  /** Relative path inside the export folder, with / separators. */
  relPath: string;
  content: string;
  mode: number;
}

export interface HostApi extends DeployApi {
  getAppInfo(): Promise<AppInfo>;
  /** Native dialogs; the web host has none and returns { supported: false } (the UI asks for a path). */
  pickOpenPath(title: string, filters: DialogFilter[]): Promise<{ supported: boolean; path?: string }>;
  pickSavePath(title: string, defaultName: string, filters: DialogFilter[]): Promise<{ supported: boolean; path?: string }>;
  pickFolder(title: string): Promise<{ supported: boolean; path?: string }>;
  /** Reads a project or import file (refuses directories and files over 64 MiB). Adds projects to the recent list. */
  openFile(path: string, opts?: { recent?: boolean }): Promise<OpenedFile>;
  /** Atomic write (temp + fsync + rename). With expectedMtimeMs, refuses when the file changed on disk since. */
  saveFile(path: string, text: string, opts?: { expectedMtimeMs?: number; recent?: boolean }): Promise<SaveResult>;
  /** Writes an export (text or base64 for binary) atomically. */
  writeExport(path: string, content: string, encoding: 'utf8' | 'base64'): Promise<SaveResult>;
  /** Replaces a folder with exactly these files (the per-host bundle), atomically. */
  writeBundle(dir: string, files: ExportFile[]): Promise<{ dir: string; count: number }>;
  /** Runs an importer on a file on the host (keepalived includes are followed there). */
  importConfig(path: string, from: 'ipvsadm-save' | 'keepalived'): Promise<ImportResult>;
  listRecent(): Promise<RecentFile[]>;
  /** Autosave for crash recovery: one slot per window. */
  autosave(entry: RecoveryEntry): Promise<void>;
  readRecovery(): Promise<RecoveryEntry | undefined>;
  clearRecovery(): Promise<void>;
  getSettings(): Promise<Settings>;
  setSettings(settings: Settings): Promise<Settings>;
}

export type ApiMethod = keyof HostApi;

/** Channel names the preload allows, and nothing else. */
export const API_CHANNELS = {
  getAppInfo: 'lvs:app:get-info',
  pickOpenPath: 'lvs:dialog:open',
  pickSavePath: 'lvs:dialog:save',
  pickFolder: 'lvs:dialog:folder',
  openFile: 'lvs:file:open',
  saveFile: 'lvs:file:save',
  writeExport: 'lvs:file:write-export',
  writeBundle: 'lvs:file:write-bundle',
  importConfig: 'lvs:file:import',
  listRecent: 'lvs:recent:list',
  autosave: 'lvs:recovery:autosave',
  readRecovery: 'lvs:recovery:read',
  clearRecovery: 'lvs:recovery:clear',
  getSettings: 'lvs:settings:get',
  setSettings: 'lvs:settings:set',
  readInventory: 'lvs:deploy:read-inventory',
  saveInventory: 'lvs:deploy:save-inventory',
  startDeployJob: 'lvs:deploy:start',
  pollDeployJob: 'lvs:deploy:poll',
  answerDeployPrompt: 'lvs:deploy:answer',
  cancelDeployJob: 'lvs:deploy:cancel',
  readDeployLog: 'lvs:deploy:read-log',
  trustHostKey: 'lvs:deploy:trust-host-key',
  forgetSecrets: 'lvs:deploy:forget-secrets',
} as const satisfies Record<ApiMethod, string>;

export const API_METHODS = Object.keys(API_CHANNELS) as ApiMethod[];

/** How an error crosses the boundary. `code` is stable for the UI (e.g. 'ENOENT', 'CHANGED_ON_DISK'). */
export interface ApiError {
  name: string;
  message: string;
  code?: string;
}
