// The renderer's one way to its host. In Electron the preload exposes window.lvsStudio (IPC per
// allow-listed channel); in a browser the local web host answers POST /api/<method> when given the
// session token it printed (passed once as ?token=..., then kept for this tab in sessionStorage).
// Either way a failed call throws an Error with name, message and code (e.g. 'CHANGED_ON_DISK').
import { API_METHODS, type ApiError, type ApiMethod, type HostApi } from '../../../src-main/api/contract';
import { MENU_COMMANDS, type MenuCommand } from '../../../src-main/api/menu';

export type { MenuCommand };

/** Native menu and command-line events from the Electron shell, as the preload exposes them. */
interface MenuBridge {
  onCommand(cb: (command: string) => void): () => void;
  onOpenPath(cb: (path: string) => void): () => void;
}

/**
 * The page globals this file uses, typed here so the file also type-checks where the DOM library is
 * absent (Node-side tests import renderer stores).
 */
interface PageGlobals {
  lvsStudio?: HostApi;
  lvsStudioMenu?: MenuBridge;
  location?: { search: string; pathname: string; hash: string };
  history?: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };
  sessionStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}
const page = globalThis as unknown as PageGlobals;

const TOKEN_KEY = 'lvs-studio-token';
const TOKEN_HEADER = 'x-lvs-token';

export class HostCallError extends Error {
  readonly code: string | undefined;
  constructor(err: ApiError) {
    super(err.message);
    this.name = err.name;
    this.code = err.code;
  }
}

/** Takes ?token= from the address once, keeps it for this tab, and removes it from the address bar. */
function sessionToken(): string {
  const { location, history } = page;
  if (!location) return '';
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    try {
      page.sessionStorage?.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // storage can be disabled; the in-memory token still works until a reload
    }
    params.delete('token');
    const rest = params.toString();
    history?.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  try {
    return page.sessionStorage?.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function isApiError(v: unknown): v is ApiError {
  return typeof v === 'object' && v !== null && typeof (v as ApiError).message === 'string' && typeof (v as ApiError).name === 'string';
}

export function createWebClient(token: string, fetchFn: typeof fetch = (...a) => fetch(...a)): HostApi {
  async function call(method: ApiMethod, args: unknown[]): Promise<unknown> {
    let res: Response;
    try {
      res = await fetchFn(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ args }),
      });
    } catch (e) {
      throw new HostCallError({ name: 'NetworkError', message: `the LVS Studio host is not reachable (${e instanceof Error ? e.message : String(e)})`, code: 'HOST_UNREACHABLE' });
    }
    let payload: unknown;
    try {
      payload = await res.json();
    } catch {
      throw new HostCallError({ name: 'HttpError', message: `the host answered ${res.status} without a JSON body`, code: `HTTP_${res.status}` });
    }
    const p = payload as { ok?: unknown; value?: unknown; error?: unknown };
    if (p.ok === true) return p.value;
    throw new HostCallError(isApiError(p.error) ? p.error : { name: 'HttpError', message: `the host answered ${res.status}`, code: `HTTP_${res.status}` });
  }
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const m of API_METHODS) client[m] = (...args: unknown[]) => call(m, args);
  return client as unknown as HostApi;
}

/**
 * The preload's methods reject with plain { name, message, code } objects (an Error crossing the
 * context bridge would lose its code); this turns them back into Errors.
 */
export function wrapBridge(bridge: HostApi): HostApi {
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const m of API_METHODS) {
    const fn = bridge[m] as (...args: unknown[]) => Promise<unknown>;
    client[m] = async (...args: unknown[]) => {
      try {
        return await fn(...args);
      } catch (e) {
        if (e instanceof Error) throw e;
        throw new HostCallError(isApiError(e) ? e : { name: 'Error', message: String(e) });
      }
    };
  }
  return client as unknown as HostApi;
}

function pickHost(): HostApi {
  if (page.lvsStudio) return wrapBridge(page.lvsStudio);
  return createWebClient(sessionToken());
}

export const host: HostApi = pickHost();

const KNOWN_COMMANDS: ReadonlySet<string> = new Set(MENU_COMMANDS);

/** Menu commands and files to open (command line, Open Recent); in the web host there are none and these do nothing. */
export const menuCommands = {
  onCommand(cb: (command: MenuCommand) => void): () => void {
    const bridge = page.lvsStudioMenu;
    return bridge ? bridge.onCommand((c) => KNOWN_COMMANDS.has(c) && cb(c as MenuCommand)) : () => undefined;
  },
  onOpenPath(cb: (path: string) => void): () => void {
    const bridge = page.lvsStudioMenu;
    return bridge ? bridge.onOpenPath(cb) : () => undefined;
  },
};
