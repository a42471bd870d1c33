// The preload exposes exactly the typed HostApi (one allow-listed channel per method, no generic
// invoke) and the menu/open-path events. The main process answers { ok, value } or { ok, error }:
// a thrown Error would lose its `code` on the way, so failures reject with the plain ApiError
// object, which src-renderer/src/api/host.ts turns back into an Error.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_CHANNELS, API_METHODS, type ApiError, type HostApi } from '../api/contract';
import { MENU_CHANNELS } from '../api/menu';

type Reply = { ok: true; value?: unknown } | { ok: false; error: ApiError };

const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
for (const method of API_METHODS) {
  const channel = API_CHANNELS[method];
  api[method] = async (...args: unknown[]) => {
    const reply = (await ipcRenderer.invoke(channel, ...args)) as Reply;
    if (reply.ok) return reply.value;
    throw { name: reply.error.name, message: reply.error.message, code: reply.error.code };
  };
}

function subscribe(channel: string, cb: (value: string) => void): () => void {
  const listener = (_e: IpcRendererEvent, value: unknown): void => {
    if (typeof value === 'string') cb(value);
  };
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

contextBridge.exposeInMainWorld('lvsStudio', api as unknown as HostApi);
contextBridge.exposeInMainWorld('lvsStudioMenu', {
  onCommand: (cb: (command: string) => void) => subscribe(MENU_CHANNELS.command, cb),
  onOpenPath: (cb: (path: string) => void) => subscribe(MENU_CHANNELS.openPath, cb),
});
