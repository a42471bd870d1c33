// User settings (language, theme) with defaults; unknown or invalid stored values fall back to them.
import path from 'node:path';
import type { Settings } from '../api/contract';
import { invalidArgument } from './host-errors';
import { isRecord, JsonStore } from './json-store';

export const DEFAULT_SETTINGS: Settings = { lang: 'en', theme: 'light' };

const LANGS: readonly string[] = ['en', 'zh'] satisfies Settings['lang'][];
const THEMES: readonly string[] = ['light', 'dark'] satisfies Settings['theme'][];

function pick(v: unknown): Settings {
  const s = isRecord(v) ? v : {};
  return {
    lang: typeof s.lang === 'string' && LANGS.includes(s.lang) ? (s.lang as Settings['lang']) : DEFAULT_SETTINGS.lang,
    theme: typeof s.theme === 'string' && THEMES.includes(s.theme) ? (s.theme as Settings['theme']) : DEFAULT_SETTINGS.theme,
  };
}

/** Checks settings coming from the renderer; throws INVALID_ARGUMENT naming the bad field. */
export function checkSettings(v: unknown): Settings {
  if (!isRecord(v)) throw invalidArgument('settings must be an object');
  if (typeof v.lang !== 'string' || !LANGS.includes(v.lang)) throw invalidArgument(`settings.lang must be one of ${LANGS.join(', ')}`);
  if (typeof v.theme !== 'string' || !THEMES.includes(v.theme)) throw invalidArgument(`settings.theme must be one of ${THEMES.join(', ')}`);
  return pick(v);
}

export class SettingsStore {
  private readonly store: JsonStore;

  constructor(dataDir: string) {
    this.store = new JsonStore(path.join(dataDir, 'settings.json'));
  }

  async get(): Promise<Settings> {
    return pick(await this.store.read());
  }

  async set(settings: unknown): Promise<Settings> {
    const checked = checkSettings(settings);
    return await this.store.exclusive(async () => {
      await this.store.write(checked);
      return checked;
    });
  }
}
