import { useState, type ReactNode } from 'react';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field } from '../../../ui/Field';

/** Raises the partition count. Kafka cannot remove partitions, and keyed messages may map to new partitions afterwards: both said up front. */
export function AddPartitionsDialog(props: {
  connectionId: string;
  topic: string;
  current: number;
  onClose: () => void;
  onDone: (n: number) => void;
}): ReactNode {
  const { connectionId, topic, current, onClose, onDone } = props;
  const [text, setText] = useState(String(current + 1));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const problem = Number.isNaN(n)
    ? 'Enter a whole number.'
    : n <= current
      ? `Must be more than the current ${current}.`
      : n > 100_000
        ? 'At most 100000.'
        : undefined;

  const submit = async (): Promise<void> => {
    if (problem || busy) return;
    setBusy(true);
    setError(null);
    try {
      const r = await client.invoke('kafka.topics.partitions.add', { connectionId, topic, totalCount: n });
      onDone(r.partitions);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Add partitions to ${topic}`}
      description={`It has ${current} now. Partitions cannot be removed later, and keys may map to different partitions afterwards.`}
      onClose={onClose}
      size="sm"
      testId="add-partitions-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={problem !== undefined || busy}
            onClick={() => void submit()}
          >
            {busy ? 'Adding…' : 'Add partitions'}
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="New total partition count" error={problem}>
          {(c) => (
            <input
              {...c}
              className="input"
              inputMode="numeric"
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-autofocus
            />
          )}
        </Field>
      </form>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
    </Dialog>
  );
}
