/**
 * The history area: `history.*` (src/shared/contract/history.ts) over one
 * `HistoryStore` in the user data directory. Areas' editors call
 * `history.entries.record` after each run; the renderer's HistoryPanel and
 * SavedQueriesPanel read it.
 */
import type { AreaEnv, CoreArea } from '../area';
import { exportRows, type ExportRow } from '../export';
import type { MethodHandlers, StreamHandlers } from '../handler';
import { HistoryStore, type HistoryStoreOptions } from './store';

type HistoryMethods =
  | 'history.entries.record'
  | 'history.entries.list'
  | 'history.entries.search'
  | 'history.entries.delete'
  | 'history.entries.clear'
  | 'history.entries.attach'
  | 'history.entries.attachment'
  | 'history.saved.list'
  | 'history.saved.save'
  | 'history.saved.rename'
  | 'history.saved.move'
  | 'history.saved.delete'
  | 'history.drafts.get'
  | 'history.drafts.put';

const EXPORT_COLUMNS = [
  { key: 'startedAt', title: 'Started' },
  { key: 'language', title: 'Language' },
  { key: 'text', title: 'Query' },
  { key: 'durationMs', title: 'Duration (ms)' },
  { key: 'rows', title: 'Rows' },
  { key: 'error', title: 'Error' },
];

/** Every entry of a list or search, newest first, a page at a time (the store never loads them all). */
function* entryRows(
  store: HistoryStore,
  q: { connectionId: string; language?: string | undefined; query: string },
  signal: AbortSignal,
): Generator<ExportRow> {
  let before: number | undefined;
  for (;;) {
    signal.throwIfAborted();
    const page =
      q.query.trim() === '' ? store.list({ ...q, limit: 500, before }) : store.search({ ...q, limit: 500, before });
    for (const e of page.entries) yield { ...e, startedAt: new Date(e.startedAt) };
    if (page.nextBefore === null) return;
    before = page.nextBefore;
  }
}

export function historyHandlers(
  store: HistoryStore,
  userDataDir: string,
): MethodHandlers<HistoryMethods> & StreamHandlers<'history.entries.export'> {
  return {
    'history.entries.export': async (input, ctx) => {
      const done = await exportRows({
        userDataDir,
        baseName: `history-${input.language ?? 'all'}`,
        format: input.format,
        columns: EXPORT_COLUMNS,
        rows: entryRows(store, input, ctx.signal),
        signal: ctx.signal,
        limit: input.limit,
        csvFormulaGuard: input.csvFormulaGuard,
        onProgress: (p) => ctx.emit({ type: 'progress', ...p, total: null }),
      });
      ctx.emit({ type: 'done', ...done });
    },
    'history.entries.record': async (input) => store.record(input),
    'history.entries.list': async (input) => store.list(input),
    'history.entries.search': async (input) => store.search(input),
    'history.entries.delete': async ({ ids }) => ({ deleted: store.delete(ids) }),
    'history.entries.clear': async ({ connectionId, language }) => ({ deleted: store.clear(connectionId, language) }),
    'history.entries.attach': async ({ id, attachment }) => ({ attached: store.attach(id, attachment) }),
    'history.entries.attachment': async (input) => store.attachmentFor(input),
    'history.saved.list': async (input) => store.listSaved(input),
    'history.saved.save': async (input) => store.save(input),
    'history.saved.rename': async ({ id, name }) => store.rename(id, name),
    'history.saved.move': async ({ id, folder }) => store.move(id, folder),
    'history.saved.delete': async ({ id }) => ({ deleted: store.deleteSaved(id) }),
    'history.drafts.get': async ({ tabKey }) => store.getDraft(tabKey),
    'history.drafts.put': async ({ tabKey, text }) => {
      store.putDraft(tabKey, text);
      return { ok: true as const };
    },
  };
}

export function createHistoryArea(env: AreaEnv, options: Partial<HistoryStoreOptions> = {}): CoreArea {
  const store = new HistoryStore({ dataDir: env.userDataDir, ...options });
  return {
    name: 'history',
    handlers: historyHandlers(store, env.userDataDir),
    dispose() {
      store.close();
    },
  };
}

export { HistoryStore, HISTORY_FILE, type HistoryStoreOptions, type RecordEntry } from './store';
export { storedParams } from './rows';
export { ftsQuery } from './fts';
