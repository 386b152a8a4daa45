import { useCallback, useEffect, useState } from 'react';
import type { SavedQuery } from '../../../shared/contract/history';
import { StackdeckError } from '../../../shared/errors';
import { client } from '../api/client';

/**
 * Saved queries of one connection and language (plus those saved for every
 * connection), for any editor:
 *
 *   const saved = useSavedQueries(connectionId, 'cql');
 *   <SavedQueriesPanel saved={saved} currentText={text} onPick={(text) => setText(text)} />
 *
 * Mutations reject with a StackdeckError (e.g. NOT_FOUND when the query was
 * deleted elsewhere); the list refreshes after each one, in every hook of the
 * same language.
 */

export interface SaveDraft {
  name: string;
  folder?: string;
  text: string;
  /** true: offer it on every connection of this language. */
  allConnections?: boolean;
}

export interface SavedQueries {
  readonly connectionId: string;
  readonly language: string;
  /** By folder, then name. */
  readonly items: SavedQuery[];
  readonly loading: boolean;
  readonly error: StackdeckError | undefined;
  save(draft: SaveDraft): Promise<SavedQuery>;
  /** Replaces the text of an existing saved query. */
  update(item: SavedQuery, text: string): Promise<SavedQuery>;
  rename(id: string, name: string): Promise<void>;
  move(id: string, folder: string): Promise<void>;
  remove(id: string): Promise<void>;
  reload(): void;
}

const listeners = new Set<(language: string) => void>();
const changed = (language: string): void => {
  for (const l of listeners) l(language);
};

export function useSavedQueries(connectionId: string, language: string): SavedQueries {
  const [nonce, setNonce] = useState(0);
  const [result, setResult] = useState<{
    key: string;
    items: SavedQuery[] | undefined;
    error: StackdeckError | undefined;
  }>();
  const requestKey = JSON.stringify([connectionId, language, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    const l = (lang: string): void => {
      if (lang === language) setNonce((n) => n + 1);
    };
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  }, [language]);

  useEffect(() => {
    const controller = new AbortController();
    client.invoke('history.saved.list', { connectionId, language }, { signal: controller.signal }).then(
      (items) => {
        if (!controller.signal.aborted) setResult({ key: requestKey, items, error: undefined });
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        const error =
          e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', 'Saved queries could not be loaded.');
        setResult((prev) => ({ key: requestKey, items: prev?.items, error }));
      },
    );
    return () => controller.abort();
  }, [connectionId, language, requestKey]);

  const save = useCallback(
    async (draft: SaveDraft) => {
      const saved = await client.invoke('history.saved.save', {
        connectionId: draft.allConnections ? null : connectionId,
        name: draft.name,
        folder: draft.folder ?? '',
        language,
        text: draft.text,
      });
      changed(language);
      return saved;
    },
    [connectionId, language],
  );
  const update = useCallback(
    async (item: SavedQuery, text: string) => {
      const saved = await client.invoke('history.saved.save', {
        id: item.id,
        connectionId: item.connectionId,
        name: item.name,
        folder: item.folder,
        language: item.language,
        text,
      });
      changed(language);
      return saved;
    },
    [language],
  );
  const rename = useCallback(
    async (id: string, name: string) => {
      await client.invoke('history.saved.rename', { id, name });
      changed(language);
    },
    [language],
  );
  const move = useCallback(
    async (id: string, folder: string) => {
      await client.invoke('history.saved.move', { id, folder });
      changed(language);
    },
    [language],
  );
  const remove = useCallback(
    async (id: string) => {
      await client.invoke('history.saved.delete', { id });
      changed(language);
    },
    [language],
  );
  return {
    connectionId,
    language,
    items: result?.items ?? [],
    loading: result?.key !== requestKey,
    error: result?.key === requestKey ? result.error : undefined,
    save,
    update,
    rename,
    move,
    remove,
    reload,
  };
}
