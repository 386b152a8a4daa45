/**
 * `mongo.import.*`: the renderer sends a file in chunks; each chunk is split
 * into records, parsed, and inserted in batches of IMPORT_BATCH before the
 * call returns, so at most one chunk and one batch are held whatever the file
 * size. "stop" ends at the first bad record (everything before it is kept);
 * "skip" reports it with its line and goes on. An import that is left idle is
 * dropped after IDLE_MS; the area's dispose ends them all.
 */
import { randomUUID } from 'node:crypto';
import type { Document, MongoBulkWriteError } from 'mongodb';
import {
  IMPORT_BATCH,
  IMPORT_MAX_ERRORS,
  type CsvColumnType,
  type ImportFormat,
  type ImportLineError,
  type ImportProgress,
} from '../../shared/contract/mongo/transfer';
import { StackdeckError } from '../../shared/errors';
import type { MethodHandlers } from '../handler';
import { toDocValue } from './bson';
import type { MongoConnections } from './conn';
import { guardTypes } from './documents';
import { mongoError } from './errors';
import {
  csvDocument,
  csvSplitter,
  detectType,
  jsonArraySplitter,
  jsonDocument,
  jsonLinesSplitter,
  type RawRecord,
  type RecordSplitter,
} from './importParse';

type ImportMethods = 'mongo.import.preview' | 'mongo.import.begin' | 'mongo.import.chunk' | 'mongo.import.cancel';

const IDLE_MS = 10 * 60_000;
const PREVIEW_DOCS = 20;

interface Session {
  connectionId: string;
  db: string;
  collection: string;
  format: ImportFormat;
  onError: 'stop' | 'skip';
  types: Record<string, CsvColumnType>;
  splitter: RecordSplitter;
  header: string[] | null;
  progress: ImportProgress;
  timer: NodeJS.Timeout;
  busy: boolean;
  /** Unregisters from the connection's scope (which ends the import if the connection goes away first). */
  release: () => void;
}

function splitterFor(format: ImportFormat): RecordSplitter {
  return format === 'csv' ? csvSplitter() : format === 'json' ? jsonArraySplitter() : jsonLinesSplitter();
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';

/** Records to documents; a record that does not parse becomes a line error. */
function toDocuments(
  records: readonly RawRecord[],
  s: { format: ImportFormat; header: string[] | null; types: Record<string, CsvColumnType> },
): { docs: { line: number; doc: Document }[]; errors: ImportLineError[] } {
  const docs: { line: number; doc: Document }[] = [];
  const errors: ImportLineError[] = [];
  for (const r of records) {
    try {
      if (s.format === 'csv') {
        if (!s.header) {
          s.header = (r.cells ?? []).map((h) => h.trim());
          continue;
        }
        docs.push({ line: r.line, doc: csvDocument(s.header, r.cells ?? [], s.types) });
      } else docs.push({ line: r.line, doc: jsonDocument(r.text ?? '') });
    } catch (err) {
      errors.push({ line: r.line, message: messageOf(err) });
    }
  }
  return { docs, errors };
}

export class ImportSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly connections: MongoConnections) {}

  dispose(): void {
    for (const id of [...this.sessions.keys()]) this.end(id);
  }

  private end(id: string): void {
    const s = this.sessions.get(id);
    if (!s) return;
    clearTimeout(s.timer);
    s.release();
    this.sessions.delete(id);
  }

  private touch(id: string, s: Session): void {
    clearTimeout(s.timer);
    s.timer = setTimeout(() => this.end(id), IDLE_MS);
    s.timer.unref();
  }

  handlers(): MethodHandlers<ImportMethods> {
    return {
      'mongo.import.preview': async ({ format, text }) => {
        const splitter = splitterFor(format);
        let records: RawRecord[];
        const errors: ImportLineError[] = [];
        try {
          records = splitter.push(text, false);
        } catch (err) {
          records = [];
          errors.push({ line: 1, message: messageOf(err) });
        }
        const state = { format, header: null as string[] | null, types: {} as Record<string, CsvColumnType> };
        const parsed = toDocuments(records.slice(0, PREVIEW_DOCS + 1), state);
        const columns =
          format === 'csv' && state.header
            ? state.header.map((name, i) => {
                const seen = records
                  .slice(1, 101)
                  .map((r) => detectType(r.cells?.[i] ?? ''))
                  .filter((t) => t !== 'auto');
                const first = seen[0];
                const type: CsvColumnType =
                  first && seen.every((t) => t === first) ? first : seen.length ? 'string' : 'auto';
                return { name, type };
              })
            : [];
        return {
          documents: parsed.docs.slice(0, PREVIEW_DOCS).map((d) => toDocValue(d.doc)),
          columns,
          errors: [...errors, ...parsed.errors].slice(0, IMPORT_MAX_ERRORS),
        };
      },

      'mongo.import.begin': async ({ connectionId, db, collection, format, onError, csvTypes }) => {
        const conn = await this.connections.get(connectionId); // fails now if the connection is gone
        const id = randomUUID();
        const session: Session = {
          connectionId,
          db,
          collection,
          format,
          onError,
          types: csvTypes,
          splitter: splitterFor(format),
          header: null,
          progress: { records: 0, inserted: 0, failed: 0, errors: [], done: false, stopped: false },
          timer: setTimeout(() => undefined, 0),
          busy: false,
          release: () => undefined,
        };
        // Disconnecting, editing or deleting the connection ends the import (its next chunk is NOT_FOUND).
        this.sessions.set(id, session);
        this.touch(id, session);
        session.release = conn.scope.add(() => this.end(id));
        return { importId: id };
      },

      'mongo.import.chunk': async ({ connectionId, importId, text, last }, ctx) => {
        const s = this.sessions.get(importId);
        if (!s || s.connectionId !== connectionId)
          throw new StackdeckError(
            'NOT_FOUND',
            'This import is no longer open (it ended, or was idle too long). Start it again.',
          );
        if (s.busy) throw new StackdeckError('CONFLICT', 'The previous piece of this import is still being written.');
        s.busy = true;
        this.touch(importId, s);
        const p = s.progress;
        const addError = (e: ImportLineError): void => {
          p.failed++;
          if (p.errors.length < IMPORT_MAX_ERRORS) p.errors.push(e);
        };
        try {
          let records: RawRecord[];
          let tailError: string | null = null;
          try {
            records = s.splitter.push(text, last);
          } catch (err) {
            records = (err as { records?: RawRecord[] }).records ?? [];
            tailError = messageOf(err);
          }
          const { docs, errors } = toDocuments(records, s);
          p.records += docs.length + errors.length;
          const conn = await this.connections.get(connectionId);
          const info = await conn.info(ctx);
          const c = conn.client.db(s.db).collection(s.collection);
          // Parse errors and server errors are merged in line order so "stop" stops at the first bad line.
          const firstParseError = errors[0]?.line ?? Infinity;
          const good = s.onError === 'stop' ? docs.filter((d) => d.line < firstParseError) : docs;
          for (let i = 0; i < good.length && !p.stopped; i += IMPORT_BATCH) {
            ctx.signal.throwIfAborted();
            const batch = good.slice(i, i + IMPORT_BATCH);
            const ok: typeof batch = [];
            for (const d of batch) {
              try {
                guardTypes(info, d.doc, `line ${d.line}`);
                ok.push(d);
              } catch (err) {
                addError({ line: d.line, message: messageOf(err) });
                if (s.onError === 'stop') {
                  p.stopped = true;
                  break;
                }
              }
            }
            if (ok.length === 0) continue;
            try {
              const res = await c.insertMany(
                ok.map((d) => d.doc),
                { ordered: s.onError === 'stop' },
              );
              p.inserted += res.insertedCount;
            } catch (err) {
              const bulk = err as MongoBulkWriteError;
              const writeErrors = Array.isArray(bulk.writeErrors)
                ? bulk.writeErrors
                : bulk.writeErrors
                  ? [bulk.writeErrors]
                  : [];
              if (writeErrors.length === 0) throw mongoError(err, 'Inserting documents', ctx);
              p.inserted += bulk.result?.insertedCount ?? 0;
              for (const we of writeErrors)
                addError({ line: ok[we.index]?.line ?? 0, message: we.errmsg ?? 'the server refused the document' });
              if (s.onError === 'stop') p.stopped = true;
            }
          }
          if (s.onError === 'stop' && errors.length > 0 && !p.stopped) {
            addError(errors[0] as ImportLineError);
            p.stopped = true;
          } else if (s.onError === 'skip') for (const e of errors) addError(e);
          if (tailError && !p.stopped) addError({ line: 0, message: tailError });
          p.done = last || p.stopped;
          const answer = { ...p, errors: [...p.errors] };
          if (p.done) this.end(importId);
          return answer;
        } finally {
          s.busy = false;
        }
      },

      'mongo.import.cancel': async ({ importId }) => {
        const had = this.sessions.has(importId);
        this.end(importId);
        return { cancelled: had };
      },
    };
  }
}
