// SSH from the app's services (ssh2) to real OpenSSH servers in the lab: strict host-key checking
// against known_hosts (plain and hashed), unknown keys shown by fingerprint, a changed key refused
// before authentication (the sshd log shows no auth attempt), clear auth and reachability errors.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSsh, SshError, type SshConnectOptions } from '../../src-main/services/ssh/ssh-connect';
import { checkHostKey, parseKnownHosts } from '../../src-main/services/ssh/known-hosts';
import { createLab, type Lab } from '../lab/lab';
import { needRoot, needTools } from '../support/tools';

const enabled = needRoot() && needTools('ip', 'sshd', 'ssh-keygen', 'unshare', 'nsenter');
const password = `pw-${Math.random().toString(36).slice(2)}`;

async function failure(p: Promise<unknown>): Promise<SshError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SshError) return e;
    throw e;
  }
  throw new Error('expected the connection to fail');
}

function execOut(client: Awaited<ReturnType<typeof connectSsh>>, cmd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(cmd, (err, ch) => {
      if (err) return reject(err);
      let out = '';
      ch.on('data', (d: Buffer) => (out += d.toString()));
      ch.on('close', () => resolve(out));
    });
  });
}

describe.skipIf(!enabled)('ssh2 connections with strict host-key checking', () => {
  let lab: Lab;
  let dir: string;
  let base: SshConnectOptions;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lvs-ssh-'));
    lab = await createLab({ prefix: 'lvs', hosts: [{ name: 'h1', role: 'director', addresses: ['10.79.0.10/24'], password }] });
    const t = lab.sshTarget('h1');
    base = {
      host: t.host,
      port: t.port,
      username: t.user,
      auth: { type: 'key', privateKey: readFileSync(t.privateKeyPath) },
      knownHostsFiles: [t.knownHostsPath],
    };
  });

  afterAll(async () => {
    await lab?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('connects with a key when the host key is in known_hosts, and with the key hashed (ssh-keygen -H)', async () => {
    const c = await connectSsh(base);
    expect(await execOut(c, 'hostname')).toBe('h1\n');
    c.end();
    const hashed = join(dir, 'hashed');
    writeFileSync(hashed, readFileSync(base.knownHostsFiles[0]!));
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    const entries = parseKnownHosts(readFileSync(hashed, 'utf8'), hashed).entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => 'salt' in e.hosts)).toBe(true);
    const c2 = await connectSsh({ ...base, knownHostsFiles: [join(dir, 'missing'), hashed] });
    expect(await execOut(c2, 'hostname')).toBe('h1\n');
    c2.end();
  });

  it('refuses an unknown key with its SHA256 fingerprint; the confirmed fingerprint is then accepted', async () => {
    const empty = join(dir, 'empty');
    writeFileSync(empty, '');
    const e = await failure(connectSsh({ ...base, knownHostsFiles: [empty] }));
    expect(e.code).toBe('HOST_KEY_UNKNOWN');
    expect(e.message).toContain(lab.sshTarget('h1').hostKeyFingerprint);
    const c = await connectSsh({ ...base, knownHostsFiles: [empty], acceptFingerprints: [lab.sshTarget('h1').hostKeyFingerprint] });
    c.end();
  });

  it('aborts on a changed key before authentication: the sshd log shows no auth attempt, even with a password', async () => {
    const other = join(dir, 'otherkey');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const pub = readFileSync(`${other}.pub`, 'utf8').trim().split(/\s+/);
    const t = lab.sshTarget('h1');
    const changed = join(dir, 'changed');
    writeFileSync(changed, `[${t.host}]:${t.port} ${pub[0]} ${pub[1]}\n`);
    const logBefore = lab.sshdLog('h1').length;
    const e = await failure(connectSsh({ ...base, auth: { type: 'password', password }, knownHostsFiles: [changed] }));
    expect(e.code).toBe('HOST_KEY_CHANGED');
    expect(e.message).toContain(`${changed}:1`);
    await new Promise((r) => setTimeout(r, 300));
    const log = lab.sshdLog('h1').slice(logBefore);
    expect(log).toMatch(/Connection from|Connection closed|disconnect/i);
    expect(log).not.toMatch(/Failed|Accepted|Postponed|userauth|password for/i);
    // the verdict the verifier used, checked independently of ssh2
    const v = checkHostKey(parseKnownHosts(readFileSync(changed, 'utf8'), changed).entries, t.host, t.port, Buffer.from(pub[1]!, 'base64'));
    expect(v.status).toBe('known');
  });

  it('says clearly when a password is wrong, and when nothing listens', async () => {
    const e = await failure(connectSsh({ ...base, auth: { type: 'password', password: 'wrong-password' } }));
    expect(e.code).toBe('AUTH_FAILED');
    expect(e.message).not.toContain('wrong-password');
    const ok = await connectSsh({ ...base, auth: { type: 'password', password } });
    ok.end();
    const u = await failure(connectSsh({ ...base, host: '127.0.0.1', port: 1, readyTimeoutMs: 3000 }));
    expect(u.code).toBe('UNREACHABLE');
  });

  it('can be cancelled while connecting', async () => {
    const ac = new AbortController();
    const p = connectSsh({ ...base, signal: ac.signal });
    ac.abort();
    expect((await failure(p)).code).toBe('CANCELLED');
  });
});
