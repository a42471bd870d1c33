// Applies ~/.ssh/config to an inventory endpoint the way ssh does: values given explicitly (the
// inventory, the plan) win, the first matching config value fills the rest; HostName, Port, User,
// IdentityFile (with ~ and %h/%u/%r/%p tokens) and ProxyJump chains. `Match exec` is never run.
import { homedir } from 'node:os';
import SSHConfig from 'ssh-config';
import type { HostEndpoint } from '../../../src-core/model/inventory';

export interface ResolvedHop {
  /** As written (alias or host), for messages. */
  name: string;
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
}

export interface ResolvedEndpoint {
  hostId: string;
  target: ResolvedHop;
  /** Jump hosts in connection order (the first is connected to directly). */
  jumps: ResolvedHop[];
  auth?: HostEndpoint['auth'];
  sudo: boolean;
  agentDir: string;
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const all = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function expand(path: string, tokens: Record<string, string>, home: string): string {
  return path.replace(/^~(?=\/|$)/, home).replace(/%([%dhupr])/g, (m, t: string) => (t === '%' ? '%' : t === 'd' ? home : (tokens[t] ?? m)));
}

/** `[user@]host[:port]` (as ssh -J and ProxyJump take it); IPv6 in brackets. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } | undefined {
  const m = /^(?:([^@\s]+)@)?(\[[0-9A-Fa-f:.]+\]|[^:@\s[\]]+)(?::(\d{1,5}))?$/.exec(spec.trim());
  if (!m) return undefined;
  const out: { user?: string; host: string; port?: number } = { host: m[2]!.replace(/^\[|\]$/g, '') };
  if (m[1]) out.user = m[1];
  if (m[3]) out.port = Number(m[3]);
  return out;
}

export class SshConfigError extends Error {
  override name = 'SshConfigError';
  readonly code = 'SSH_CONFIG';
}

export function resolveHop(
  config: SSHConfig,
  name: string,
  explicit: { port?: number; user?: string; keyFile?: string },
  localUser: string,
  home: string = homedir(),
): ResolvedHop & { proxyJump?: string } {
  const c = config.compute(name, { ignoreCase: true, matchExec: false });
  const host = first(c.hostname) ?? name;
  const port = explicit.port ?? Number(first(c.port) ?? 22);
  const user = explicit.user ?? first(c.user) ?? localUser;
  const tokens = { h: host, u: localUser, r: user, p: String(port) };
  const identityFiles = explicit.keyFile ? [expand(explicit.keyFile, tokens, home)] : all(c.identityfile).map((f) => expand(f, tokens, home));
  const hop: ResolvedHop & { proxyJump?: string } = { name, host: host.replace(/%h/g, name), port, user, identityFiles };
  const pj = first(c.proxyjump);
  if (pj && pj.toLowerCase() !== 'none') hop.proxyJump = pj;
  return hop;
}

/** `configText`: the contents of ~/.ssh/config ('' when there is none). */
export function resolveEndpoint(e: HostEndpoint, configText: string, localUser: string, home: string = homedir()): ResolvedEndpoint {
  if (e.target === undefined) throw new SshConfigError(`host ${e.hostName} has no SSH address (set it in the inventory or the plan)`);
  const config = SSHConfig.parse(configText);
  const explicit: { port?: number; user?: string; keyFile?: string } = {};
  if (e.port !== undefined) explicit.port = e.port;
  if (e.user !== undefined) explicit.user = e.user;
  if (e.keyFile !== undefined) explicit.keyFile = e.keyFile;
  const target = resolveHop(config, e.target, explicit, localUser, home);
  const jumps: ResolvedHop[] = [];
  let chain = e.jump ?? target.proxyJump;
  const seen = new Set<string>([e.target]);
  // ProxyJump hosts are themselves looked up in the config; a jump host's own ProxyJump comes first.
  while (chain) {
    const specs = chain.split(',');
    const hops: ResolvedHop[] = [];
    let next: string | undefined;
    for (const [i, s] of specs.entries()) {
      const j = parseJumpSpec(s);
      if (!j) throw new SshConfigError(`bad jump host "${s}" (expected [user@]host[:port])`);
      if (seen.has(j.host)) throw new SshConfigError(`jump hosts loop through ${j.host}`);
      seen.add(j.host);
      const ex: { port?: number; user?: string } = {};
      if (j.port !== undefined) ex.port = j.port;
      if (j.user !== undefined) ex.user = j.user;
      const hop = resolveHop(config, j.host, ex, localUser, home);
      if (i === 0) next = hop.proxyJump;
      const { proxyJump, ...plain } = hop;
      void proxyJump;
      hops.push(plain);
    }
    jumps.unshift(...hops);
    chain = next;
  }
  const { proxyJump, ...plainTarget } = target;
  void proxyJump;
  const out: ResolvedEndpoint = { hostId: e.hostId, target: plainTarget, jumps, sudo: e.sudo, agentDir: e.agentDir };
  if (e.auth !== undefined) out.auth = e.auth;
  return out;
}
