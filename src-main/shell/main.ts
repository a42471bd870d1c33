// Electron main process: one sandboxed window; the HostApi from createHostServices over IPC (only
// to our own page), with native dialogs, the menu, window state, single instance and files to open
// from the command line added here.
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, screen, session, shell, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { API_CHANNELS, API_METHODS, type HostApi } from '../api/contract';
import { MENU_CHANNELS, type MenuCommand } from '../api/menu';
import { createHostServices } from '../services/host-services';
import type { KeychainCipher } from '../services/secrets/secret-store';
import { toApiError } from '../services/host-errors';
import { checkDefaultName, checkDialogFilters, checkDialogTitle, filesFromArgv, isRendererUrl } from '../services/shell-inputs';
import { placeWindow, readWindowState, writeWindowState, MIN_SIZE } from '../services/window-state';
import { buildAppMenu } from './menu';

type ApiFunction = (...args: unknown[]) => Promise<unknown>;

const dataDir = app.getPath('userData');
// safeStorage encrypts deploy secrets with the OS keychain; the SecretStore says when it cannot.
const cipher: KeychainCipher = {
  isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
  backend: () => (process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'),
  encryptString: (plain) => safeStorage.encryptString(plain),
  decryptString: (data) => safeStorage.decryptString(data),
};
const services = createHostServices({
  dataDir,
  host: 'electron',
  version: app.getVersion(),
  cipher,
  bundleDir: app.isPackaged ? path.join(process.resourcesPath, 'agent') : path.join(__dirname, '../../resources/agent'),
});
const indexFile = path.join(__dirname, '../renderer/index.html');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
// Leading argv entries that are not documents: the executable, and in development the app folder.
const argvSkip = app.isPackaged ? 1 : 2;

let mainWindow: BrowserWindow | undefined;
let pageReady = false;
const pendingPaths: string[] = filesFromArgv(process.argv, process.cwd(), argvSkip);
let lastDir: string | undefined;

function sendCommand(id: MenuCommand): void {
  mainWindow?.webContents.send(MENU_CHANNELS.command, id);
}

function openPath(file: string): void {
  if (mainWindow && pageReady) mainWindow.webContents.send(MENU_CHANNELS.openPath, file);
  else pendingPaths.push(file);
}

async function refreshMenu(): Promise<void> {
  const [recent, settings] = await Promise.all([services.listRecent(), services.getSettings()]);
  Menu.setApplicationMenu(buildAppMenu({ command: sendCommand, openPath, isDev: !app.isPackaged }, recent, settings));
}

function refreshMenuSoon(): void {
  refreshMenu().catch((e: unknown) => console.error('menu update failed:', e));
}

function documentsDir(): string {
  try {
    return app.getPath('documents');
  } catch {
    return app.getPath('home');
  }
}

const dialogParent = (): BrowserWindow | undefined => (mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined);

function pathResult(p: string | undefined): { supported: boolean; path?: string } {
  if (p) lastDir = path.dirname(p);
  return p ? { supported: true, path: p } : { supported: true };
}

const api: HostApi = {
  ...services,
  async pickOpenPath(title, filters) {
    const options = { title: checkDialogTitle(title), filters: checkDialogFilters(filters), properties: ['openFile' as const], ...(lastDir ? { defaultPath: lastDir } : {}) };
    const parent = dialogParent();
    const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return pathResult(r.canceled ? undefined : r.filePaths[0]);
  },
  async pickSavePath(title, defaultName, filters) {
    const defaultPath = path.join(lastDir ?? documentsDir(), checkDefaultName(defaultName));
    const options = { title: checkDialogTitle(title), defaultPath, filters: checkDialogFilters(filters), properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const] };
    const parent = dialogParent();
    const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return pathResult(r.canceled ? undefined : r.filePath);
  },
  async pickFolder(title) {
    const options = { title: checkDialogTitle(title), properties: ['openDirectory' as const, 'createDirectory' as const], ...(lastDir ? { defaultPath: lastDir } : {}) };
    const parent = dialogParent();
    const r = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
    return pathResult(r.canceled ? undefined : r.filePaths[0]);
  },
  async openFile(p, o) {
    const r = await services.openFile(p, o);
    refreshMenuSoon();
    return r;
  },
  async saveFile(p, text, o) {
    const r = await services.saveFile(p, text, o);
    refreshMenuSoon();
    return r;
  },
  async setSettings(s) {
    const r = await services.setSettings(s);
    refreshMenuSoon();
    return r;
  },
};

/** Only our own page, in the top frame of our window, may call the API. */
function trusted(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || !mainWindow || event.sender !== mainWindow.webContents || frame !== event.sender.mainFrame) return false;
  return isRendererUrl(frame.url, { devServerUrl, indexFile });
}

for (const method of API_METHODS) {
  const fn = api[method] as ApiFunction;
  ipcMain.handle(API_CHANNELS[method], async (event, ...args: unknown[]) => {
    if (!trusted(event)) return { ok: false, error: { name: 'HostError', message: 'this page may not use the LVS Studio API', code: 'FORBIDDEN' } };
    try {
      const value = await fn(...args);
      return { ok: true, value };
    } catch (e) {
      return { ok: false, error: toApiError(e) };
    }
  });
}

function createWindow(): void {
  const primaryId = screen.getPrimaryDisplay().id;
  const displays = screen.getAllDisplays().sort((a, b) => Number(b.id === primaryId) - Number(a.id === primaryId));
  const placed = placeWindow(readWindowState(dataDir), displays.map((d) => d.workArea));
  const win = new BrowserWindow({
    ...placed.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'LVS Studio',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  mainWindow = win;
  pageReady = false;
  win.once('ready-to-show', () => {
    if (placed.maximized) win.maximize();
    win.show();
  });
  win.on('close', () => {
    try {
      writeWindowState(dataDir, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch (e) {
      console.error('cannot save the window state:', e);
    }
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  win.webContents.on('did-start-loading', () => {
    pageReady = false;
  });
  win.webContents.on('did-finish-load', () => {
    pageReady = true;
    for (const p of pendingPaths.splice(0)) win.webContents.send(MENU_CHANNELS.openPath, p);
  });
  // Links open in the user's browser, never inside the app window.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(indexFile);
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_e, argv, workingDirectory) => {
    for (const p of filesFromArgv(argv, workingDirectory, argvSkip)) openPath(p);
    if (!mainWindow && app.isReady()) createWindow();
    focusWindow();
  });
  app.on('open-file', (e, file) => {
    e.preventDefault();
    openPath(file);
  });
  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    await refreshMenu().catch((e: unknown) => console.error('menu setup failed:', e));
    createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}
