import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { OutputOf } from '../../../../../shared/contract';
import { CsvColumnType, IMPORT_CHUNK_CHARS, type ImportFormat } from '../../../../../shared/contract/mongo/transfer';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { DocumentView } from '../../../ui/DocumentView';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { formatBytes } from '../../../ui/ExportDialog';
import { Segmented } from '../../../ui/Field';
import { formatCount } from '../format';
import { useImport } from './useImport';

function formatOf(name: string): ImportFormat {
  const n = name.toLowerCase();
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.json')) return 'json';
  return 'jsonl';
}

/**
 * Import JSON Lines, a JSON array or CSV: a preview of the first documents
 * (and a type per CSV column), stop or skip on a bad record, progress with
 * Cancel; errors name their line. The file is read a slice at a time.
 */
export function ImportDialog(props: {
  target: { connectionId: string; db: string; collection: string };
  onClose(): void;
  onImported(): void;
}): ReactNode {
  const { target } = props;
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('jsonl');
  const [onError, setOnError] = useState<'stop' | 'skip'>('stop');
  const [types, setTypes] = useState<Record<string, CsvColumnType>>({});
  // Keyed by the file and format they were made for, so a new choice never shows an old preview.
  const [previewState, setPreviewState] = useState<{
    key: string;
    data: OutputOf<'mongo.import.preview'> | null;
    error: unknown;
  }>({ key: '', data: null, error: null });
  const previewKey = file ? `${file.name}\u0000${file.size}\u0000${file.lastModified}\u0000${format}` : '';
  const preview = previewState.key === previewKey ? previewState.data : null;
  const previewError = previewState.key === previewKey ? previewState.error : null;
  const target2 = useMemo(() => target, [target]);
  const imp = useImport(target2);
  const { onImported } = props;

  useEffect(() => {
    if (!file) return;
    let live = true;
    const key = previewKey;
    void file
      .slice(0, Math.min(file.size, IMPORT_CHUNK_CHARS / 4))
      .text()
      .then((text) => client.invoke('mongo.import.preview', { format, text }))
      .then(
        (p) => {
          if (!live) return;
          setPreviewState({ key, data: p, error: null });
          setTypes(Object.fromEntries(p.columns.map((c) => [c.name, c.type === 'string' ? 'auto' : c.type])));
        },
        (e: unknown) => live && setPreviewState({ key, data: null, error: e }),
      );
    return () => {
      live = false;
    };
  }, [file, format, previewKey]);

  // Tell the parent once per finished import (its callback may change identity on every render).
  const onImportedRef = useRef(onImported);
  useEffect(() => {
    onImportedRef.current = onImported;
  });
  useEffect(() => {
    if (imp.run.status === 'done') onImportedRef.current();
  }, [imp.run.status]);

  const running = imp.run.status === 'running';
  const p = imp.run.progress;
  return (
    <Dialog
      title={`Import into ${target.db}.${target.collection}`}
      description="JSON Lines, a JSON array or CSV. Extended JSON types ($oid, $date, $numberLong...) are kept; CSV headers with dots become nested fields."
      size="lg"
      onClose={props.onClose}
      testId="mongo-import-dialog"
      footer={
        <>
          {running ? (
            <button type="button" className="btn" onClick={imp.cancel} data-testid="mongo-import-cancel">
              Cancel import
            </button>
          ) : (
            <button type="button" className="btn" onClick={props.onClose}>
              Close
            </button>
          )}
          <button
            type="button"
            className="btn btn-primary"
            disabled={!file || running || imp.run.status === 'done'}
            onClick={() => file && imp.start(file, format, onError, format === 'csv' ? types : {})}
            data-testid="mongo-import-start"
          >
            Import
          </button>
        </>
      }
    >
      <div className="mg-form">
        <label className="mg-form-row">
          File
          <input
            type="file"
            accept=".json,.jsonl,.ndjson,.csv,application/json,text/csv"
            aria-label="File to import"
            disabled={running}
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              if (f) setFormat(formatOf(f.name));
            }}
          />
        </label>
        {file ? <span className="mg-muted">{`${file.name} · ${formatBytes(file.size)}`}</span> : null}
        <div className="mg-toolbar">
          <Segmented
            label="Format"
            size="sm"
            value={format}
            onChange={setFormat}
            options={[
              { value: 'jsonl', label: 'JSON Lines' },
              { value: 'json', label: 'JSON array' },
              { value: 'csv', label: 'CSV' },
            ]}
          />
          <Segmented
            label="On a bad record"
            size="sm"
            value={onError}
            onChange={setOnError}
            options={[
              { value: 'stop', label: 'Stop', title: 'Stop at the first bad record; what came before stays inserted' },
              { value: 'skip', label: 'Skip and report', title: 'Skip bad records and list their lines' },
            ]}
          />
        </div>
      </div>
      {previewError ? <ErrorBanner error={previewError} /> : null}
      {preview && format === 'csv' && preview.columns.length ? (
        <table className="mg-csv-types" data-testid="mongo-import-columns">
          <thead>
            <tr>
              <th>Column</th>
              <th>Type</th>
            </tr>
          </thead>
          <tbody>
            {preview.columns.map((c) => (
              <tr key={c.name}>
                <td className="mono">{c.name}</td>
                <td>
                  <select
                    className="select"
                    aria-label={`Type of ${c.name}`}
                    value={types[c.name] ?? 'auto'}
                    onChange={(e) => setTypes((t) => ({ ...t, [c.name]: e.target.value as CsvColumnType }))}
                  >
                    {CsvColumnType.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {preview ? (
        <div className="mg-import-preview" data-testid="mongo-import-preview">
          <div className="mg-muted">First documents as they will be inserted ({preview.documents.length}):</div>
          {preview.documents.slice(0, 5).map((d, i) => (
            <DocumentView key={i} value={d} rootLabel={`document ${i + 1}`} expandBudget={12} />
          ))}
          {preview.errors.map((e) => (
            <div key={e.line} className="field-error">{`Line ${e.line}: ${e.message}`}</div>
          ))}
        </div>
      ) : null}
      {imp.run.status !== 'idle' ? (
        <div className="mg-import-progress" data-testid="mongo-import-progress" role="status">
          {file ? <progress max={file.size} value={imp.run.sent} /> : null}
          <div>
            {imp.run.status === 'done'
              ? 'Import finished: '
              : imp.run.status === 'cancelled'
                ? 'Import cancelled: '
                : imp.run.status === 'failed'
                  ? 'Import failed: '
                  : 'Importing: '}
            {p
              ? `${formatCount(p.inserted)} inserted, ${formatCount(p.failed)} failed, ${formatCount(p.records)} records read`
              : 'starting…'}
            {p?.stopped ? ' (stopped at the first bad record; the documents before it are kept)' : ''}
          </div>
          {imp.run.error ? <ErrorBanner error={imp.run.error} /> : null}
          {p?.errors.length ? (
            <ul className="mg-import-errors" data-testid="mongo-import-errors">
              {p.errors.map((e, i) => (
                <li key={i}>{e.line ? `Line ${e.line}: ${e.message}` : e.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
