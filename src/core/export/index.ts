/**
 * The generic streamed export. An area calls `exportRows` inside its own
 * stream handler, with rows as an (async) iterable it reads from its server:
 *
 *   await exportRows({
 *     userDataDir, baseName: `${collection}`, format: input.format,
 *     columns: [{ key: '_id' }, { key: 'name', title: 'Name' }],
 *     rows: cursorRows(cursor),            // AsyncIterable<ExportRow>
 *     signal: ctx.signal, limit: input.limit, csvFormulaGuard: input.csvFormulaGuard,
 *     onProgress: (p) => ctx.emit({ type: 'progress', ...p, total: null }),
 *   }).then((done) => ctx.emit({ type: 'done', ...done }));
 *
 * - The file is written as rows arrive, with write backpressure (memory stays
 *   flat whatever the row count), to `<userDataDir>/exports/<id>--<name>.<ext>`.
 * - Cancel (signal) or any failure removes the partial file. A write failure
 *   (disk full, permission, file too large) rejects with a StackdeckError that
 *   says what happened and what to do; it never throws asynchronously past
 *   the caller (stream errors are captured, not left unhandled).
 * - Old exports are deleted after a retention (retention.ts).
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFormat } from '../../shared/contract/exports';
import { StackdeckError } from '../../shared/errors';
import { EXPORT_NAME_SEPARATOR } from '../../shared/exports';
import { exportsDir } from '../exports';
import { csvHeader, csvLine, jsonObject, type ExportColumn, type ExportRow } from './format';

export { cellText, csvLine, guardFormula, plain, type ExportColumn, type ExportRow } from './format';
export { sweepExports, DEFAULT_RETENTION_MS, exportsUsage } from './retention';

export interface ExportProgress {
  readonly rows: number;
  readonly bytes: number;
}

export interface ExportResult {
  readonly exportId: string;
  readonly fileName: string;
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  readonly reason: 'end' | 'limit';
}

export interface ExportRowsOptions {
  readonly userDataDir: string;
  /** Part of the file name (reduced to safe characters), e.g. a table or topic name. */
  readonly baseName: string;
  readonly format: ExportFormat;
  readonly columns: readonly ExportColumn[];
  readonly rows: AsyncIterable<ExportRow> | Iterable<ExportRow>;
  readonly signal: AbortSignal;
  /** Stop after this many rows (reason 'limit'). */
  readonly limit?: number;
  /** CSV: prefix cells starting with = + - @ tab CR with ' (default true). */
  readonly csvFormulaGuard?: boolean;
  /** Called at most every `progressMs` (default 250) and once at the end. */
  readonly onProgress?: (p: ExportProgress) => void;
  readonly progressMs?: number;
  /** Where to write instead of `<userDataDir>/exports` (tests). */
  readonly dir?: string;
  readonly now?: () => number;
}

const EXT: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', json: 'json' };

/** Maps a file-system failure to what the user can do about it. */
export function writeFailure(error: unknown, path: string): StackdeckError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = ((): string => {
    switch (code) {
      case 'ENOSPC':
        return 'the disk is full. Free some space and export again';
      case 'EDQUOT':
        return 'the disk quota is used up. Free some space and export again';
      case 'EFBIG':
        return 'the file grew beyond the largest file this system allows. Export fewer rows (a limit or a filter)';
      case 'EACCES':
      case 'EPERM':
        return 'permission was denied. Check the permissions of the exports folder';
      case 'EROFS':
        return 'the disk is read-only';
      case 'ENOENT':
      case 'ENOTDIR':
        return 'the exports folder does not exist or is not a folder';
      case 'EIO':
        return 'the disk reported an I/O error';
      default:
        return typeof code === 'string' ? `the file system refused it (${code})` : 'writing failed';
    }
  })();
  return new StackdeckError('SERVER_ERROR', `The export could not be written to ${path}: ${reason}.`, {
    path,
    ...(typeof code === 'string' ? { fsCode: code } : {}),
  });
}

/** A write stream whose failure is captured (never an unhandled 'error') and rethrown at the next await. */
class FileSink {
  private failure: unknown = null;
  private readonly out: WriteStream;

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { flags: 'wx' });
    this.out.on('error', (e) => {
      this.failure ??= e;
    });
  }

  get bytes(): number {
    return this.out.bytesWritten + this.out.writableLength;
  }

  async write(text: string): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (!this.out.write(text)) await this.drained();
  }

  async end(): Promise<number> {
    if (this.failure !== null) throw this.failure;
    const finished = new Promise<void>((resolve, reject) => {
      this.out.once('finish', resolve);
      this.out.once('error', reject);
    });
    this.out.end();
    await finished;
    if (this.failure !== null) throw this.failure;
    return this.out.bytesWritten;
  }

  /** Closes the descriptor; waits for it so the file can be removed afterwards on every platform. */
  async destroy(): Promise<void> {
    if (this.out.closed) return;
    const closed = once(this.out, 'close').catch(() => undefined);
    this.out.destroy();
    await closed;
  }

  private async drained(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onDrain = (): void => {
        this.out.off('error', onError);
        resolve();
      };
      const onError = (e: unknown): void => {
        this.out.off('drain', onDrain);
        reject(e);
      };
      this.out.once('drain', onDrain);
      this.out.once('error', onError);
    });
    if (this.failure !== null) throw this.failure;
  }
}

export async function exportRows(opts: ExportRowsOptions): Promise<ExportResult> {
  opts.signal.throwIfAborted();
  const now = opts.now ?? Date.now;
  const dir = opts.dir ?? exportsDir(opts.userDataDir);
  const guard = opts.csvFormulaGuard ?? true;
  const limit = opts.limit ?? Infinity;
  const progressMs = opts.progressMs ?? 250;
  const exportId = randomUUID();
  const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
  const safe = opts.baseName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'export';
  const fileName = `${safe}-${stamp}.${EXT[opts.format]}`;
  const path = join(dir, `${exportId}${EXPORT_NAME_SEPARATOR}${fileName}`);

  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw writeFailure(e, dir);
  }
  const sink = new FileSink(path);
  let rows = 0;
  let lastProgress = now();
  let finished = false;
  let reason: 'end' | 'limit' = 'end';
  try {
    if (opts.format === 'csv') await sink.write(csvHeader(opts.columns, guard));
    if (opts.format === 'json') await sink.write('[');
    for await (const row of opts.rows) {
      opts.signal.throwIfAborted();
      if (rows >= limit) {
        reason = 'limit';
        break;
      }
      const text =
        opts.format === 'csv'
          ? csvLine(row, opts.columns, guard)
          : opts.format === 'jsonl'
            ? `${jsonObject(row, opts.columns)}\n`
            : `${rows === 0 ? '\n' : ',\n'}${jsonObject(row, opts.columns)}`;
      await sink.write(text);
      rows++;
      if (opts.onProgress && now() - lastProgress >= progressMs) {
        lastProgress = now();
        opts.onProgress({ rows, bytes: sink.bytes });
      }
    }
    opts.signal.throwIfAborted();
    if (opts.format === 'json') await sink.write(rows === 0 ? ']\n' : '\n]\n');
    const bytes = await sink.end();
    finished = true;
    opts.onProgress?.({ rows, bytes });
    return { exportId, fileName, path, rows, bytes, reason };
  } catch (e) {
    if (opts.signal.aborted) throw opts.signal.reason instanceof Error ? opts.signal.reason : e;
    if (e instanceof StackdeckError) throw e;
    if (
      (e as { code?: unknown } | null)?.code !== undefined &&
      typeof (e as { syscall?: unknown }).syscall === 'string'
    )
      throw writeFailure(e, path);
    throw e;
  } finally {
    if (!finished) {
      await sink.destroy();
      await rm(path, { force: true }).catch(() => undefined);
    }
  }
}
