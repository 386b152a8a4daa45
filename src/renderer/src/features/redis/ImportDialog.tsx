import { useState, type ReactNode } from 'react';
import type { OutputOf } from '../../../../shared/contract';
import { client } from '../../api/client';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatCount } from './format';
import { useKeyAction } from './useKeyAction';

type Summary = OutputOf<'redis.keys.import'>;

/**
 * Import a JSON Lines export: pick the file, see a dry run (how many keys,
 * which exist already, bad lines), choose skip or replace for existing keys,
 * then import. Core refuses a file with bad lines as a whole.
 */
export function ImportDialog(props: {
  connectionId: string;
  db: number | null;
  prod: boolean;
  onClose(): void;
  onDone(): void;
}): ReactNode {
  const [text, setText] = useState<string | null>(null);
  const [file, setFile] = useState('');
  const [dry, setDry] = useState<Summary | null>(null);
  const [result, setResult] = useState<Summary | null>(null);
  const [onExisting, setOnExisting] = useState<'skip' | 'replace'>('skip');
  const [typed, setTyped] = useState('');
  const action = useKeyAction();
  const target = { connectionId: props.connectionId, db: props.db };
  const canImport =
    dry !== null && dry.errors.length === 0 && dry.total > 0 && result === null && (!props.prod || typed === 'import');

  return (
    <Dialog
      title="Import keys (JSON Lines)"
      size="md"
      onClose={props.onClose}
      testId="redis-import-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Close
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!canImport || action.busy}
            onClick={() =>
              void action
                .run(() =>
                  client.invoke('redis.keys.import', { ...target, text: text ?? '', onExisting, dryRun: false }),
                )
                .then((r) => {
                  if (!r) return;
                  setResult(r);
                  props.onDone();
                })
            }
          >
            Import {dry ? formatCount(dry.total) : ''} keys
          </button>
        </>
      }
    >
      <input
        type="file"
        aria-label="Export file"
        accept=".jsonl,.json,application/json,text/plain"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (!f) return;
          setFile(f.name);
          setDry(null);
          setResult(null);
          void f.text().then((t) => {
            setText(t);
            void action
              .run(() => client.invoke('redis.keys.import', { ...target, text: t, dryRun: true }))
              .then((r) => {
                if (r) setDry(r);
              });
          });
        }}
      />
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
      {dry ? (
        <div data-testid="redis-import-preview">
          <p>
            <strong>{file}</strong>: {formatCount(dry.total)} keys, {formatCount(dry.existing)} of them exist already.
          </p>
          {dry.errors.length > 0 ? (
            <>
              <p className="field-error">These lines are not valid exported keys; fix the file to import it:</p>
              <ul className="rd-bulk-sample mono">
                {dry.errors.map((e) => (
                  <li key={e.line}>
                    line {e.line}: {e.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <ul className="rd-bulk-sample mono">
            {dry.sample.map((k, i) => (
              <li key={i}>
                {k.key} ({k.type}){k.exists ? ' — exists' : ''}
              </li>
            ))}
          </ul>
          {dry.existing > 0 ? (
            <label className="field">
              <span className="field-label">Keys that exist already</span>
              <select
                className="input"
                aria-label="Existing keys"
                value={onExisting}
                onChange={(e) => setOnExisting(e.target.value as 'skip' | 'replace')}
              >
                <option value="skip">Skip them (keep what the server has)</option>
                <option value="replace">Replace them with the file's version</option>
              </select>
            </label>
          ) : null}
          {props.prod && result === null ? (
            <label className="field">
              <span className="field-label">Production connection: type “import” to confirm</span>
              <input
                className="input"
                aria-label="Confirm import"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </label>
          ) : null}
        </div>
      ) : (
        <p className="faint">
          Choose a file exported from Stackdeck (one key a line). Nothing is written before you confirm.
        </p>
      )}
      {result ? (
        <p data-testid="redis-import-result">
          Imported: {formatCount(result.created)} created, {formatCount(result.replaced)} replaced,{' '}
          {formatCount(result.skipped)} skipped.
        </p>
      ) : null}
    </Dialog>
  );
}
