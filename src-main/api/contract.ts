// The one typed API between the renderer and its host (Electron preload today; the local web host
// in the next issue). Only Promise-returning methods; errors cross as { name, message }.
export interface AppInfo {
  version: string;
  platform: string;
  host: 'electron' | 'web';
}

export interface HostApi {
  getAppInfo(): Promise<AppInfo>;
}

/** Channel names the preload allows, and nothing else. */
export const API_CHANNELS = {
  getAppInfo: 'lvs:app:get-info',
} as const satisfies Record<keyof HostApi, string>;
