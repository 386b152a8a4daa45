/**
 * The host keys the user trusted for deployment hosts, per host:port, in
 * `<userDataDir>/model-hosts.json` (0600, written atomically). The same trust
 * rule as SSH tunnels (src/core/ssh/hostkey.ts): an unknown key is reported
 * with its fingerprint and trusted only by the user; a key that differs from
 * the remembered one is refused by connectHop. A fingerprint is remembered
 * only after a connection with it succeeded.
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

  async get(host: string, port: number): Promise<string> {
    await this.load();
    return this.data.known[`${host}:${port}`]?.fingerprint ?? '';
  }

  async remember(host: string, port: number, fingerprint: string): Promise<void> {
    await this.mutex.run(async () => {
      await this.load();
      if (this.data.known[`${host}:${port}`]?.fingerprint === fingerprint) return;
      this.data.known[`${host}:${port}`] = { fingerprint, at: Date.now() };
      await writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
    });
  }
}
