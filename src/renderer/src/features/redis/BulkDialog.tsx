import { useState, type ReactNode } from 'react';
import type { Profile } from '../../../../shared/contract/connections';
import { useStream } from '../../api/hooks';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { formatCount } from './format';

type Action = 'delete' | 'expire' | 'persist';

/**
 * Bulk delete or expiry by pattern: a preview first (count and the first 100
 * keys, from core's SCAN to the end), then the run in SCAN batches with
 * progress and Cancel. On a production connection, or for the pattern "*",
 * the pattern must be typed to confirm.
 */
export function BulkDialog(props: {
  connectionId: string;
  db: number | null;
  profile: Profile;
  match: string;
  type: string | null;
  onClose(): void;
  onDone(): void;
}): ReactNode {
  const { connectionId, db } = props;
  const [match, setMatch] = useState(props.match);
  const [action, setAction] = useState<Action>('delete');
  const [seconds, setSeconds] = useState('3600');
  const [previewed, setPreviewed] = useState<{ match: string; n: number } | null>(null);
  const [running, setRunning] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  const preview = useStream(
    'redis.bulk.preview',
    { connectionId, db, match: previewed?.match ?? match, type: props.type },
    { enabled: previewed !== null, keep: 1 },
  );
  const secs = Number(seconds);
  const act =
    action === 'expire'
      ? { kind: 'expire' as const, seconds: secs }
      : action === 'persist'
        ? { kind: 'persist' as const }
        : { kind: 'delete' as const };
  const run = useStream(
    'redis.bulk.run',
    { connectionId, db, match: previewed?.match ?? match, type: props.type, action: act },
    { enabled: running !== null, keep: 1, onEvent: (e) => (e.done ? props.onDone() : undefined) },
  );
  const p = preview.last;
  const r = run.last;
  const needsTyping = props.profile.environment === 'prod' || match.trim() === '*';
  const validAction = action !== 'expire' || (Number.isInteger(secs) && secs >= 1);
  const canRun =
    p?.done === true &&
    previewed?.match === match &&
    validAction &&
    running === null &&
    (!needsTyping || typed === match);
  const verb = action === 'delete' ? 'Delete' : action === 'expire' ? 'Set expiry on' : 'Remove expiry from';

  return (
    <Dialog
      title="Bulk action by pattern"
      size="md"
      onClose={props.onClose}
      testId="redis-bulk-dialog"
      footer={
        <>
          {run.status === 'running' ? (
            <button type="button" className="btn" onClick={run.cancel}>
              Cancel
            </button>
          ) : (
            <button type="button" className="btn" onClick={props.onClose}>
              Close
            </button>
          )}
          <button
            type="button"
            className="btn btn-danger"
            disabled={!canRun}
            onClick={() => setRunning((n) => (n ?? 0) + 1)}
          >
            {verb} {p?.done ? formatCount(p.matched) : ''} keys
          </button>
        </>
      }
    >
      <div className="rd-inline">
        <input
          className="input mono rd-grow"
          aria-label="Bulk pattern"
          value={match}
          disabled={running !== null}
          onChange={(e) => {
            setMatch(e.target.value);
            setTyped('');
          }}
        />
        <button
          type="button"
          className="btn btn-sm"
          disabled={match.trim() === '' || running !== null}
          onClick={() => setPreviewed((prev) => ({ match, n: (prev?.n ?? 0) + 1 }))}
        >
          Preview
        </button>
      </div>
      {props.type ? <p className="faint">Only keys of type {props.type} (the scan's type filter).</p> : null}
      <div className="rd-inline">
        <select
          className="input"
          aria-label="Bulk action"
          value={action}
          disabled={running !== null}
          onChange={(e) => setAction(e.target.value as Action)}
        >
          <option value="delete">Delete (UNLINK)</option>
          <option value="expire">Expire in…</option>
          <option value="persist">Remove expiry (PERSIST)</option>
        </select>
        {action === 'expire' ? (
          <>
            <input
              className="input rd-num"
              aria-label="Bulk seconds"
              value={seconds}
              onChange={(e) => setSeconds(e.target.value)}
            />
            seconds
          </>
        ) : null}
      </div>
      {preview.error ? <ErrorBanner error={preview.error} /> : null}
      {p ? (
        <div data-testid="redis-bulk-preview">
          <p>
            {p.done ? '' : 'Counting… '}
            <strong>{formatCount(p.matched)}</strong> keys match <span className="mono">{previewed?.match}</span>
            {p.done ? '.' : ''}
            {p.matched > p.sample.length && p.sample.length > 0 ? ` The first ${p.sample.length}:` : ''}
          </p>
          <ul className="rd-bulk-sample mono">
            {p.sample.map((k) => (
              <li key={k.b64}>{k.display}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="faint">Preview first: Stackdeck counts the matching keys with SCAN and shows the first 100.</p>
      )}
      {needsTyping && p?.done && running === null ? (
        <label className="field">
          <span className="field-label">
            {props.profile.environment === 'prod' ? 'Production connection: ' : ''}type the pattern to confirm
          </span>
          <input
            className="input mono"
            aria-label="Type the pattern"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
      ) : null}
      {run.error ? <ErrorBanner error={run.error} /> : null}
      {r ? (
        <p data-testid="redis-bulk-progress">
          {formatCount(r.processed)} keys {action === 'delete' ? 'deleted' : 'changed'}
          {r.done ? ' · done' : run.status === 'ended' ? ' · cancelled' : '…'}
        </p>
      ) : null}
    </Dialog>
  );
}
