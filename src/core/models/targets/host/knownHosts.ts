/**
 * The host keys the user trusted for deployment hosts, per host:port, in
 * `<userDataDir>/model-hosts.json` (0600, written atomically). The same trust
 * rule as SSH tunnels (src/core/ssh/hostkey.ts): an unknown key is reported
 * with its fingerprint and trusted only by the user; a key that differs from
 * the remembered one is refused by connectHop. A fingerprint is remembered
 * only after a connection with it succeeded. Behind a jump host the target's
 * address is as the jump host sees it (10.0.0.5:22 behind two bastions is two
 * machines), so its entry is named with the jump host too.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { Mutex, readJsonFile, writeFileAtomic } from '../../../connections/atomic-file';

const File = z.object({
  format: z.literal('stackdeck-model-hosts'),
  known: z.record(z.string(), z.object({ fingerprint: z.string(), at: z.number() })).default({}),
});
type File = z.infer<typeof File>;

export class KnownHosts {
  private data: File = { format: 'stackdeck-model-hosts', known: {} };
  private loaded = false;
  private readonly mutex = new Mutex();

  constructor(private readonly userDataDir: string) {}

  private get file(): string {
    return join(this.userDataDir, 'model-hosts.json');
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    const read = await readJsonFile(this.file);
    const parsed = read.kind === 'ok' ? File.safeParse(read.value) : null;
    if (parsed?.success) this.data = parsed.data;
    this.loaded = true;
  }

  /** `via`: the jump host (host:port) the host is reached through, when there is one. */
  async get(host: string, port: number, via?: string): Promise<string> {
    await this.load();
    return this.data.known[keyOf(host, port, via)]?.fingerprint ?? '';
  }

  async remember(host: string, port: number, fingerprint: string, via?: string): Promise<void> {
    const key = keyOf(host, port, via);
    await this.mutex.run(async () => {
      await this.load();
      if (this.data.known[key]?.fingerprint === fingerprint) return;
      this.data.known[key] = { fingerprint, at: Date.now() };
      await writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
    });
  }
}

const keyOf = (host: string, port: number, via: string | undefined) =>
  via === undefined ? `${host}:${port}` : `${host}:${port} via ${via}`;
