import { useState, type ReactNode } from 'react';
import { client } from '../../../../api/client';
import { Dialog } from '../../../../ui/Dialog';
import { ErrorBanner } from '../../../../ui/ErrorBanner';
import { useKeyAction } from '../../useKeyAction';

/** XTRIM by length (keep the newest N) or by the lowest id kept; says what it will do before it does it. */
export function TrimDialog(props: {
  connectionId: string;
  db: number | null;
  key: string;
  length: number | null;
  onClose(): void;
  onDone(): void;
}): ReactNode {
  const [strategy, setStrategy] = useState<'maxlen' | 'minid'>('maxlen');
  const [threshold, setThreshold] = useState('1000');
  const [approximate, setApproximate] = useState(false);
  const action = useKeyAction();
  const valid = strategy === 'maxlen' ? /^\d+$/.test(threshold) : /^\d+(-\d+)?$/.test(threshold);
  const drop =
    strategy === 'maxlen' && valid && props.length !== null ? Math.max(0, props.length - Number(threshold)) : null;
  return (
    <Dialog
      title="Trim stream"
      size="sm"
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={!valid || action.busy}
            onClick={() =>
              void action
                .run(() =>
                  client.invoke('redis.stream.trim', {
                    connectionId: props.connectionId,
                    db: props.db,
                    key: props.key,
                    strategy,
                    threshold,
                    approximate,
                  }),
                )
                .then((r) => {
                  if (r) props.onDone();
                })
            }
          >
            Trim
          </button>
        </>
      }
    >
      <label className="field-check">
        <input type="radio" name="trim" checked={strategy === 'maxlen'} onChange={() => setStrategy('maxlen')} /> Keep
        the newest N entries (MAXLEN)
      </label>
      <label className="field-check">
        <input type="radio" name="trim" checked={strategy === 'minid'} onChange={() => setStrategy('minid')} /> Drop
        entries older than an id (MINID)
      </label>
      <label className="field">
        <span className="field-label">{strategy === 'maxlen' ? 'Entries to keep' : 'Lowest id to keep'}</span>
        <input
          className="input mono"
          aria-label="Trim threshold"
          value={threshold}
          onChange={(e) => setThreshold(e.target.value.trim())}
        />
      </label>
      <label className="field-check">
        <input type="checkbox" checked={approximate} onChange={(e) => setApproximate(e.target.checked)} /> Approximate
        (~, faster; may keep a few more)
      </label>
      {!valid ? <p className="field-error">A number of entries, or an id for MINID.</p> : null}
      {drop !== null ? <p className="rd-note">About {drop.toLocaleString('en')} entries will be removed.</p> : null}
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
    </Dialog>
  );
}
