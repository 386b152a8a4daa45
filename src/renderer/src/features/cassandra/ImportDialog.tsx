import { useEffect, useRef, useState, type ReactNode } from 'react';
import { MAX_IMPORT_CSV_CHARS, type ImportEvent, type TableDetail } from '../../../../shared/contract/cassandra';
import type { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';

/** The header line of a CSV (quoted names with commas or doubled quotes kept whole). */
export function csvHeader(text: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  out.push(field.trim());
  return out.map((f, i) => (i === 0 ? f.replace(/^\ufeff/, '') : f));
}

type Progress = Extract<ImportEvent, { type: 'progress' }>;
type Done = Extract<ImportEvent, { type: 'done' }>;

/**
 * Import a CSV file into a table: pick the file, map each CSV column to a
 * table column (or skip it; by name by default), import, and read the report
 * of the rows that failed with their line numbers. Core validates every value
 * against its column's type before writing it.
 */
export function ImportDialog(props: { connectionId: string; detail: TableDetail; onClose(): void }): ReactNode {
  const { detail } = props;
  const [csv, setCsv] = useState<{ name: string; text: string } | null>(null);
  const [mapping, setMapping] = useState<(string | null)[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [error, setError] = useState<StackdeckError | Error | null>(null);
  const [running, setRunning] = useState(false);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);
  const header = csv ? csvHeader(csv.text) : [];
  const columns = detail.columns.map((c) => c.name);

  const pick = async (file: File | undefined): Promise<void> => {
    setDone(null);
    setError(null);
    if (!file) return;
    const text = await file.text();
    if (text.length > MAX_IMPORT_CSV_CHARS) {
      setError(
        new Error(
          `${file.name} is ${(text.length / 1e6).toFixed(1)} million characters; an import takes at most ${MAX_IMPORT_CSV_CHARS / 1e6} million. Split the file.`,
        ),
      );
      return;
    }
    setCsv({ name: file.name, text });
    setMapping(csvHeader(text).map((h) => (columns.includes(h) ? h : null)));
  };

  const start = (): void => {
    if (!csv) return;
    setRunning(true);
    setDone(null);
    setError(null);
    setProgress(null);
    stop.current = client.subscribe(
      'cassandra.tables.import',
      { connectionId: props.connectionId, keyspace: detail.keyspace, table: detail.name, csv: csv.text, mapping },
      {
        onEvent(e) {
          if (e.type === 'progress') setProgress(e);
          else setDone(e);
        },
        onError(e) {
          setError(e);
          setRunning(false);
        },
        onEnd() {
          setRunning(false);
        },
      },
    );
  };

  return (
    <Dialog
      title={`Import CSV into ${detail.keyspace}.${detail.name}`}
      description="The first line is the header. Empty cells are left unset; every value is checked against its column type."
      onClose={() => {
        stop.current?.();
        props.onClose();
      }}
      size="lg"
      testId="cs-import-dialog"
      footer={
        running ? (
          <button type="button" className="btn" onClick={() => stop.current?.()}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            onClick={start}
            disabled={!csv}
            data-testid="cs-import-start"
          >
            Import
          </button>
        )
      }
    >
      <div className="cs-import">
        <label className="cs-field">
          CSV file
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="cs-import-file"
            onChange={(e) => void pick(e.target.files?.[0])}
          />
        </label>
        {error ? <ErrorBanner error={error} /> : null}
        {csv ? (
          <table className="cs-columns" data-testid="cs-import-mapping">
            <thead>
              <tr>
                <th>CSV column</th>
                <th>Table column</th>
              </tr>
            </thead>
            <tbody>
              {header.map((h, i) => (
                <tr key={i}>
                  <td className="mono">{h || `(column ${i + 1})`}</td>
                  <td>
                    <select
                      className="select"
                      aria-label={`Table column for ${h}`}
                      value={mapping[i] ?? ''}
                      onChange={(e) => setMapping((m) => m.map((x, j) => (j === i ? e.target.value || null : x)))}
                    >
                      <option value="">skip</option>
                      {detail.columns.map((c) => (
                        <option key={c.name} value={c.name}>
                          {c.name} ({c.type}
                          {c.kind === 'partition_key' || c.kind === 'clustering' ? ', key' : ''})
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {running && progress ? (
          <p className="cs-muted" data-testid="cs-import-progress">
            {progress.rows.toLocaleString()} of ~{progress.total.toLocaleString()} rows read ·{' '}
            {progress.written.toLocaleString()} written · {progress.failed.toLocaleString()} failed
          </p>
        ) : null}
        {done ? (
          <div className="cs-import-report" data-testid="cs-import-report">
            <p className={done.failed ? 'cs-bad' : 'cs-ok'}>
              {done.written.toLocaleString()} of {done.rows.toLocaleString()} rows written
              {done.failed ? `; ${done.failed.toLocaleString()} failed` : ''}
              {done.stopped ? ' (stopped after too many failures)' : ''}.
            </p>
            {done.failures.length ? (
              <ul className="cs-failures">
                {done.failures.map((f) => (
                  <li key={f.line} data-testid="cs-import-failure">
                    line {f.line}: {f.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
