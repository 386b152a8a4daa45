import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * How the vault seals secret values. Core defines the interface; the desktop shell
 * passes an Electron `safeStorage` implementation (core must not import electron),
 * web mode uses `FileKeyCipher` below.
 */
export interface SecretCipher {
  /** A short name shown to the user: `file-key`, or safeStorage's backend (`basic_text`, `gnome_libsecret`, `kwallet5`, `dpapi`, `keychain`, ...). */
  readonly backend: string;
  /**
   * True when sealing is not real protection and the user must agree before any
   * secret is stored (Electron on Linux without a keyring: safeStorage's
   * `basic_text` backend, which only obfuscates with a hard-coded key).
   */
  readonly needsConsent: boolean;
  encrypt(plain: Buffer): Promise<Buffer>;
  /** Rejects when the data was sealed by another key or backend. */
  decrypt(sealed: Buffer): Promise<Buffer>;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** First byte of every sealed value, so the format can change without guessing. */
const FORMAT_V1 = 1;

/**
 * Web mode: AES-256-GCM with a random key kept in `<userDataDir>/vault.key` (0600),
 * separate from the vault file. This protects secrets from a copied vault or
 * profile file and from a casual look; it does not protect them from someone who
 * can read the user's files (the README states this trade-off). There is no OS
 * keyring a browser-served Node process can rely on.
 */
export class FileKeyCipher implements SecretCipher {
  readonly backend = 'file-key';
  readonly needsConsent = false;
  private keyPromise: Promise<Buffer> | undefined;

  constructor(private readonly userDataDir: string) {}

  get keyFile(): string {
    return join(this.userDataDir, 'vault.key');
  }

  async encrypt(plain: Buffer): Promise<Buffer> {
    const key = await this.key();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
  }

  async decrypt(sealed: Buffer): Promise<Buffer> {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT_V1)
      throw new Error('Unknown sealed secret format.');
    const key = await this.key();
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  private key(): Promise<Buffer> {
    // One load per instance; a failed load is retried on the next call.
    this.keyPromise ??= this.loadOrCreateKey().catch((err: unknown) => {
      this.keyPromise = undefined;
      throw err;
    });
    return this.keyPromise;
  }

  private async loadOrCreateKey(): Promise<Buffer> {
    try {
      return await this.readKey();
    } catch (err) {
      if (!isErrno(err, 'ENOENT')) throw err;
    }
    const key = randomBytes(KEY_BYTES);
    try {
      // 'wx': never overwrite a key another process just created (that would orphan
      // every secret sealed with it); mode 0600 from creation, not chmod after.
      const handle = await open(this.keyFile, 'wx', 0o600);
      try {
        await handle.writeFile(key);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return key;
    } catch (err) {
      if (isErrno(err, 'EEXIST')) return this.readKey();
      throw err;
    }
  }

  private async readKey(): Promise<Buffer> {
    const key = await readFile(this.keyFile);
    if (key.length !== KEY_BYTES) {
      // Never replace a damaged key: that would silently make every stored secret unreadable.
      throw new Error(
        `The vault key file ${this.keyFile} is damaged (expected ${KEY_BYTES} bytes). Move it away to start a new vault.`,
      );
    }
    if (process.platform !== 'win32') {
      const { mode } = await stat(this.keyFile);
      // Someone widened the permissions: tighten them back, as ssh insists on for its keys.
      if ((mode & 0o077) !== 0) await chmod(this.keyFile, 0o600);
    }
    return key;
  }
}

export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
