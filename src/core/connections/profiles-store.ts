import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { StoreIssue } from '../../shared/contract/connections';
import { StackdeckError } from '../../shared/errors';
import { Mutex, readJsonFile, setAside, writeFileAtomic } from './atomic-file';
import { withFileLock } from './file-lock';
import { StoredProfile } from './model';

/**
 * Profiles in `<userDataDir>/profiles.json`: schema-versioned, written atomically
 * (see atomic-file.ts), one writer at a time. A damaged file is moved aside and
 * reported through `issues()` so the UI can say so; it is never silently replaced.
 */

export const PROFILES_SCHEMA_VERSION = 1;

const ProfilesFile = z.object({
  format: z.literal('stackdeck-profiles-store'),
  schemaVersion: z.number().int().positive(),
  profiles: z.array(z.unknown()),
});

/** Size and modification time, '' when missing: enough to notice another process's atomic rename. */
async function stamp(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return '';
  }
}

/** Profile ids a re-read of the file found edited or deleted. */
export interface ProfilesChange {
  readonly changed: readonly string[];
  readonly removed: readonly string[];
}

export class ProfilesStore {
  private profiles = new Map<string, StoredProfile>();
  private readonly mutex = new Mutex();
  private readonly issueList: StoreIssue[] = [];
  /** A newer Stackdeck wrote the file: read what we understand, write nothing. */
  private frozen = false;
  /** Size and mtime of the file as last read or written by us. */
  private seen = '';
  private readonly changeListeners = new Set<(change: ProfilesChange) => void>();

  constructor(private readonly userDataDir: string) {}

  get file(): string {
    return join(this.userDataDir, 'profiles.json');
  }

  issues(): StoreIssue[] {
    return [...this.issueList];
  }

  async load(): Promise<void> {
    await this.mutex.run(() => this.readDisk());
  }

  /**
   * Re-reads the file when another process changed it since we last read or
   * wrote it (size or modification time), so lists show their changes too.
   */
  async reloadIfChanged(): Promise<void> {
    const now = await stamp(this.file);
    if (now === this.seen) return;
    await this.mutex.run(() => withFileLock(this.file, () => this.readDisk()));
  }

  /** Runs `work` holding this process's and the cross-process lock, after re-reading the file. */
  async locked<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex.run(() =>
      withFileLock(this.file, async () => {
        await this.readDisk();
        return work();
      }),
    );
  }

  /**
   * Told which profiles a re-read found changed or gone: another core on this
   * directory edited or deleted them, and their live clients must not go on
   * with the old endpoint or credentials.
   */
  onChange(listener: (change: ProfilesChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private async readDisk(): Promise<void> {
    const before = this.profiles;
    await this.readDiskOnce();
    const changed: string[] = [];
    const removed: string[] = [];
    for (const [id, old] of before) {
      const now = this.profiles.get(id);
      if (now === undefined) removed.push(id);
      else if (JSON.stringify(now) !== JSON.stringify(old)) changed.push(id);
    }
    if (changed.length + removed.length === 0) return;
    for (const listener of this.changeListeners) listener({ changed, removed });
  }

  private async readDiskOnce(): Promise<void> {
    this.seen = await stamp(this.file);
    // Read before clearing: an I/O error here leaves what we had.
    const read = await readJsonFile(this.file);
    this.frozen = false;
    this.profiles = new Map();
    if (read.kind === 'missing') return;
    if (read.kind === 'corrupt') {
      this.report(
        'corrupt',
        read.movedTo,
        `The profiles file could not be read (${read.reason}). It was kept as ${read.movedTo}; Stackdeck started with no profiles.`,
      );
      return;
    }
    const parsed = ProfilesFile.safeParse(read.value);
    if (!parsed.success) {
      const aside = await setAside(this.file, 'unexpected structure');
      this.report(
        'corrupt',
        aside.movedTo,
        `The profiles file had an unexpected structure. It was kept as ${aside.movedTo}; Stackdeck started with no profiles.`,
      );
      return;
    }
    if (parsed.data.schemaVersion > PROFILES_SCHEMA_VERSION) {
      this.frozen = true;
      this.report(
        'newer-version',
        null,
        'The profiles file was written by a newer Stackdeck. Profiles are shown but cannot be changed until you update.',
      );
    }
    let bad = 0;
    for (const raw of parsed.data.profiles) {
      const one = StoredProfile.safeParse(raw);
      if (one.success && !this.profiles.has(one.data.id)) this.profiles.set(one.data.id, one.data);
      else bad++;
    }
    if (bad > 0 && !this.frozen) {
      // Keep the original for recovery, then write back what we could read so the
      // next start does not report the same damage again.
      const aside = await setAside(this.file, `${bad} unreadable profile(s)`);
      this.report(
        'corrupt',
        aside.movedTo,
        `${bad} profile(s) could not be read and were left out. The original file was kept as ${aside.movedTo}.`,
      );
      await this.persist();
    }
  }

  list(): StoredProfile[] {
    return [...this.profiles.values()];
  }

  get(id: string): StoredProfile | undefined {
    return this.profiles.get(id);
  }

  /** Fetches a profile or fails with NOT_FOUND, in words for the user. */
  require(id: string): StoredProfile {
    const profile = this.profiles.get(id);
    if (!profile)
      throw new StackdeckError(
        'NOT_FOUND',
        'This connection profile no longer exists. It may have been deleted in another window.',
        { id },
      );
    return profile;
  }

  /**
   * Read-modify-write under the store's lock: `work` sees the current profiles and
   * returns the changes; the file is written once, atomically, before the in-memory
   * state changes (so a failed write changes nothing).
   */
  async mutate<T>(
    work: (
      current: ReadonlyMap<string, StoredProfile>,
    ) => Promise<{ put?: StoredProfile[]; remove?: string[]; result: T }>,
  ): Promise<T> {
    // Another process (desktop and web mode share the directory) may have written since we read:
    // take the cross-process lock and start from what is on disk, so neither loses the other's changes.
    return this.locked(async () => {
      if (this.frozen) {
        throw new StackdeckError(
          'CONFLICT',
          'Profiles cannot be changed: the profiles file was written by a newer Stackdeck.',
          { reason: 'profiles-newer-version' },
        );
      }
      const change = await work(this.profiles);
      const next = new Map(this.profiles);
      for (const id of change.remove ?? []) next.delete(id);
      for (const p of change.put ?? []) next.set(p.id, p);
      await this.persist(next);
      this.profiles = next;
      return change.result;
    });
  }

  private async persist(profiles: ReadonlyMap<string, StoredProfile> = this.profiles): Promise<void> {
    const body = {
      format: 'stackdeck-profiles-store',
      schemaVersion: PROFILES_SCHEMA_VERSION,
      profiles: [...profiles.values()],
    };
    // 0600: profiles hold no secrets, but host names and user names are still private.
    await writeFileAtomic(this.file, `${JSON.stringify(body, null, 2)}\n`, 0o600);
    this.seen = await stamp(this.file);
  }

  private report(problem: StoreIssue['problem'], movedTo: string | null, message: string): void {
    // Re-reads (after another process wrote) find the same state again: report it once.
    if (this.issueList.some((i) => i.problem === problem && i.movedTo === movedTo)) return;
    this.issueList.push({ file: 'profiles', problem, movedTo, at: new Date().toISOString(), message });
  }
}
