/**
 * The history area: `history.*` (src/shared/contract/history.ts) over one
 * `HistoryStore` in the user data directory. Areas' editors call
 * `history.entries.record` after each run; the renderer's HistoryPanel and
 * SavedQueriesPanel read it.
 */
import type { AreaEnv, CoreArea } from '../area';
import type { MethodHandlers } from '../handler';
import { HistoryStore, type HistoryStoreOptions } from './store';

type HistoryMethods =
  | 'history.entries.record'
  | 'history.entries.list'
  | 'history.entries.search'
  | 'history.entries.delete'
  | 'history.entries.clear'
  | 'history.saved.list'
  | 'history.saved.save'
  | 'history.saved.rename'
  | 'history.saved.move'
  | 'history.saved.delete'
  | 'history.drafts.get'
  | 'history.drafts.put';

export function historyHandlers(store: HistoryStore): MethodHandlers<HistoryMethods> {
  return {
    'history.entries.record': async (input) => store.record(input),
    'history.entries.list': async (input) => store.list(input),
    'history.entries.search': async (input) => store.search(input),
    'history.entries.delete': async ({ ids }) => ({ deleted: store.delete(ids) }),
    'history.entries.clear': async ({ connectionId, language }) => ({ deleted: store.clear(connectionId, language) }),
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
    handlers: historyHandlers(store),
    dispose() {
      store.close();
    },
  };
}

export { HistoryStore, HISTORY_FILE, storedParams, type HistoryStoreOptions, type RecordEntry } from './store';
export { ftsQuery } from './fts';
