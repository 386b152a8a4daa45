import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectionStatus, Profile, ProfileList, StoreIssue } from '../../../../shared/contract/connections';
import { client, onTransportStatus, transportStatus } from '../../api/client';
import { toShownError, type ShownError } from '../../ui/errors';
import type { ConnectionsApi } from './context';

const RESUBSCRIBE_MS = 2000;

/**
 * Loads the profiles, keeps live status from `connections.status.watch`
 * (re-subscribing if the stream drops) and exposes the profile actions.
 */
export function useConnectionsData(): ConnectionsApi {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [issues, setIssues] = useState<StoreIssue[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<ShownError | null>(null);
  const [status, setStatus] = useState<Record<string, ConnectionStatus>>({});
  const mounted = useRef(true);

  const putStatus = useCallback((s: ConnectionStatus) => {
    setStatus((prev) => {
      const old = prev[s.connectionId];
      // Ignore stale events (a watch event older than a connect reply we already applied).
      if (old && old.changedAt > s.changedAt) return prev;
      return { ...prev, [s.connectionId]: s };
    });
  }, []);

  const apply = useCallback((list: ProfileList) => {
    if (!mounted.current) return;
    setProfiles(list.profiles);
    setIssues(list.issues);
    setLoadError(null);
    setLoading(false);
  }, []);
  const fail = useCallback((error: unknown) => {
    if (!mounted.current) return;
    setLoadError(toShownError(error));
    setLoading(false);
  }, []);

  const reload = useCallback(() => client.invoke('connections.profiles.list', {}).then(apply, fail), [apply, fail]);

  useEffect(() => {
    mounted.current = true;
    client.invoke('connections.profiles.list', {}).then(apply, fail);
    // After the web-mode socket comes back, the server may have changed under us.
    let wasOpen = transportStatus() === 'open';
    const off = onTransportStatus((s) => {
      if (s === 'open' && !wasOpen) client.invoke('connections.profiles.list', {}).then(apply, fail);
      wasOpen = s === 'open';
    });
    return () => {
      mounted.current = false;
      off();
    };
  }, [apply, fail]);

  useEffect(() => {
    let cancel: (() => void) | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const start = (): void => {
      cancel = client.subscribe(
        'connections.status.watch',
        {},
        {
          onEvent: putStatus,
          onError: () => {
            if (!stopped) timer = setTimeout(start, RESUBSCRIBE_MS);
          },
          onEnd: () => {
            if (!stopped) timer = setTimeout(start, RESUBSCRIBE_MS);
          },
        },
      );
    };
    start();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      cancel?.();
    };
  }, [putStatus]);

  const byId = useCallback((id: string) => profiles.find((p) => p.id === id), [profiles]);

  return useMemo<ConnectionsApi>(
    () => ({
      loading,
      loadError,
      profiles,
      issues,
      status,
      byId,
      reload,
      async create(draft) {
        const profile = await client.invoke('connections.profiles.create', { draft });
        setProfiles((list) => [...list, profile]);
        return profile;
      },
      async update(id, draft, expectedUpdatedAt, confirmWritable) {
        const input = {
          id,
          draft,
          ...(expectedUpdatedAt ? { expectedUpdatedAt } : {}),
          ...(confirmWritable !== undefined ? { confirmWritable } : {}),
        };
        const profile = await client.invoke('connections.profiles.update', input);
        setProfiles((list) => list.map((p) => (p.id === id ? profile : p)));
        return profile;
      },
      async duplicate(id) {
        const profile = await client.invoke('connections.profiles.duplicate', { id });
        setProfiles((list) => [...list, profile]);
        return profile;
      },
      async remove(id) {
        await client.invoke('connections.profiles.delete', { id });
        setProfiles((list) => list.filter((p) => p.id !== id));
        setStatus((prev) => {
          const next = { ...prev };
          delete next[id];
          return next;
        });
      },
      async connect(id) {
        setStatus((prev) => ({
          ...prev,
          [id]: {
            connectionId: id,
            state: 'connecting',
            lastError: null,
            changedAt: new Date().toISOString(),
            serverVersion: prev[id]?.serverVersion ?? null,
          },
        }));
        try {
          const s = await client.invoke('connections.client.connect', { connectionId: id });
          putStatus(s);
          return s;
        } catch (error) {
          const shown = toShownError(error);
          const failed: ConnectionStatus = {
            connectionId: id,
            state: 'error',
            lastError: { code: shown.code === 'UNKNOWN' ? 'SERVER_ERROR' : shown.code, message: shown.message },
            changedAt: new Date().toISOString(),
            serverVersion: null,
          };
          putStatus(failed);
          return failed;
        }
      },
      async disconnect(id) {
        const s = await client.invoke('connections.client.disconnect', { connectionId: id });
        putStatus(s);
        return s;
      },
      exportProfiles: (ids) => client.invoke('connections.profiles.export', ids ? { ids } : {}),
      async importProfiles(document) {
        const { imported } = await client.invoke('connections.profiles.import', { document });
        setProfiles((list) => [...list, ...imported]);
        return imported;
      },
    }),
    [loading, loadError, profiles, issues, status, byId, reload, putStatus],
  );
}
