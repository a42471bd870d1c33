// The preload exposes exactly the typed HostApi, one allow-listed channel per method.
import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNELS, type HostApi } from '../api/contract';

const api: HostApi = {
  getAppInfo: () => ipcRenderer.invoke(API_CHANNELS.getAppInfo),
};

contextBridge.exposeInMainWorld('lvsStudio', api);
