// Deploy secrets (SSH passwords, key passphrases, sudo passwords): encrypted with the OS keychain
// through Electron's safeStorage, in a 0600 file of the app's data folder. Where the keychain is
// missing (Linux without a secret service: safeStorage's "basic_text" backend) or there is no
// Electron at all (the web host), secrets are kept for this session only, in memory, unless the
// user explicitly allows plain-text storage — and the UI says which case applies.
import { JsonStore, isRecord } from '../json-store';

/** What the Electron shell passes in (a thin wrapper over safeStorage); absent in the web host. */
export interface KeychainCipher {
  isEncryptionAvailable(): boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux ('basic_text', 'gnome_libsecret', 'kwallet5'...); 'os' elsewhere. */
  backend(): string;
  encryptString(plain: string): Buffer;
  decryptString(data: Buffer): string;
}

export type SecretBackend = 'keychain' | 'plain-text' | 'session-only';

export interface SecretStoreStatus {
  backend: SecretBackend;
  /** For the UI: why secrets are not in a keychain, when they are not. */
  warning?: string;
}

/** Ids look like `ssh-password:<hostId>`; values never leave the main process except to ssh2. */
export class SecretStore {
  private readonly session = new Map<string, string>();
  private readonly file: JsonStore | undefined;

  constructor(
    file: string | undefined,
    private readonly cipher: KeychainCipher | undefined,
    private readonly allowPlainText = false,
  ) {
    this.file = file === undefined ? undefined : new JsonStore(file);
  }

  status(): SecretStoreStatus {
    if (!this.cipher || !this.file) return { backend: 'session-only', warning: 'No OS keychain here: secrets are kept in memory for this session only.' };
    if (!this.cipher.isEncryptionAvailable()) return { backend: 'session-only', warning: 'The OS keychain is not available: secrets are kept in memory for this session only.' };
    if (this.cipher.backend() === 'basic_text') {
      return this.allowPlainText
        ? { backend: 'plain-text', warning: 'No keyring (secret service) was found: saved secrets are only obfuscated, not encrypted.' }
        : { backend: 'session-only', warning: 'No keyring (secret service) was found: secrets are kept in memory for this session only.' };
    }
    return { backend: 'keychain' };
  }

  private persistent(): boolean {
    return this.status().backend !== 'session-only';
  }

  async get(id: string): Promise<string | undefined> {
    if (this.session.has(id)) return this.session.get(id);
    if (!this.persistent()) return undefined;
    const all = await this.file!.read();
    const enc = isRecord(all) ? all[id] : undefined;
    if (typeof enc !== 'string') return undefined;
    try {
      return this.cipher!.decryptString(Buffer.from(enc, 'base64'));
    } catch {
      return undefined; // encrypted under another login or keychain: as if never saved
    }
  }

  /** `remember` false: for this session only (e.g. a sudo password asked once per deploy). */
  async set(id: string, value: string, remember: boolean): Promise<void> {
    this.session.set(id, value);
    if (!remember || !this.persistent()) return;
    const file = this.file!;
    const enc = this.cipher!.encryptString(value).toString('base64');
    await file.exclusive(async () => {
      const all = await file.read();
      await file.write({ ...(isRecord(all) ? all : {}), [id]: enc });
    });
  }

  async delete(id: string): Promise<void> {
    this.session.delete(id);
    const file = this.file;
    if (!file) return;
    await file.exclusive(async () => {
      const all = await file.read();
      if (!isRecord(all) || !(id in all)) return;
      const next = { ...all };
      delete next[id];
      await file.write(next);
    });
  }
}
