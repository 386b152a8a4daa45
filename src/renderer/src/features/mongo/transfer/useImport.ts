import { useCallback, useEffect, useRef, useState } from 'react';
import {
  IMPORT_CHUNK_CHARS,
  type CsvColumnType,
  type ImportFormat,
  type ImportProgress,
} from '../../../../../shared/contract/mongo/transfer';
import { client } from '../../../api/client';

export interface ImportRun {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  progress: ImportProgress | null;
  /** Bytes of the file sent so far. */
  sent: number;
  error: unknown;
}

/** Bytes per slice read from the file; a slice's text stays under the contract's chunk limit. */
const SLICE_BYTES = Math.floor(IMPORT_CHUNK_CHARS / 2);

/**
 * Sends a file to `mongo.import.*` a slice at a time, waiting for each to be
 * written before reading the next: the page never holds the file, and Cancel
 * stops between slices (what was inserted stays).
 */
export function useImport(target: { connectionId: string; db: string; collection: string }): {
  run: ImportRun;
  start(file: Blob, format: ImportFormat, onError: 'stop' | 'skip', csvTypes: Record<string, CsvColumnType>): void;
  cancel(): void;
} {
  const [run, setRun] = useState<ImportRun>({ status: 'idle', progress: null, sent: 0, error: null });
  const cancelled = useRef(false);
  useEffect(
    () => () => {
      cancelled.current = true;
    },
    [],
  );

  const start = useCallback(
    (file: Blob, format: ImportFormat, onError: 'stop' | 'skip', csvTypes: Record<string, CsvColumnType>) => {
      cancelled.current = false;
      setRun({ status: 'running', progress: null, sent: 0, error: null });
      void (async () => {
        let importId: string | null = null;
        try {
          ({ importId } = await client.invoke('mongo.import.begin', { ...target, format, onError, csvTypes }));
          const decoder = new TextDecoder();
          for (let at = 0; ; at += SLICE_BYTES) {
            const end = Math.min(file.size, at + SLICE_BYTES);
            const last = end >= file.size;
            // stream: true keeps a UTF-8 sequence cut by the slice boundary for the next slice.
            const text = decoder.decode(new Uint8Array(await file.slice(at, end).arrayBuffer()), { stream: !last });
            if (cancelled.current) {
              await client.invoke('mongo.import.cancel', { connectionId: target.connectionId, importId });
              setRun((r) => ({ ...r, status: 'cancelled' }));
              return;
            }
            const progress = await client.invoke('mongo.import.chunk', {
              connectionId: target.connectionId,
              importId,
              text,
              last,
            });
            setRun({ status: progress.done ? 'done' : 'running', progress, sent: end, error: null });
            if (progress.done) return;
          }
        } catch (error) {
          setRun((r) => ({ ...r, status: 'failed', error }));
          if (importId)
            void client
              .invoke('mongo.import.cancel', { connectionId: target.connectionId, importId })
              .catch(() => undefined);
        }
      })();
    },
    [target],
  );

  const cancel = useCallback(() => {
    cancelled.current = true;
  }, []);

  return { run, start, cancel };
}
