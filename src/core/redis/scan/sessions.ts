import { randomUUID } from 'node:crypto';
import type { ScanProgress } from '../../../shared/contract/redis/keys';
import { StackdeckError } from '../../../shared/errors';
import { dbsize, scanStep, SCAN_START, type NodeCursor, type RedisClient, type ScanStep } from '../area/nodes';
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

/**
 * One scan: its cursor, its index and the DBSIZE it is measured against. On a
 * cluster the cursor walks every master in turn and DBSIZE is their sum.
 */
export class ScanSession {
  readonly id = randomUUID();
  readonly index: NamespaceIndex;
  private cursor: NodeCursor = SCAN_START;
  done = false;
  calls = 0;
  dbsize = 0;
  running = false;
  lastUsed = Date.now();

  constructor(
    readonly spec: ScanSpec,
    /** The client is looked up per batch: a reconnect or another db client must not be held here. */
    private readonly client: () => Promise<RedisClient>,
  ) {
    this.index = new NamespaceIndex(spec.delimiter);
  }

  progress(): ScanProgress {
    return { found: this.index.size, calls: this.calls, done: this.done, dbsize: this.dbsize };
  }

  async refreshDbsize(): Promise<void> {
    const client = await this.client();
    this.dbsize = await dbsize(client);
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
      const tail: (string | number)[] = ['MATCH', this.spec.match, 'COUNT', this.spec.count];
      if (this.spec.type !== null) tail.push('TYPE', this.spec.type);
      const fetch = async (at: NodeCursor): Promise<ScanStep> => scanStep(await this.client(), at, tail);
      // The next SCAN is asked for before this page goes into the tree, so the server scans while core indexes.
      // The cursor moves only past pages whose keys were kept; a page asked for and not used is just dropped.
      let ahead: Promise<ScanStep> | null = null;
      try {
        while (!this.done && this.index.size < goal && !signal.aborted) {
          const step = await (ahead ?? fetch(this.cursor));
          ahead = null;
          this.calls++;
          if (step.next !== null && this.index.size + step.keys.length < goal && !signal.aborted)
            ahead = fetch(step.next);
          for (const key of step.keys) this.index.add(key);
          if (step.next === null) this.done = true;
          else this.cursor = step.next;
          const now = Date.now();
          if (now - lastEmit >= PROGRESS_MS) {
            lastEmit = now;
            emit(this.progress());
          }
        }
      } finally {
        ahead?.catch(() => undefined);
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
