// Every HostApi method in plain Node, shared by the Electron shell (over IPC) and the local web host
// (over HTTP). Arguments arrive from the renderer, so each is checked here; failures are HostErrors
// with a stable code and a message naming the path.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AppInfo, ExportFile, HostApi, ImportResult, OpenedFile, RecoveryEntry, SaveResult } from '../api/contract';
import { serializePlan } from '../../src-core/model/load';
import { writeFileAtomic } from './atomic-write';
import { fsError, HostError, invalidArgument } from './host-errors';
import { replaceBundleDir } from './bundle-dir';
import { isRecord, JsonStore } from './json-store';
import { importConfigFile, InputError, readTextFile } from './plan-files';
import { RecentFiles } from './recent-files';
import { SettingsStore } from './settings-store';
import { SecretStore, type KeychainCipher } from './secrets/secret-store';
import { DeployJobs } from './deploy-jobs/deploy-jobs';
import { createDeployServices } from './deploy-jobs/deploy-services';
import { localUser } from './deploy/deploy-log';
import { fileURLToPath } from 'node:url';
import type { DeployTiming } from './deploy-jobs/deploy-jobs';
import { defaultAgentSocket } from './ssh/ssh-connect';

export interface HostServicesOptions {
  dataDir: string;
  host: 'electron' | 'web';
  version: string;
  /** safeStorage (Electron shell); absent in the web host, where secrets stay in memory. */
  cipher?: KeychainCipher;
  /** resources/agent: the agent bundle the deploy installs. */
  bundleDir?: string;
  /** Agent test hooks per host (tests only; never secrets). */
  agentEnv?: (hostId: string) => Record<string, string> | undefined;
  /** Deploy timing (tests only: a cut network noticed in 1.5 s instead of 15). */
  deployTiming?: DeployTiming;
}

/** resources/agent beside the built code (out/web, out/main -> resources/agent), unless LVS_STUDIO_AGENT_DIR says otherwise. */
export function defaultBundleDir(): string {
  return process.env.LVS_STUDIO_AGENT_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/agent');
}

/** An absolute path from user input: `~` is the home folder, relative paths are taken from the working directory. */
export function resolveUserPath(p: unknown, what = 'path'): string {
  if (typeof p !== 'string' || p.trim() === '') throw invalidArgument(`${what} must be a non-empty string`);
  if (p.includes('\0')) throw invalidArgument(`${what} must not contain a NUL character`);
  const expanded = p === '~' ? os.homedir() : p.startsWith('~/') ? path.join(os.homedir(), p.slice(2)) : p;
  return path.resolve(expanded);
}

function checkString(v: unknown, what: string): string {
  if (typeof v !== 'string') throw invalidArgument(`${what} must be a string`);
  return v;
}

function optionsObject(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw invalidArgument(`${what} must be an object`);
  return v;
}

function inputError(e: unknown): HostError {
  if (e instanceof InputError) return new HostError(e.code ?? 'EIO', e.message);
  return fsError(e, 'read', '(unknown file)');
}

/** Throws a clear error unless `file`'s folder exists and `file` itself is not a folder. */
async function checkWritable(file: string, action: string): Promise<number | undefined> {
  const dir = path.dirname(file);
  let dirStat;
  try {
    dirStat = await fs.stat(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new HostError('ENOENT', `cannot ${action} ${file}: the folder ${dir} does not exist`);
    throw fsError(e, action, file);
  }
  if (!dirStat.isDirectory()) throw new HostError('ENOTDIR', `cannot ${action} ${file}: ${dir} is not a folder`);
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) throw new HostError('EISDIR', `cannot ${action} ${file}: it is a folder`);
    return st.mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fsError(e, action, file);
  }
}

async function writeAndStat(file: string, content: string | Uint8Array, mode: number, action: string): Promise<SaveResult> {
  try {
    await writeFileAtomic(file, content, mode);
    return { path: file, mtimeMs: (await fs.stat(file)).mtimeMs };
  } catch (e) {
    throw fsError(e, action, file);
  }
}

function parseRecovery(v: unknown): RecoveryEntry | undefined {
  if (!isRecord(v) || typeof v.text !== 'string' || typeof v.savedAt !== 'string') return undefined;
  if (v.path !== undefined && typeof v.path !== 'string') return undefined;
  return typeof v.path === 'string' ? { path: v.path, text: v.text, savedAt: v.savedAt } : { text: v.text, savedAt: v.savedAt };
}

function checkExportFiles(v: unknown): ExportFile[] {
  if (!Array.isArray(v)) throw invalidArgument('files must be an array');
  return v.map((f, i) => {
    if (!isRecord(f) || typeof f.relPath !== 'string' || typeof f.content !== 'string') throw invalidArgument(`files[${i}] needs relPath and content strings`);
    if (typeof f.mode !== 'number' || !Number.isInteger(f.mode) || f.mode < 0 || f.mode > 0o777) throw invalidArgument(`files[${i}].mode must be a permission number (0..0o777)`);
    const parts = f.relPath.split('/');
    if (f.relPath.startsWith('/') || f.relPath.includes('\\') || f.relPath.includes('\0') || parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw invalidArgument(`files[${i}].relPath must be a plain relative path: ${f.relPath}`);
    }
    return { relPath: f.relPath, content: f.content, mode: f.mode };
  });
}

export function createHostServices(opts: HostServicesOptions): HostApi {
  const dataDir = path.resolve(opts.dataDir);
  const recent = new RecentFiles(dataDir);
  const settings = new SettingsStore(dataDir);
  const recovery = new JsonStore(path.join(dataDir, 'recovery.json'));
  const noDialog = async (): Promise<{ supported: boolean; path?: string }> => ({ supported: false });
  const secrets = new SecretStore(opts.cipher ? path.join(dataDir, 'secrets.json') : undefined, opts.cipher);
  const jobs = new DeployJobs({
    dataDir,
    bundleDir: opts.bundleDir ?? defaultBundleDir(),
    secrets,
    home: os.homedir(),
    localUser: localUser(),
    agentSocket: defaultAgentSocket(process.env, process.platform),
    ...(opts.agentEnv ? { agentEnv: opts.agentEnv } : {}),
    ...(opts.deployTiming ? { timing: opts.deployTiming } : {}),
  });

  return {
    async getAppInfo(): Promise<AppInfo> {
      const st = secrets.status();
      return {
        version: opts.version,
        platform: process.platform,
        host: opts.host,
        dataDir,
        plainTextSecrets: st.backend === 'plain-text',
        secrets: { backend: st.backend, ...(st.warning ? { warning: st.warning } : {}) },
      };
    },
    pickOpenPath: noDialog,
    pickSavePath: noDialog,
    pickFolder: noDialog,

    async openFile(p, o): Promise<OpenedFile> {
      const file = resolveUserPath(p);
      const options = optionsObject(o, 'options');
      let mtimeMs: number;
      let text: string;
      try {
        // The time is taken before reading: a change during the read then shows up as CHANGED_ON_DISK on save.
        mtimeMs = (await fs.stat(file)).mtimeMs;
        text = await readTextFile(file);
      } catch (e) {
        throw e instanceof InputError ? inputError(e) : fsError(e, 'open', file);
      }
      if (options.recent !== false) await recent.add(file);
      return { path: file, text, mtimeMs };
    },

    async saveFile(p, text, o): Promise<SaveResult> {
      const file = resolveUserPath(p);
      checkString(text, 'text');
      const options = optionsObject(o, 'options');
      const expected = options.expectedMtimeMs;
      if (expected !== undefined && (typeof expected !== 'number' || !Number.isFinite(expected))) throw invalidArgument('expectedMtimeMs must be a number');
      const mode = await checkWritable(file, 'save');
      if (expected !== undefined && mode !== undefined) {
        let now: number;
        try {
          now = (await fs.stat(file)).mtimeMs;
        } catch (e) {
          throw fsError(e, 'save', file);
        }
        if (now !== expected) throw new HostError('CHANGED_ON_DISK', `${file} was changed on disk after it was opened; not saved`);
      }
      const saved = await writeAndStat(file, text, mode ?? 0o644, 'save');
      if (options.recent !== false) await recent.add(file);
      return saved;
    },

    async writeExport(p, content, encoding): Promise<SaveResult> {
      const file = resolveUserPath(p);
      checkString(content, 'content');
      if (encoding !== 'utf8' && encoding !== 'base64') throw invalidArgument("encoding must be 'utf8' or 'base64'");
      const mode = await checkWritable(file, 'write');
      return writeAndStat(file, encoding === 'base64' ? Buffer.from(content, 'base64') : content, mode ?? 0o644, 'write');
    },

    async writeBundle(d, files): Promise<{ dir: string; count: number }> {
      const dir = resolveUserPath(d, 'dir');
      const checked = checkExportFiles(files);
      await replaceBundleDir(dir, checked);
      return { dir, count: checked.length };
    },

    async importConfig(p, from): Promise<ImportResult> {
      const file = resolveUserPath(p);
      if (from !== 'ipvsadm-save' && from !== 'keepalived') throw invalidArgument("from must be 'ipvsadm-save' or 'keepalived'");
      let result;
      try {
        result = await importConfigFile(file, from);
      } catch (e) {
        throw inputError(e);
      }
      if (result.diagnostics.some((x) => x.severity === 'error')) return { diagnostics: result.diagnostics };
      return { planText: serializePlan(result.plan), diagnostics: result.diagnostics };
    },

    listRecent: () => recent.list(),

    async autosave(entry): Promise<void> {
      const e = parseRecovery(entry);
      if (!e) throw invalidArgument('a recovery entry needs text and savedAt strings (and an optional path string)');
      await recovery.exclusive(() => recovery.write(e));
    },
    async readRecovery(): Promise<RecoveryEntry | undefined> {
      return parseRecovery(await recovery.read());
    },
    clearRecovery: () => recovery.exclusive(() => recovery.remove()),

    getSettings: () => settings.get(),
    setSettings: (s) => settings.set(s),
    ...createDeployServices(jobs, dataDir, resolveUserPath),
  };
}
