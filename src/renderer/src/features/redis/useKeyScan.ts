import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanProgress } from '../../../../shared/contract/redis/keys';
import { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';

export interface ScanParams {
  db: number | null;
  match: string;
  type: string | null;
  delimiter: string;
}

export interface KeyScan {
  scanId: string | null;
  /** The db the scan runs on (the profile's when params.db is null). */
  db: number | null;
  dbsize: number;
  progress: ScanProgress | null;
  running: boolean;
  error: StackdeckError | null;
  /** Bumps whenever the index may have changed (rows must be asked again). */
  version: number;
  start(params: ScanParams): void;
  more(target?: number): void;
  cancel(): void;
}

/** One keys batch per "scan more": what RedisInsight loads per click is 500; a tree wants more. */
export const SCAN_BATCH = 10_000;

const asError = (e: unknown): StackdeckError =>
  e instanceof StackdeckError ? e : new StackdeckError('SERVER_ERROR', 'The scan failed; see the console.');

/** A scan session in core: start (SCAN from cursor 0), more (next batch), cancel; closed on unmount. */
export function useKeyScan(connectionId: string): KeyScan {
  const [scanId, setScanId] = useState<string | null>(null);
  const [db, setDb] = useState<number | null>(null);
  const [dbsize, setDbsize] = useState(0);
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<StackdeckError | null>(null);
  const [version, setVersion] = useState(0);
  const cancelRef = useRef<(() => void) | null>(null);
  const idRef = useRef<string | null>(null);
  const generation = useRef(0);

  const run = useCallback(
    (id: string, target: number) => {
      cancelRef.current?.();
      setRunning(true);
      setError(null);
      const gen = generation.current;
      cancelRef.current = client.subscribe(
        'redis.scan.more',
        { connectionId, scanId: id, target },
        {
          onEvent(p) {
            if (gen !== generation.current) return;
            setProgress(p);
            setDbsize(p.dbsize);
            setVersion((v) => v + 1);
          },
          onError(e) {
            if (gen !== generation.current) return;
            setRunning(false);
            if (e.code !== 'CANCELLED') setError(e);
            setVersion((v) => v + 1);
          },
          onEnd() {
            if (gen !== generation.current) return;
            setRunning(false);
            setVersion((v) => v + 1);
          },
        },
      );
    },
    [connectionId],
  );

  const close = useCallback(() => {
    cancelRef.current?.();
    cancelRef.current = null;
    const old = idRef.current;
    idRef.current = null;
    if (old) void client.invoke('redis.scan.close', { connectionId, scanId: old }).catch(() => undefined);
  }, [connectionId]);

  const start = useCallback(
    (params: ScanParams) => {
      close();
      const gen = ++generation.current;
      setRunning(true);
      setError(null);
      setProgress(null);
      client
        .invoke('redis.scan.start', {
          connectionId,
          db: params.db,
          match: params.match.trim() === '' ? '*' : params.match,
          type: params.type,
          delimiter: params.delimiter === '' ? ':' : params.delimiter,
        })
        .then(
          (r) => {
            if (gen !== generation.current) {
              void client.invoke('redis.scan.close', { connectionId, scanId: r.scanId }).catch(() => undefined);
              return;
            }
            idRef.current = r.scanId;
            setScanId(r.scanId);
            setDb(r.db);
            setDbsize(r.dbsize);
            setVersion((v) => v + 1);
            run(r.scanId, SCAN_BATCH);
          },
          (e: unknown) => {
            if (gen !== generation.current) return;
            setRunning(false);
            setError(asError(e));
          },
        );
    },
    [close, connectionId, run],
  );

  const more = useCallback(
    (target = SCAN_BATCH) => {
      if (idRef.current) run(idRef.current, target);
    },
    [run],
  );

  const cancel = useCallback(() => {
    cancelRef.current?.();
    cancelRef.current = null;
    setRunning(false);
    setVersion((v) => v + 1);
  }, []);

  useEffect(() => close, [close]);

  return { scanId, db, dbsize, progress, running, error, version, start, more, cancel };
}
