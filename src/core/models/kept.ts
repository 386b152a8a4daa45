/**
 * Deployments the user chose to keep running after Stackdeck quits. Such a
 * service runs in its own process group with its log in a file (a pipe to a
 * core that is gone would break its writes), and its record (pid, port,
 * version, folders) is kept in `models/kept/<id>/record.json` beside its
 * state. The next core reads the records back and re-adopts what still runs;
 * before it signals a recorded pid it checks that the pid is still that
 * service, since a pid can be reused once the service died.
 */
import { mkdir, open, readdir, readFile, readlink, realpath, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../connections/atomic-file';

export const KeptRecord = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  role: z.enum(['active', 'standby', 'retired']),
  sha256: z.string(),
  dir: z.string(),
  python: z.string(),
  port: z.number().int(),
  pid: z.number().int(),
  workers: z.number().int(),
  apiKey: z.boolean(),
  startedAt: z.number(),
  stablePort: z.number().int().nullable(),
  stateDir: z.string(),
  metricsDir: z.string().nullable(),
});
export type KeptRecord = z.infer<typeof KeptRecord>;

export class KeptStore {
  constructor(readonly root: string) {}

  stateDir(id: string): string {
    return join(this.root, id);
  }

  async save(rec: KeptRecord): Promise<void> {
    await mkdir(rec.stateDir, { recursive: true });
    await writeFileAtomic(join(rec.stateDir, 'record.json'), `${JSON.stringify(rec, null, 2)}\n`);
  }

  /** Drops the record and the state beside it (feedback store, log, metrics files). */
  async remove(id: string): Promise<void> {
    await rm(this.stateDir(id), { recursive: true, force: true });
  }

  async list(): Promise<KeptRecord[]> {
    const out: KeptRecord[] = [];
    for (const entry of await readdir(this.root, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory()) continue;
      const read = await readJsonFile(join(this.root, entry.name, 'record.json'));
      const parsed = read.kind === 'ok' ? KeptRecord.safeParse(read.value) : null;
      if (parsed?.success) out.push(parsed.data);
      else await rm(join(this.root, entry.name), { recursive: true, force: true });
    }
    return out;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is still the recorded service: alive, running from the
 * version's folder as `app:app` (Linux /proc), and its /health answering with
 * the model's SHA-256 on the recorded port.
 */
export async function isService(rec: Pick<KeptRecord, 'pid' | 'dir' | 'port' | 'sha256'>): Promise<boolean> {
  if (!alive(rec.pid)) return false;
  if (process.platform === 'linux') {
    const cwd = await readlink(`/proc/${rec.pid}/cwd`).catch(() => null);
    const cmdline = await readFile(`/proc/${rec.pid}/cmdline`, 'utf8').catch(() => '');
    const dir = await realpath(rec.dir).catch(() => rec.dir);
    if (cwd !== dir || !cmdline.split('\0').includes('app:app')) return false;
  }
  try {
    const res = await fetch(`http://127.0.0.1:${rec.port}/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await res.json()) as { model_sha256?: unknown };
    return res.ok && body.model_sha256 === rec.sha256;
  } catch {
    return false;
  }
}

/** SIGTERM to the service's process group (gunicorn and its workers), SIGKILL after `graceMs`. */
export async function killGroup(pid: number, graceMs = 5000): Promise<void> {
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-pid, s);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const end = Date.now() + graceMs;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) signal('SIGKILL');
  while (alive(pid) && Date.now() < end + 2000) await new Promise((r) => setTimeout(r, 50));
}

const CHUNK = 256 * 1024;
const MAX_FILE = 16 * 1024 * 1024;

/**
 * Follows a kept service's log file. The service writes it through an
 * O_APPEND descriptor, so truncating it once it is large is safe: its next
 * line lands at the new end. Memory is bounded by CHUNK per read.
 */
export class FileLog {
  private offset = 0;
  private partial = '';

  constructor(readonly path: string) {}

  /**
   * The file's last lines (those within its last CHUNK bytes; a line cut by that edge is left out), after which
   * poll() follows from its end: an adopted service's panel shows what it logged before this core took it over.
   */
  async tail(): Promise<string[]> {
    const size = (await stat(this.path).catch(() => null))?.size ?? 0;
    const from = Math.max(0, size - CHUNK);
    this.offset = from;
    this.partial = '';
    const lines = await this.poll();
    return from > 0 ? lines.slice(1) : lines;
  }

  async poll(): Promise<string[]> {
    const size = (await stat(this.path).catch(() => null))?.size ?? 0;
    if (size < this.offset) this.offset = 0;
    if (size === this.offset) return [];
    const fh = await open(this.path, 'r');
    let text = '';
    try {
      const buf = Buffer.alloc(Math.min(CHUNK, size - this.offset));
      const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
      this.offset += bytesRead;
      text = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
    if (this.offset >= MAX_FILE) {
      await truncate(this.path, 0).catch(() => undefined);
      this.offset = 0;
    }
    const lines = (this.partial + text).split('\n');
    this.partial = (lines.pop() ?? '').slice(0, 64_000);
    return lines.map((l) => l.slice(0, 8000));
  }
}
