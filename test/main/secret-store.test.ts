// The secret store's policy: encrypted at rest only with a working keychain, session-only otherwise
// (and without Electron), plain text only when the user allowed it — and never the secret itself
// in the file. Electron's safeStorage cannot run here; an AES-GCM cipher with a per-test key stands in
// for the keychain, so what is tested is the store's policy and file handling, not the keychain.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretStore, type KeychainCipher } from '../../src-main/services/secrets/secret-store';

const dir = mkdtempSync(join(tmpdir(), 'lvs-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function aesCipher(backend: string, key = randomBytes(32)): KeychainCipher {
  return {
    isEncryptionAvailable: () => true,
    backend: () => backend,
    encryptString: (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString: (data) => {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const SECRET = 'hunter2-very-secret';

describe('secret store', () => {
  it('with a keychain: remembered secrets are stored encrypted (0600), never in clear', async () => {
    const file = join(dir, 'a.json');
    const cipher = aesCipher('gnome_libsecret');
    const s = new SecretStore(file, cipher);
    expect(s.status()).toEqual({ backend: 'keychain' });
    await s.set('ssh-password:dir1', SECRET, true);
    await s.set('sudo:dir1', 'once-only', false);
    expect(readFileSync(file, 'utf8')).not.toContain(SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = new SecretStore(file, cipher);
    expect(await again.get('ssh-password:dir1')).toBe(SECRET);
    expect(await again.get('sudo:dir1')).toBeUndefined();
    await again.delete('ssh-password:dir1');
    expect(await new SecretStore(file, cipher).get('ssh-password:dir1')).toBeUndefined();
  });

  it('a file encrypted under another key reads as not saved', async () => {
    const file = join(dir, 'b.json');
    await new SecretStore(file, aesCipher('kwallet5')).set('k', SECRET, true);
    expect(await new SecretStore(file, aesCipher('kwallet5')).get('k')).toBeUndefined();
  });

  it('falls back to session-only (with a warning) without a keyring, unless plain text is allowed', async () => {
    const file = join(dir, 'c.json');
    const s = new SecretStore(file, aesCipher('basic_text'));
    expect(s.status().backend).toBe('session-only');
    expect(s.status().warning).toMatch(/keyring/);
    await s.set('k', SECRET, true);
    expect(await s.get('k')).toBe(SECRET);
    expect(existsSync(file)).toBe(false);
    const p = new SecretStore(file, aesCipher('basic_text'), true);
    expect(p.status().backend).toBe('plain-text');
    await p.set('k', SECRET, true);
    expect(existsSync(file)).toBe(true);
  });

  it('without Electron (the web host) secrets live in memory only', async () => {
    const s = new SecretStore(undefined, undefined);
    expect(s.status().backend).toBe('session-only');
    await s.set('k', SECRET, true);
    expect(await s.get('k')).toBe(SECRET);
    expect(await new SecretStore(undefined, undefined).get('k')).toBeUndefined();
  });
});
