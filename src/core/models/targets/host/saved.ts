/**
 * The host deployments Stackdeck watches, kept across core restarts in
 * `<userDataDir>/model-host-deployments.json` (0600, written atomically):
 * per deployment the target (host, port, user, the key's saved-connection
 * id or "agent", the jump host, the trusted fingerprints) and the last state
 * read from the host (versions, current, pid, port, manager; the unit name
 * and pid file follow from the deployment name, layout.ts). No secret is
 * written: keys stay in the vault, referenced by id. The host is the truth;
 * this is only where to look again, so a restored entry is checked over SSH
 * before it is shown as running.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { HostState, HostTarget } from '../../../../shared/contract/models';
import { Mutex, readJsonFile, writeFileAtomic } from '../../../connections/atomic-file';

const Entry = z.object({ target: HostTarget, state: HostState, savedAt: z.number() });
export type SavedEntry = z.infer<typeof Entry>;

const File = z.object({
  format: z.literal('stackdeck-model-host-deployments'),
  // Parsed entry by entry below: one entry an older or newer Stackdeck cannot read does not lose the others.
  deployments: z.record(z.string(), z.unknown()).default({}),
});

export class SavedHostDeployments {
  private entries = new Map<string, SavedEntry>();
  private loaded = false;
  private readonly mutex = new Mutex();

  constructor(private readonly userDataDir: string) {}

  private get file(): string {
    return join(this.userDataDir, 'model-host-deployments.json');
  }

  /** What was saved, by watch id; a file that cannot be read is set aside (readJsonFile) and counts as empty. */
  async load(): Promise<Map<string, SavedEntry>> {
    return this.mutex.run(async () => {
      await this.read();
      return new Map(this.entries);
    });
  }

  save(id: string, target: HostTarget, state: HostState): Promise<void> {
    return this.change(() => this.entries.set(id, { target, state, savedAt: Date.now() }));
  }

  remove(id: string): Promise<void> {
    return this.change(() => this.entries.delete(id));
  }

  private async read(): Promise<void> {
    if (this.loaded) return;
    const read = await readJsonFile(this.file);
    const parsed = read.kind === 'ok' ? File.safeParse(read.value) : null;
    for (const [id, raw] of Object.entries(parsed?.success ? parsed.data.deployments : {})) {
      const e = Entry.safeParse(raw);
      if (e.success) this.entries.set(id, e.data);
    }
    this.loaded = true;
  }

  private change(apply: () => void): Promise<void> {
    return this.mutex.run(async () => {
      await this.read();
      apply();
      const data = { format: 'stackdeck-model-host-deployments', deployments: Object.fromEntries(this.entries) };
      await writeFileAtomic(this.file, `${JSON.stringify(data, null, 2)}\n`);
    });
  }
}
