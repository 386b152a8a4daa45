import { useEffect, useState, type ReactNode } from 'react';
import type { HistoryEntry } from '../../../shared/contract/history';
import { client } from '../api/client';
import '../styles/workbench.css';
import { ExportDialog } from './ExportDialog';
import { ErrorBanner } from './ErrorBanner';
import { IconSearch, IconTrash } from './icons';
import type { QueryHistory } from './useQueryHistory';

/**
 * The History panel that sits beside any editor.
 *
 * Props:
 * - `history`: from `useQueryHistory(connectionId, language)`; the editor
 *   records its runs through the same object (`history.record(...)`).
 * - `onPick(text, entry)`: the user chose an entry (click or Enter): put the
 *   text in the editor.
 * - `onRun(text, entry)` (optional): shows a Run button per entry that
 *   re-runs it directly.
 *
 * Entries show their text (as text, never HTML), when, how long, and rows or
 * the error. The search box is full-text (plain words, the last one a prefix).
 */
export interface HistoryPanelProps {
  history: QueryHistory;
  onPick(text: string, entry: HistoryEntry): void;
  onRun?(text: string, entry: HistoryEntry): void;
}

function when(ts: number, now: number): string {
  const s = Math.round((now - ts) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  const d = new Date(ts);
  const today = new Date(now).toDateString() === d.toDateString();
  return today
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function duration(ms: number | null): string | null {
  if (ms === null) return null;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function HistoryPanel({ history, onPick, onRun }: HistoryPanelProps): ReactNode {
  const [input, setInput] = useState(history.query);
  const [exporting, setExporting] = useState(false);
  const { search } = history;
  useEffect(() => {
    const t = setTimeout(() => search(input), 200);
    return () => clearTimeout(t);
  }, [input, search]);
  // Relative times ('3 min ago') refresh twice a minute.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  return (
    <section className="wb-panel" aria-label="History" data-testid="history-panel">
      <div className="wb-panel-head">
        <h3 className="wb-panel-title">History</h3>
        <span className="spacer" />
        {history.entries.length > 0 ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setExporting(true)}>
            Export…
          </button>
        ) : null}
        {history.entries.length > 0 && history.query === '' ? (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => {
              if (window.confirm(`Delete every ${history.language} history entry of this connection?`))
                void history.clear();
            }}
          >
            Clear
          </button>
        ) : null}
      </div>
      <label className="wb-search">
        <IconSearch className="wb-search-icon" />
        <input
          className="input"
          type="search"
          placeholder="Search history"
          aria-label="Search history"
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
      </label>
      {history.error ? <ErrorBanner error={history.error} /> : null}
      <ul className="wb-list" data-testid="history-list">
        {history.entries.map((entry) => (
          <li key={entry.id} className="wb-item" data-testid="history-entry" data-error={entry.error !== null}>
            <button
              type="button"
              className="wb-item-main"
              title="Put this query in the editor"
              onClick={() => onPick(entry.text, entry)}
            >
              <span className="wb-item-text mono">{entry.text}</span>
              <span className="wb-item-meta">
                <span>{when(entry.startedAt, now)}</span>
                {duration(entry.durationMs) ? <span>{duration(entry.durationMs)}</span> : null}
                {entry.error !== null ? (
                  <span className="wb-item-error" title={entry.error}>
                    failed: {entry.error}
                  </span>
                ) : entry.rows !== null ? (
                  <span>
                    {entry.rows.toLocaleString()} {entry.rows === 1 ? 'row' : 'rows'}
                  </span>
                ) : null}
                {entry.params.some((p) => p.secret) ? (
                  <span title="Secret parameters are not stored">secret params omitted</span>
                ) : null}
              </span>
            </button>
            <div className="wb-item-actions">
              {onRun ? (
                <button type="button" className="btn btn-sm" onClick={() => onRun(entry.text, entry)}>
                  Run
                </button>
              ) : null}
              <button
                type="button"
                className="icon-btn"
                aria-label="Delete from history"
                title="Delete from history"
                onClick={() => void history.remove(entry.id)}
              >
                <IconTrash />
              </button>
            </div>
          </li>
        ))}
      </ul>
      {!history.loading && history.entries.length === 0 ? (
        <p className="wb-empty muted" data-testid="history-empty">
          {history.query === '' ? 'Queries you run appear here.' : 'No query in history matches.'}
        </p>
      ) : null}
      {exporting ? (
        <ExportDialog
          title="Export history"
          what={
            history.query === ''
              ? `Every ${history.language} run of this connection.`
              : `The ${history.language} runs that match "${history.query}".`
          }
          start={(options, handlers) =>
            client.subscribe(
              'history.entries.export',
              {
                connectionId: history.connectionId,
                language: history.language,
                query: history.query,
                ...options,
              },
              handlers,
            )
          }
          onClose={() => setExporting(false)}
        />
      ) : null}
      {history.hasMore ? (
        <button type="button" className="btn btn-ghost btn-sm" onClick={history.loadMore}>
          Show older
        </button>
      ) : null}
    </section>
  );
}
