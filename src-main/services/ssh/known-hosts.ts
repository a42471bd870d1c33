// OpenSSH known_hosts: parsing (plain, wildcard, negated and hashed `|1|salt|hash` host fields,
// @revoked and @cert-authority markers, [host]:port forms) and the strict check the SSH client
// runs in ssh2's hostVerifier, i.e. BEFORE any credential is sent.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostEntry {
  file: string;
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** Comma-separated patterns as written, or a hashed host. */
  hosts: { patterns: string[] } | { salt: Buffer; hash: Buffer };
  keyType: string;
  /** The public key blob (SSH wire format). */
  key: Buffer;
}

export interface KnownHostsProblem {
  file: string;
  line: number;
  message: string;
}

export function parseKnownHosts(text: string, file: string): { entries: KnownHostEntry[]; problems: KnownHostsProblem[] } {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return problems.push({ file, line: i + 1, message: `unknown marker ${m}` }) && undefined;
    }
    const [hostField, keyType, keyB64] = fields;
    if (!hostField || !keyType || !keyB64) return problems.push({ file, line: i + 1, message: 'expected: hosts key-type base64-key' }) && undefined;
    const key = Buffer.from(keyB64, 'base64');
    if (key.length === 0 || key.toString('base64').replace(/=+$/, '') !== keyB64.replace(/=+$/, '')) {
      return problems.push({ file, line: i + 1, message: 'the key is not valid base64' }) && undefined;
    }
    let hosts: KnownHostEntry['hosts'];
    if (hostField.startsWith('|1|')) {
      const [, , salt, hash] = hostField.split('|');
      if (!salt || !hash) return problems.push({ file, line: i + 1, message: 'malformed hashed host' }) && undefined;
      hosts = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      hosts = { patterns: hostField.split(',') };
    }
    const entry: KnownHostEntry = { file, line: i + 1, hosts, keyType, key };
    if (marker) entry.marker = marker;
    entries.push(entry);
  });
  return { entries, problems };
}

/** The name OpenSSH looks up: `host` for port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function globMatch(pattern: string, s: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(s);
}

export function entryMatchesHost(e: KnownHostEntry, name: string): boolean {
  if ('salt' in e.hosts) {
    const h = createHmac('sha1', e.hosts.salt).update(name).digest();
    return h.equals(e.hosts.hash);
  }
  let matched = false;
  for (const p of e.hosts.patterns) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

/** `SHA256:...` as ssh-keygen -lf prints it. */
export function fingerprintSha256(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside a wire-format public key blob (its first string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return '';
  const n = key.readUInt32BE(0);
  return key.subarray(4, 4 + n).toString('latin1');
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostEntry }
  /** A key for this host is known and the offered one is different: abort, as OpenSSH does. */
  | { status: 'changed'; expected: KnownHostEntry[]; fingerprint: string }
  | { status: 'revoked'; entry: KnownHostEntry; fingerprint: string }
  /** The offered key travels with the verdict so the user can accept exactly this key. */
  | { status: 'unknown'; fingerprint: string; host: string; port: number; key: Buffer };

/**
 * OpenSSH's decision: a revoked key is refused; a matching key is accepted; any other key for the
 * same host name (of any type, as StrictHostKeyChecking=yes treats a host with known keys) is a
 * changed key; no entry for the host = unknown (the user must accept the fingerprint first).
 */
export function checkHostKey(entries: readonly KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostName(host, port);
  const fingerprint = fingerprintSha256(key);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked, fingerprint };
  const forHost = entries.filter((e) => e.marker === undefined && entryMatchesHost(e, name));
  const same = forHost.find((e) => e.key.equals(key));
  if (same) return { status: 'known', entry: same };
  if (forHost.length > 0) return { status: 'changed', expected: forHost, fingerprint };
  return { status: 'unknown', fingerprint, host, port, key };
}

/** A line to append to the app's own known_hosts after the user accepted a key (hashed, as HashKnownHosts=yes). */
export function knownHostsLine(host: string, port: number, key: Buffer, salt: Buffer): string {
  const name = knownHostName(host, port);
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${keyTypeOf(key)} ${key.toString('base64')}`;
}
