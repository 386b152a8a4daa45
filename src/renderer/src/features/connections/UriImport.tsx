import { useState, type ReactNode } from 'react';
import { ErrorBanner } from '../../ui/ErrorBanner';
import type { ShownError } from '../../ui/errors';
import { IconAlert, IconCheckCircle, IconLink } from '../../ui/icons';

export interface UriImportProps {
  busy: boolean;
  error: ShownError | null;
  warnings: readonly string[];
  /** The last import filled the form. */
  filled: boolean;
  onImport: (uri: string) => void;
}

/** "Import from URI": fills the form from a connection string; refused options are named. */
export function UriImport({ busy, error, warnings, filled, onImport }: UriImportProps): ReactNode {
  const [open, setOpen] = useState(false);
  const [uri, setUri] = useState('');
  if (!open) {
    return (
      <button type="button" className="btn btn-sm btn-ghost uri-toggle" onClick={() => setOpen(true)}>
        <IconLink /> Import from URI…
      </button>
    );
  }
  const option = error?.detail?.option;
  const submit = (): void => {
    if (uri.trim() !== '') onImport(uri.trim());
  };
  return (
    <div className="uri-import" data-testid="uri-import">
      {/* Not a <form>: this sits inside the connection form, and forms cannot nest. */}
      <div className="uri-row">
        <input
          className="input mono"
          aria-label="Connection URI"
          placeholder="redis://user@host:6379/0 · mongodb://host:27017 · kafka://broker:9092 · bolt://host:7687"
          value={uri}
          spellCheck={false}
          autoComplete="off"
          autoFocus
          onChange={(event) => setUri(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            submit();
          }}
        />
        <button type="button" className="btn" disabled={busy || uri.trim() === ''} onClick={submit}>
          {busy ? 'Reading…' : 'Import'}
        </button>
      </div>
      {error ? (
        <>
          <ErrorBanner error={error} />
          {option !== undefined && option !== null ? (
            <p className="uri-refused" data-testid="uri-refused">
              Refused option: <code>{String(option)}</code>. Remove it from the URI, or set the equivalent field below.
            </p>
          ) : null}
        </>
      ) : null}
      {filled && !error ? (
        <p className="uri-filled" role="status" data-testid="uri-filled">
          <IconCheckCircle size={14} /> Filled in from the URI. Review the fields below, then test and save.
        </p>
      ) : null}
      {warnings.length > 0 ? (
        <ul className="uri-warnings">
          {warnings.map((w) => (
            <li key={w}>
              <IconAlert size={14} /> {w}
            </li>
          ))}
        </ul>
      ) : null}
      {!filled ? (
        <p className="field-hint">
          The URI fills in the fields below. A password in it goes to the secret store, never into the profile file.
        </p>
      ) : null}
    </div>
  );
}
