import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { StoreIssue, VaultStatus } from '../../shared/contract/connections';
import { StackdeckError } from '../../shared/errors';
import { Mutex, readJsonFile, setAside, writeFileAtomic } from './atomic-file';
import type { SecretCipher } from './cipher';
import { withFileLock } from './file-lock';

/**
 * The only place secret values live. Profiles hold `{ ref }` pointers; this file
 * (`<userDataDir>/vault.json`, 0600) maps each ref to a value sealed by the
 * `SecretCipher`. Values are decrypted on demand and never cached here, never
 * logged and never put into an error message.
 */

const VAULT_VERSION = 1;

const VaultFile = z.object({
  format: z.literal('stackdeck-vault'),
  version: z.number().int(),
  consent: z.object({ backend: z.string(), accepted: z.boolean(), at: z.string() }).nullable().default(null),
  secrets: z.record(z.string(), z.object({ backend: z.string(), sealed: z.string() })).default({}),
});
type VaultFile = z.infer<typeof VaultFile>;

export class Vault {
  private data: VaultFile = { format: 'stackdeck-vault', version: VAULT_VERSION, consent: null, secrets: {} };
  private readonly mutex = new Mutex();
  private readonly issues: StoreIssue[] = [];
  /** Set when the file on disk is from a newer Stackdeck: we must not write it back. */
  private frozen = false;

  constructor(
    private readonly userDataDir: string,
    private readonly cipher: SecretCipher,
  ) {}

  get file(): string {
    return join(this.userDataDir, 'vault.json');
  }

  get backend(): string {
    return this.cipher.backend;
  }

  async load(): Promise<void> {
    await this.readDisk();
  }

  /**
   * Read-modify-write under this process's mutex and the cross-process file
   * lock, starting from what is on disk: another core on the same directory
   * (desktop and web mode) may have added or removed secrets since.
   */
  private locked<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex.run(() =>
      withFileLock(this.file, async () => {
        await this.readDisk();
        return work();
      }),
    );
  }

  private async readDisk(): Promise<void> {
    const read = await readJsonFile(this.file);
    if (read.kind === 'missing') {
      this.data = { format: 'stackdeck-vault', version: VAULT_VERSION, consent: null, secrets: {} };
      return;
    }
    if (read.kind === 'corrupt') {
      this.report(
        'corrupt',
        read.movedTo,
        `The secret vault was damaged and has been moved to ${read.movedTo}. Saved passwords must be entered again.`,
      );
      return;
    }
    const version = (read.value as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > VAULT_VERSION) {
      this.frozen = true;
      this.report(
        'newer-version',
        null,
        'The secret vault was written by a newer Stackdeck. Passwords cannot be saved until you update.',
      );
    }
    const parsed = VaultFile.safeParse(read.value);
    if (!parsed.success) {
      const aside = await setAside(this.file, 'invalid structure');
      this.frozen = false;
      this.report(
        'corrupt',
        aside.movedTo,
        `The secret vault had an unexpected structure and has been moved to ${aside.movedTo}. Saved passwords must be entered again.`,
      );
      return;
    }
    this.data = parsed.data;
  }

  getIssues(): StoreIssue[] {
    return [...this.issues];
  }

  status(): VaultStatus {
    const consent = this.data.consent?.backend === this.cipher.backend ? this.data.consent.accepted : null;
    const canStore = !this.frozen && (!this.cipher.needsConsent || consent === true);
    return {
      backend: this.cipher.backend,
      needsConsent: this.cipher.needsConsent,
      consent: this.cipher.needsConsent ? consent : null,
      canStore,
      message: describeBackend(this.cipher, consent, this.frozen),
    };
  }

  async setConsent(accept: boolean): Promise<VaultStatus> {
    await this.locked(async () => {
      this.data.consent = { backend: this.cipher.backend, accepted: accept, at: new Date().toISOString() };
      await this.persist();
    });
    return this.status();
  }

  /** Whether a readable entry exists for `ref` (sealed by the current backend). */
  has(ref: string): boolean {
    return this.data.secrets[ref]?.backend === this.cipher.backend;
  }

  /** The plain value, or undefined when missing or unreadable (reported as an issue, never thrown with details). */
  async get(ref: string): Promise<string | undefined> {
    // A secret another process saved after we read the file: look again once.
    if (!this.data.secrets[ref]) await this.mutex.run(() => this.readDisk()).catch(() => undefined);
    const entry = this.data.secrets[ref];
    if (!entry || entry.backend !== this.cipher.backend) return undefined;
    try {
      return (await this.cipher.decrypt(Buffer.from(entry.sealed, 'base64'))).toString('utf8');
    } catch {
      this.report(
        'unreadable',
        null,
        'A saved password could not be decrypted (the vault key or keyring changed). Enter it again.',
      );
      return undefined;
    }
  }

  /** Seals and stores values under fresh refs; returns the refs in input order. */
  async putMany(values: readonly string[]): Promise<string[]> {
    if (values.length === 0) return [];
    this.assertCanStore();
    const sealed = await Promise.all(
      values.map(async (v) => (await this.cipher.encrypt(Buffer.from(v, 'utf8'))).toString('base64')),
    );
    return this.locked(async () => {
      const refs = sealed.map((s) => {
        const ref = randomUUID();
        this.data.secrets[ref] = { backend: this.cipher.backend, sealed: s };
        return ref;
      });
      await this.persist();
      return refs;
    });
  }

  /** Copies entries under fresh refs (duplicating a profile), without decrypting them. */
  async copyMany(refs: readonly string[]): Promise<Map<string, string>> {
    return this.locked(async () => {
      const out = new Map<string, string>();
      for (const ref of refs) {
        const entry = this.data.secrets[ref];
        if (!entry) continue;
        const copy = randomUUID();
        this.data.secrets[copy] = { ...entry };
        out.set(ref, copy);
      }
      if (out.size > 0) await this.persist();
      return out;
    });
  }

  async deleteMany(refs: readonly string[]): Promise<void> {
    await this.locked(async () => {
      let changed = false;
      for (const ref of refs) {
        if (ref in this.data.secrets) {
          delete this.data.secrets[ref];
          changed = true;
        }
      }
      if (changed) await this.persist();
    });
  }

  /** Drops entries no profile refers to (left by a crash between saving a secret and its profile). */
  async retainOnly(live: ReadonlySet<string>): Promise<void> {
    await this.deleteMany(Object.keys(this.data.secrets).filter((ref) => !live.has(ref)));
  }

  private assertCanStore(): void {
    const status = this.status();
    if (status.canStore) return;
    throw new StackdeckError(
      'CONFLICT',
      this.frozen
        ? 'Passwords cannot be saved: the vault file was written by a newer Stackdeck.'
        : `Passwords cannot be saved until you agree to store them with the "${this.cipher.backend}" backend, which only obfuscates them. Answer the vault question first, or leave the password empty.`,
      { reason: this.frozen ? 'vault-newer-version' : 'vault-consent-required', backend: this.cipher.backend },
    );
  }

  private async persist(): Promise<void> {
    if (this.frozen)
      throw new StackdeckError('CONFLICT', 'The vault file was written by a newer Stackdeck and is left untouched.');
    await writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`, 0o600);
  }

  private report(problem: StoreIssue['problem'], movedTo: string | null, message: string): void {
    if (this.issues.some((i) => i.problem === problem && i.movedTo === movedTo)) return;
    this.issues.push({ file: 'vault', problem, movedTo, at: new Date().toISOString(), message });
  }
}

function describeBackend(cipher: SecretCipher, consent: boolean | null, frozen: boolean): string {
  if (frozen) return 'The vault was written by a newer Stackdeck; passwords cannot be saved until you update.';
  if (cipher.backend === 'file-key') {
    return 'Passwords are encrypted in vault.json with a key kept in a separate file (vault.key, readable only by you). Anyone who can read your files can read both.';
  }
  if (cipher.needsConsent) {
    const base = `No system keyring is available (backend "${cipher.backend}"): saved passwords would only be obfuscated, readable by any program running as you.`;
    if (consent === true) return `${base} You agreed to store them this way.`;
    if (consent === false)
      return `${base} You chose not to save passwords, so connections that need one will not work until you change this.`;
    return `${base} Do you want to save passwords anyway?`;
  }
  return `Passwords are encrypted with your system keyring (${cipher.backend}).`;
}
