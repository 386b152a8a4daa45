/**
 * API keys of generated services. A service generated with "Require an API
 * key" gets its key from the environment (API_KEY) only: the key is never
 * written into the service folder, its version snapshots or an export. The
 * value lives in a vault of its own (`models/vault.json`, sealed by core's
 * cipher), so the connections area's clean-up of unreferenced secrets never
 * drops it; `models/api-keys.json` maps a service name to its vault ref and
 * the URLs the key was bound to (each version's port and the stable URL).
 * Core sends the key only to a URL bound to it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { StackdeckError } from '../../shared/errors';
import type { SecretCipher } from '../connections';
import { Mutex, readJsonFile, writeFileAtomic } from '../connections/atomic-file';
import { Vault } from '../connections/vault';

const MAX_URLS = 32;

const Index = z.record(z.string(), z.object({ ref: z.string(), urls: z.array(z.string()) }));
type Index = z.infer<typeof Index>;

const origin = (url: string): string => new URL(url).origin;

export class ServiceKeys {
  private readonly vault: Vault;
  private readonly mutex = new Mutex();
  private readonly file: string;

  constructor(userDataDir: string, cipher: SecretCipher) {
    const dir = join(userDataDir, 'models');
    this.vault = new Vault(dir, cipher);
    this.file = join(dir, 'api-keys.json');
  }

  private async read(): Promise<Index> {
    const r = await readJsonFile(this.file);
    if (r.kind !== 'ok') return {};
    const parsed = Index.safeParse(r.value);
    return parsed.success ? parsed.data : {};
  }

  /**
   * The key a service's next version runs with: the typed one (which replaces
   * the stored key), else the stored one, else a new random key.
   */
  async ensure(name: string, typed: string | undefined): Promise<string> {
    return this.mutex.run(async () => {
      await this.vault.load();
      const index = await this.read();
      const known = index[name];
      if (typed === undefined && known !== undefined) {
        const stored = await this.vault.get(known.ref);
        if (stored !== undefined) return stored;
      }
      const key = typed ?? randomBytes(24).toString('base64url');
      const [ref] = await this.vault.putMany([key]);
      if (known !== undefined) await this.vault.deleteMany([known.ref]);
      // A new key is bound afresh: the URLs of the old key's versions do not carry over.
      index[name] = { ref: ref!, urls: [] };
      await writeFileAtomic(this.file, `${JSON.stringify(index, null, 2)}\n`);
      return key;
    });
  }

  /** The stored key of a service, if any. */
  async stored(name: string): Promise<string | undefined> {
    const known = (await this.read())[name];
    if (known === undefined) return undefined;
    await this.vault.load();
    return this.vault.get(known.ref);
  }

  /** Binds the service's key to these URLs (a new version's port, the stable URL). */
  async bind(name: string, urls: readonly string[]): Promise<void> {
    await this.mutex.run(async () => {
      const index = await this.read();
      const known = index[name];
      if (known === undefined) return;
      const all = [...new Set([...known.urls, ...urls.map(origin)])];
      known.urls = all.slice(-MAX_URLS);
      await writeFileAtomic(this.file, `${JSON.stringify(index, null, 2)}\n`);
    });
  }

  /** The key for a call to `url`, only when that URL was bound to it (undefined otherwise). */
  async release(name: string, url: string): Promise<string | undefined> {
    const known = (await this.read())[name];
    if (known === undefined || !known.urls.includes(origin(url))) return undefined;
    await this.vault.load();
    return this.vault.get(known.ref);
  }

  /** For the deployment screen's Reveal / Copy: an explicit user action, never part of a list. */
  async reveal(name: string): Promise<{ key: string; urls: string[] }> {
    const known = (await this.read())[name];
    await this.vault.load();
    const key = known === undefined ? undefined : await this.vault.get(known.ref);
    if (known === undefined || key === undefined)
      throw new StackdeckError('NOT_FOUND', `No API key is stored for ${name}: deploy it with "Require an API key".`);
    return { key, urls: known.urls };
  }
}
