// A deploy's SSH connection to one host: through its jump chain (each hop's forwardOut channel is
// the next hop's socket), with the host key of every hop checked in ssh2's hostVerifier, i.e.
// before any credential is sent. Secrets come from the caller's callback and never reach a message.
import { readFile } from 'node:fs/promises';
import { utils, type Client } from 'ssh2';
import { connectSsh, defaultAgentSocket, SshError, type SshAuth } from '../ssh/ssh-connect';
import type { ResolvedEndpoint, ResolvedHop } from '../ssh/ssh-resolve';

export interface CredentialRequest {
  hostId: string;
  /** The hop that needs it (`user@host:port`), the target or a jump host. */
  hop: string;
  kind: 'password' | 'passphrase' | 'sudo-password';
  /** The key file, for a passphrase. */
  keyFile?: string;
}

/** Asked when a secret is needed; undefined = the user gave none (the host then fails clearly). */
export type CredentialsCallback = (req: CredentialRequest) => Promise<string | undefined>;

export interface ConnectOptions {
  knownHostsFiles: string[];
  acceptFingerprints?: string[];
  credentials?: CredentialsCallback;
  signal?: AbortSignal;
  readyTimeoutMs?: number;
  /** ssh-agent: SSH_AUTH_SOCK, or 'pageant' on Windows ('' = none); default from the environment. */
  agentSocket?: string;
  /** SSH keepalive interval (default 5000 ms; 3 unanswered = the host is gone). */
  keepaliveIntervalMs?: number;
}

export interface HostConnection {
  client: Client;
  /** Closes the target and every jump connection. */
  close(): void;
}

const hopName = (h: ResolvedHop): string => `${h.user}@${h.host}:${h.port}`;

async function keyAuth(hostId: string, hop: ResolvedHop, file: string, opts: ConnectOptions): Promise<SshAuth> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (e) {
    throw new SshError('KEY_FILE', `cannot read the key file ${file} for ${hopName(hop)}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const parsed = utils.parseKey(data);
  if (!(parsed instanceof Error)) return { type: 'key', privateKey: data };
  if (!/passphrase/i.test(parsed.message)) throw new SshError('KEY_FILE', `the key file ${file} is not a private key ssh2 can read`);
  const passphrase = await opts.credentials?.({ hostId, hop: hopName(hop), kind: 'passphrase', keyFile: file });
  if (passphrase === undefined) throw new SshError('NEED_PASSPHRASE', `the key ${file} for ${hopName(hop)} needs a passphrase and none was given`);
  if (utils.parseKey(data, passphrase) instanceof Error) throw new SshError('BAD_PASSPHRASE', `the passphrase of ${file} is wrong`);
  return { type: 'key', privateKey: data, passphrase };
}

/** The auth of one hop: what the inventory says, else the key files ssh_config names, else ssh-agent. */
export async function authFor(hostId: string, hop: ResolvedHop, kind: ResolvedEndpoint['auth'], opts: ConnectOptions): Promise<SshAuth> {
  const agent = opts.agentSocket ?? defaultAgentSocket(process.env, process.platform);
  if (kind === 'password') {
    // Asked for only after the host key passed the check (inside the SSH handshake).
    const credentials = opts.credentials;
    return { type: 'password', password: async () => credentials?.({ hostId, hop: hopName(hop), kind: 'password' }) };
  }
  if (kind === 'agent') {
    if (!agent) throw new SshError('NO_AGENT', `${hopName(hop)} uses ssh-agent but SSH_AUTH_SOCK is not set (on Windows: Pageant is used when it is not set)`);
    return { type: 'agent', socket: agent };
  }
  const file = hop.identityFiles[0];
  if (kind === 'key' && file === undefined) throw new SshError('KEY_FILE', `${hopName(hop)} uses key authentication but no key file is set`);
  if (file !== undefined && (kind === 'key' || !agent)) return keyAuth(hostId, hop, file, opts);
  if (agent) return { type: 'agent', socket: agent };
  throw new SshError('NO_AUTH', `no way to authenticate to ${hopName(hop)}: set auth and keyFile in the inventory, or run ssh-agent`);
}

function forwardOut(client: Client, hop: ResolvedHop): Promise<NonNullable<Parameters<typeof connectSsh>[0]['sock']>> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, hop.host, hop.port, (err, stream) => {
      if (err) reject(new SshError('UNREACHABLE', `the jump host cannot reach ${hop.host}:${hop.port}: ${err.message}`));
      else resolve(stream);
    });
  });
}

/** Jump hosts use the auth their config gives (key files or ssh-agent); the target uses the endpoint's. */
export async function connectEndpoint(ep: ResolvedEndpoint, opts: ConnectOptions): Promise<HostConnection> {
  const opened: Client[] = [];
  const close = (): void => {
    for (const c of [...opened].reverse()) c.end();
  };
  try {
    const hops = [...ep.jumps, ep.target];
    for (const [i, hop] of hops.entries()) {
      const isTarget = i === hops.length - 1;
      const auth = await authFor(ep.hostId, hop, isTarget ? ep.auth : undefined, opts);
      const prev = opened[opened.length - 1];
      const sock = prev ? await forwardOut(prev, hop) : undefined;
      const client = await connectSsh({
        host: hop.host,
        port: hop.port,
        username: hop.user,
        auth,
        knownHostsFiles: opts.knownHostsFiles,
        ...(opts.acceptFingerprints ? { acceptFingerprints: opts.acceptFingerprints } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.readyTimeoutMs ? { readyTimeoutMs: opts.readyTimeoutMs } : {}),
        ...(sock ? { sock } : {}),
        keepaliveIntervalMs: opts.keepaliveIntervalMs ?? 5000,
      });
      opened.push(client);
    }
    return { client: opened[opened.length - 1]!, close };
  } catch (e) {
    close();
    throw e;
  }
}
