import { useEffect, useState, type ReactNode } from 'react';
import type { ExportFormat } from '../../../shared/contract/exports';
import { client, hostMode } from '../api/client';
import '../styles/workbench.css';
import { Dialog } from './Dialog';
import { ErrorBanner } from './ErrorBanner';
import { Segmented } from './Field';
import { useExportRun, type StartExport } from './useExportRun';
import { useSaveExport } from './useSaveExport';
import { SkippedBatches } from './SkippedBatches';

/**
 * The generic export dialog for any result. The area passes `start`, which
 * subscribes to its own export stream (events: `ExportEvent` from
 * src/shared/contract/exports.ts) with the options chosen here:
 *
 *   <ExportDialog
 *     title="Export documents" what={`from ${collection}`} total={count}
 *     start={(options, handlers) => client.subscribe('mongo.documents.export', { ...query, ...options }, handlers)}
 *     onClose={() => setExporting(false)} />
 *
 * Format (CSV with a header, JSON Lines, JSON array), the CSV formula guard
 * (on by default, stated), a row limit, progress with Cancel; when done, a
 * download link in web mode and "Save…" (native dialog) on the desktop. The
 * retention of finished files is shown (`exports.info`).
 */
export interface ExportDialogProps {
  title?: string;
  /** One line: what is exported, e.g. "the 1,204 rows of the last query". */
  what: string;
  start: StartExport;
  /** Rows the export will write when known: draws a bar. */
  total?: number | null;
  /** Largest allowed limit (default 1,000,000). */
  maxRows?: number;
  formats?: readonly ExportFormat[];
  /** What a row is called in the counts, e.g. "messages" (default "rows"). */
  rowNoun?: string;
  /** The area's own fields (a range, a filter), shown above the format. */
  children?: ReactNode;
  /** Checks the area's fields before starting: an error message, or null to go on. */
  check?(): string | null;
  onClose(): void;
}

const FORMAT_LABEL: Record<ExportFormat, string> = { csv: 'CSV', jsonl: 'JSON Lines', json: 'JSON array' };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function ExportDialog(props: ExportDialogProps): ReactNode {
  const formats = props.formats ?? (['csv', 'jsonl', 'json'] as const);
  const maxRows = props.maxRows ?? 1_000_000;
  const { state, run, cancel } = useExportRun(props.start);
  const [format, setFormat] = useState<ExportFormat>(formats[0] ?? 'csv');
  const [guard, setGuard] = useState(true);
  const [limit, setLimit] = useState(String(Math.min(maxRows, props.total ?? maxRows)));
  const [formError, setFormError] = useState<string | null>(null);
  const [retention, setRetention] = useState<number | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    client.invoke('exports.info', {}, { signal: controller.signal }).then(
      (info) => setRetention(info.retentionHours),
      () => undefined,
    );
    return () => controller.abort();
  }, []);
  const running = state.status === 'running';
  const desktop = hostMode() === 'desktop';

  const noun = props.rowNoun ?? 'rows';
  const begin = (): void => {
    const problem = props.check?.() ?? null;
    if (problem !== null) {
      setFormError(problem);
      return;
    }
    const n = Number(limit.replaceAll(',', ''));
    if (!Number.isInteger(n) || n < 1 || n > maxRows) {
      setFormError(`Export 1 to ${maxRows.toLocaleString()} ${noun}.`);
      return;
    }
    setFormError(null);
    run({ format, csvFormulaGuard: guard, limit: n });
  };

  const p = state.progress;
  const total = p?.total ?? props.total ?? null;
  const percent =
    p?.percent !== undefined
      ? Math.round(p.percent)
      : p && total
        ? Math.min(100, Math.round((p.rows / Math.max(1, total)) * 100))
        : null;

  return (
    <Dialog
      title={props.title ?? 'Export'}
      description={props.what}
      onClose={() => {
        cancel();
        props.onClose();
      }}
      testId="generic-export-dialog"
      footer={
        running ? (
          <button type="button" className="btn" onClick={cancel} data-testid="export-cancel">
            Cancel
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={begin} data-testid="export-start">
            Export
          </button>
        )
      }
    >
      {state.error && state.status === 'failed' ? <ErrorBanner error={state.error} /> : null}
      <div className="wb-form">
        {props.children}
        <Segmented
          label="Format"
          size="sm"
          value={format}
          options={formats.map((f) => ({ value: f, label: FORMAT_LABEL[f] }))}
          onChange={setFormat}
          testId="export-format"
        />
        {format === 'csv' ? (
          <label className="check" data-testid="export-formula-guard">
            <input type="checkbox" checked={guard} onChange={(e) => setGuard(e.target.checked)} /> Protect against
            spreadsheet formulas: a cell starting with = + - @, tab or carriage return gets a leading &apos; so Excel or
            Sheets shows it as text instead of running it. Turn off only if no spreadsheet will open the file.
          </label>
        ) : null}
        <label className="wb-num-label">
          At most{' '}
          <input
            className="input wb-num"
            aria-label={`Most ${noun}`}
            inputMode="numeric"
            size={10}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />{' '}
          {noun}
        </label>
        {formError ? <div className="field-error">{formError}</div> : null}
        <div className="muted" data-testid="export-retention">
          {retention === null
            ? 'Finished files are kept in Stackdeck’s exports folder for a limited time.'
            : `Finished files are kept in Stackdeck’s exports folder for ${retention} hours, then deleted.`}
        </div>
      </div>
      {p ? (
        <div className="wb-progress" data-testid="export-progress">
          {percent !== null ? (
            <div
              className="wb-progress-bar"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <span style={{ width: `${percent}%` }} />
            </div>
          ) : null}
          <span className="muted">
            {p.rows.toLocaleString()} {noun}
            {p.scanned !== undefined ? ` of ${p.scanned.toLocaleString()} scanned` : ''} · {formatBytes(p.bytes)}
            {percent !== null ? ` · ${percent}%` : ''}
          </span>
        </div>
      ) : null}
      {state.status === 'cancelled' ? <div className="muted">Cancelled; the partial file was removed.</div> : null}
      {state.done?.skippedBatches ? (
        <SkippedBatches batches={state.done.skippedBatches} testId="export-skipped" />
      ) : null}
      {state.done ? (
        <div className="banner" role="status" data-testid="export-done">
          {state.done.rows.toLocaleString()} {noun} ({formatBytes(state.done.bytes)})
          {state.done.reason === 'limit' ? ', stopped at the limit' : ''}.{' '}
          {desktop ? (
            <SaveButton key={state.done.exportId} exportId={state.done.exportId} fileName={state.done.fileName} />
          ) : (
            <a
              className="btn btn-sm"
              href={`/api/exports/${encodeURIComponent(state.done.exportId)}`}
              download={state.done.fileName}
              data-testid="export-download"
            >
              Download {state.done.fileName}
            </a>
          )}
        </div>
      ) : null}
    </Dialog>
  );
}

function SaveButton(props: { exportId: string; fileName: string }): ReactNode {
  const { state, save } = useSaveExport(props.exportId);
  return (
    <>
      <button
        type="button"
        className="btn btn-sm"
        onClick={save}
        disabled={state.status === 'saving'}
        data-testid="export-save"
      >
        {state.status === 'saving' ? 'Saving…' : `Save ${props.fileName}…`}
      </button>
      {state.status === 'saved' ? <span className="mono"> Saved to {state.path}</span> : null}
      {state.status === 'cancelled' ? <span className="muted"> Not saved.</span> : null}
      {state.status === 'failed' ? <ErrorBanner error={state.error} /> : null}
    </>
  );
}
