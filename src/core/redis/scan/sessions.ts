import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ScanProgress } from '../../../shared/contract/redis/keys';
import { StackdeckError } from '../../../shared/errors';
import { NamespaceIndex } from './tree';

/** Keys one session may hold; past this the scan says so instead of growing core's heap without bound. */
export const MAX_SESSION_KEYS = 5_000_000;
/** Sessions kept per core; the least recently used is freed first. */
const MAX_SESSIONS = 16;
/** Progress events at most this often. */
const PROGRESS_MS = 150;

export interface ScanSpec {
  readonly connectionId: string;
  readonly db: number;
  readonly match: string;
  readonly type: string | null;
  readonly count: number;
  readonly delimiter: string;
  /** host and port, for error messages. */
  readonly profile: { readonly host: string; readonly port: number };
}

/** One scan: its cursor, its index and the DBSIZE it is measured against. */
export class ScanSession {
  readonly id = randomUUID();
  readonly index: NamespaceIndex;
  private cursor = '0';
  private started = false;
  done = false;
  calls = 0;
  dbsize = 0;
  running = false;
  lastUsed = Date.now();

  constructor(
    readonly spec: ScanSpec,
    /** The client is looked up per batch: a reconnect or another db client must not be held here. */
    private readonly client: () => Promise<Redis>,
  ) {
    this.index = new NamespaceIndex(spec.delimiter);
  }

  progress(): ScanProgress {
    return { found: this.index.size, calls: this.calls, done: this.done, dbsize: this.dbsize };
  }

  async refreshDbsize(): Promise<void> {
    const client = await this.client();
    this.dbsize = Number(await client.dbsize());
  }

  /**
   * SCAN until `target` more keys, the end of the cursor, or abort. What was
   * scanned stays in the index whatever ends it (a lost server throws after
   * the keys so far are kept; "scan more" resumes from the same cursor).
   */
  async more(target: number, signal: AbortSignal, emit: (p: ScanProgress) => void): Promise<void> {
    if (this.running)
      throw new StackdeckError('CONFLICT', 'This scan is already running; wait for it or cancel it first.');
    this.running = true;
    this.lastUsed = Date.now();
    const goal = Math.min(this.index.size + target, MAX_SESSION_KEYS);
    let lastEmit = 0;
    try {
      while (!this.done && this.index.size < goal && !signal.aborted) {
        const client = await this.client();
        const args: (string | number)[] = [this.cursor, 'MATCH', this.spec.match, 'COUNT', this.spec.count];
        if (this.spec.type !== null) args.push('TYPE', this.spec.type);
        const [next, keys] = (await client.callBuffer('SCAN', ...args)) as [Buffer, Buffer[]];
        this.calls++;
        this.started = true;
        for (const key of keys) this.index.add(key);
        this.cursor = next.toString('latin1');
        if (this.cursor === '0' && this.started) this.done = true;
        const now = Date.now();
        if (now - lastEmit >= PROGRESS_MS) {
          lastEmit = now;
          emit(this.progress());
        }
      }
      if (!signal.aborted) {
        await this.refreshDbsize().catch(() => undefined);
        emit(this.progress());
      }
      if (this.index.size >= MAX_SESSION_KEYS && !this.done)
        throw new StackdeckError(
          'INVALID_INPUT',
          `This scan holds ${MAX_SESSION_KEYS.toLocaleString('en')} keys, the most one scan keeps. Narrow the pattern (MATCH) or filter by type.`,
          { where: 'match' },
        );
    } finally {
      this.running = false;
      this.lastUsed = Date.now();
    }
  }
}

export class ScanSessions {
  private readonly sessions = new Map<string, ScanSession>();

  add(session: ScanSession): void {
    if (this.sessions.size >= MAX_SESSIONS) {
      const idle = [...this.sessions.values()].filter((s) => !s.running).sort((a, b) => a.lastUsed - b.lastUsed);
      if (idle[0]) this.sessions.delete(idle[0].id);
    }
    this.sessions.set(session.id, session);
  }

  get(connectionId: string, scanId: string): ScanSession {
    const s = this.sessions.get(scanId);
    if (!s || s.spec.connectionId !== connectionId)
      throw new StackdeckError(
        'NOT_FOUND',
        'This key scan is no longer open (the connection was closed or too many scans were open). Refresh the key list.',
      );
    s.lastUsed = Date.now();
    return s;
  }

  close(scanId: string): boolean {
    return this.sessions.delete(scanId);
  }

  closeConnection(connectionId: string): void {
    for (const [id, s] of this.sessions) if (s.spec.connectionId === connectionId) this.sessions.delete(id);
  }

  clear(): void {
    this.sessions.clear();
  }
}
