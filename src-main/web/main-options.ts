// Defaults of the web launcher, apart from main.ts so tests can import them without starting it.
import os from 'node:os';
import path from 'node:path';

/** $XDG_CONFIG_HOME/lvs-studio (when absolute, as the XDG spec requires), else ~/.config/lvs-studio. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.config');
  return path.join(base, 'lvs-studio');
}
