import { useState, type ReactNode } from 'react';
import type { MessageFilter } from '../../../../../shared/contract/kafka/messages';
import { hostMode } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Segmented } from '../../../ui/Field';
import { formatSize } from './decode';
import { DEFAULT_RANGE, RangeFields, toRange, type RangeDraft } from './RangeFields';
import { useExport } from './useScan';
import { useSaveExport } from '../../../ui/useSaveExport';

/**
 * Export a range (optionally with the current search filter) to JSON Lines or
 * CSV, written in core with progress. In web mode the finished file is
 * downloaded from /api/exports/<id> (same-origin, token cookie); on the
 * desktop there is no HTTP server, so "Save…" asks main (`host.exports.save`)
 * for a native save dialog and a copy of the file.
 */
export function ExportDialog(props: {
  connectionId: string;
  topic: string;
  partitions: number[] | undefined;
  isolation: 'read_committed' | 'read_uncommitted';
  searchFilter: MessageFilter | null;
  onClose(): void;
}): ReactNode {
  const { state, run, cancel } = useExport();
  const [range, setRange] = useState<RangeDraft>(DEFAULT_RANGE);
  const [format, setFormat] = useState<'jsonl' | 'csv'>('jsonl');
  const [useFilter, setUseFilter] = useState(props.searchFilter !== null);
  const [limit, setLimit] = useState('1000000');
  const [skipOversize, setSkipOversize] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const running = state.status === 'running';
  const desktop = hostMode() === 'desktop';

  const start = (): void => {
    const r = toRange(range);
    const n = Number(limit);
    if (typeof r === 'string') return setFormError(r);
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) return setFormError('Export 1 to 1,000,000 messages.');
    setFormError(null);
    run({
      connectionId: props.connectionId,
      topic: props.topic,
      ...(props.partitions ? { partitions: props.partitions } : {}),
      isolation: props.isolation,
      range: r,
      filter: useFilter && props.searchFilter ? props.searchFilter : { kind: 'none' },
      format,
      limit: n,
      oversizeBatches: skipOversize ? 'skip' : 'stop',
    });
  };
  const p = state.progress;
  return (
    <Dialog
      title="Export messages"
      description={`From ${props.topic}, to a file, with keys and values as their bytes (base64 where not UTF-8).`}
      onClose={() => {
        cancel();
        props.onClose();
      }}
      testId="export-dialog"
      footer={
        running ? (
          <button type="button" className="btn" onClick={cancel} data-testid="export-cancel">
            Cancel
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={start} data-testid="export-start">
            Export
          </button>
        )
      }
    >
      {state.error ? <ErrorBanner error={state.error} /> : null}
      <div className="km-form">
        <RangeFields value={range} onChange={setRange} label="Export range" />
        <Segmented
          label="Format"
          size="sm"
          value={format}
          options={[
            { value: 'jsonl', label: 'JSON Lines' },
            { value: 'csv', label: 'CSV' },
          ]}
          onChange={setFormat}
          testId="export-format"
        />
        <label className="km-inline">
          At most{' '}
          <input
            className="input km-num"
            aria-label="Most messages"
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />{' '}
          messages
        </label>
        {props.searchFilter ? (
          <label className="check">
            <input type="checkbox" checked={useFilter} onChange={(e) => setUseFilter(e.target.checked)} /> Only messages
            matching the current search filter
          </label>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={skipOversize} onChange={(e) => setSkipOversize(e.target.checked)} /> Skip
          compressed batches too large to read (over 64 MiB expanded) instead of stopping; they are listed at the end
        </label>
        {formError ? <div className="field-error">{formError}</div> : null}
      </div>
      {p ? (
        <div className="km-progress" data-testid="export-progress">
          <div
            className="km-progress-bar"
            role="progressbar"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={p.percent}
          >
            <div style={{ width: `${p.percent}%` }} />
          </div>
          <span className="muted">
            {p.written.toLocaleString()} written · {p.scanned.toLocaleString()} scanned · {formatSize(p.bytes)} ·{' '}
            {p.rate.toLocaleString()} msg/s · {p.percent}%
          </span>
        </div>
      ) : null}
      {state.status === 'cancelled' ? <div className="muted">Cancelled; the partial file was removed.</div> : null}
      {state.done ? (
        <div className="banner km-ok" role="status" data-testid="export-done">
          {state.done.written.toLocaleString()} messages ({formatSize(state.done.bytes)})
          {state.done.reason === 'limit' ? ', stopped at the limit' : ''}.{' '}
          {state.done.skippedBatches?.length ? (
            <span data-testid="export-skipped">
              Skipped {state.done.skippedBatches.length} batch{state.done.skippedBatches.length === 1 ? '' : 'es'} too
              large to read:{' '}
              {state.done.skippedBatches.map((b) => `partition ${b.partition} at offset ${b.offset}`).join(', ')}.{' '}
            </span>
          ) : null}
          {desktop ? (
            <SaveExport key={state.done.exportId} exportId={state.done.exportId} fileName={state.done.fileName} />
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

/** The desktop's stand-in for the download link: a native save dialog, then the path it was saved to. */
function SaveExport(props: { exportId: string; fileName: string }): ReactNode {
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
      {state.status === 'saved' ? (
        <span className="mono" data-testid="export-saved-path">
          {' '}
          Saved to {state.path}
        </span>
      ) : null}
      {state.status === 'cancelled' ? <span className="muted"> Not saved.</span> : null}
      {state.status === 'failed' ? <ErrorBanner error={state.error} /> : null}
    </>
  );
}
