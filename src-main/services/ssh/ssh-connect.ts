// One SSH connection with ssh2, checked the way `ssh -o StrictHostKeyChecking=yes` checks: the host
// key is judged inside ssh2's hostVerifier, which runs before user authentication, so a changed or
// unknown key aborts before any credential leaves this machine.
import { readFileSync } from 'node:fs';
import { Client, type AuthenticationType, type AuthHandlerMiddleware, type ConnectConfig } from 'ssh2';
import { checkHostKey, parseKnownHosts, type HostKeyVerdict, type KnownHostEntry } from './known-hosts';

/**
 * The ssh-agent to use: SSH_AUTH_SOCK (a UNIX socket, or on Windows a named pipe such as
 * \\.\pipe\openssh-ssh-agent); on Windows without it, Pageant. '' = none.
 */
export function defaultAgentSocket(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (env.SSH_AUTH_SOCK) return env.SSH_AUTH_SOCK;
  return platform === 'win32' ? 'pageant' : '';
}

export type SshAuth =
  | { type: 'key'; privateKey: Buffer | string; passphrase?: string }
  /** A function is asked only once the host key passed (never before: a password must not go to an unchecked host). */
  | { type: 'password'; password: string | (() => Promise<string | undefined>) }
  | { type: 'agent'; socket: string };

export interface SshConnectOptions {
  host: string;
  port: number;
  username: string;
  auth: SshAuth;
  /** known_hosts files, read in order (the user's, then the app's own); a missing file is skipped. */
  knownHostsFiles: string[];
  /** Keys accepted for this connection only (a fingerprint the user just confirmed). */
  acceptFingerprints?: string[];
  readyTimeoutMs?: number;
  signal?: AbortSignal;
  /** SSH keepalives (ms between them; 3 unanswered = the connection is dead): notices a cut network. */
  keepaliveIntervalMs?: number;
  /** An already open stream to the host (a jump host's forwardOut channel) instead of a TCP connection. */
  sock?: ConnectConfig['sock'];
}

/** Codes: HOST_KEY_CHANGED, HOST_KEY_UNKNOWN, HOST_KEY_REVOKED, AUTH_FAILED, UNREACHABLE, TIMEOUT, CANCELLED, SSH_ERROR. */
export class SshError extends Error {
  override name = 'SshError';
  constructor(
    readonly code: string,
    message: string,
    readonly verdict?: HostKeyVerdict,
  ) {
    super(message);
  }
}

export function loadKnownHosts(files: readonly string[]): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    out.push(...parseKnownHosts(text, f).entries);
  }
  return out;
}

function hostKeyError(host: string, port: number, v: HostKeyVerdict): SshError {
  const where = port === 22 ? host : `${host}:${port}`;
  switch (v.status) {
    case 'changed':
      return new SshError(
        'HOST_KEY_CHANGED',
        `the host key of ${where} has CHANGED (${v.fingerprint}; expected the key at ${v.expected.map((e) => `${e.file}:${e.line}`).join(', ')}). ` +
          'Someone could be intercepting the connection; nothing was sent. If the host was reinstalled, remove the old key first.',
        v,
      );
    case 'revoked':
      return new SshError('HOST_KEY_REVOKED', `the host key of ${where} (${v.fingerprint}) is revoked in ${v.entry.file}:${v.entry.line}`, v);
    case 'unknown':
      return new SshError('HOST_KEY_UNKNOWN', `the host key of ${where} is not known: ${v.fingerprint}. Check it and accept it to continue.`, v);
    case 'known':
      return new SshError('SSH_ERROR', 'host key accepted');
  }
}

function authConfig(auth: SshAuth): Partial<ConnectConfig> {
  switch (auth.type) {
    case 'key':
      return auth.passphrase === undefined ? { privateKey: auth.privateKey } : { privateKey: auth.privateKey, passphrase: auth.passphrase };
    case 'password':
      return typeof auth.password === 'string' ? { password: auth.password, tryKeyboard: false } : { tryKeyboard: false };
    case 'agent':
      return { agent: auth.socket };
  }
}

function classify(e: Error & { level?: string; code?: string }, where: string): SshError {
  if (e.level === 'client-authentication') return new SshError('AUTH_FAILED', `authentication to ${where} failed (the key or password was refused)`);
  if (e.level === 'client-timeout' || /Timed out/i.test(e.message)) return new SshError('TIMEOUT', `no SSH answer from ${where} in time`);
  if (e.code === 'ECONNREFUSED' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || e.code === 'ETIMEDOUT') {
    return new SshError('UNREACHABLE', `cannot reach ${where}: ${e.code}`);
  }
  return new SshError('SSH_ERROR', `SSH to ${where} failed: ${e.message}`);
}

export function connectSsh(opts: SshConnectOptions): Promise<Client> {
  const where = `${opts.username}@${opts.host}:${opts.port}`;
  const entries = loadKnownHosts(opts.knownHostsFiles);
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new SshError('CANCELLED', `connection to ${where} cancelled`));
    const client = new Client();
    let verdictError: SshError | undefined;
    let settled = false;
    const fail = (e: SshError): void => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      client.end();
      reject(e);
    };
    const onAbort = (): void => fail(new SshError('CANCELLED', `connection to ${where} cancelled`));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('ready', () => {
      if (settled) return void client.end();
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(client);
    });
    client.on('error', (e: Error) => fail(verdictError ?? classify(e, where)));
    client.on('close', () => fail(verdictError ?? new SshError('SSH_ERROR', `connection to ${where} closed`)));
    // A password asked for after the key check: our own ready timeout, paused while the user types.
    const ask = opts.auth.type === 'password' && typeof opts.auth.password === 'function' ? opts.auth.password : undefined;
    const readyMs = opts.readyTimeoutMs ?? 20_000;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      timer = setTimeout(() => fail(new SshError('TIMEOUT', `no SSH answer from ${where} in time`)), readyMs);
    };
    if (ask) {
      arm();
      client.once('ready', () => clearTimeout(timer));
      client.once('close', () => clearTimeout(timer));
    }
    let asked = false;
    const lazyAuth = ask
      ? {
          authHandler: ((_methods, _partial, next): void => {
            // `false` ends authentication (ssh2 accepts it; the types do not say so).
            const stop = (): void => next(false as unknown as AuthenticationType);
            if (asked) return stop();
            asked = true;
            clearTimeout(timer);
            ask().then(
              (password) => {
                if (settled) return;
                if (password === undefined) {
                  verdictError = new SshError('NEED_PASSWORD', `${where} uses password authentication and no password was given`);
                  return stop();
                }
                arm();
                next({ type: 'password', username: opts.username, password });
              },
              stop,
            );
          }) satisfies AuthHandlerMiddleware,
        }
      : {};
    client.connect({
      host: opts.host,
      port: opts.port,
      username: opts.username,
      readyTimeout: ask ? 24 * 3600_000 : readyMs,
      ...lazyAuth,
      ...(opts.sock ? { sock: opts.sock } : {}),
      ...(opts.keepaliveIntervalMs ? { keepaliveInterval: opts.keepaliveIntervalMs, keepaliveCountMax: 3 } : {}),
      ...authConfig(opts.auth),
      hostVerifier: (key: Buffer): boolean => {
        const v = checkHostKey(entries, opts.host, opts.port, key);
        if (v.status === 'known') return true;
        if (v.status === 'unknown' && opts.acceptFingerprints?.includes(v.fingerprint)) return true;
        verdictError = hostKeyError(opts.host, opts.port, v);
        return false;
      },
    });
  });
}
