import { useState, type ReactNode } from 'react';
import type { ConfigEntryView } from '../../../../../shared/contract/kafka/topics';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { configOps, diffRows, type ConfigEdit } from './logic';

/** What the configs belong to: a topic, or a broker (brokerId null: the cluster-wide broker default). */
export type ConfigTarget = { kind: 'topic'; topic: string } | { kind: 'broker'; brokerId: number | null };

const targetLabel = (t: ConfigTarget): string =>
  t.kind === 'topic' ? t.topic : t.brokerId === null ? 'all brokers (cluster-wide default)' : `broker ${t.brokerId}`;

export interface EditConfigsDialogProps {
  connectionId: string;
  target: ConfigTarget;
  entries: readonly ConfigEntryView[];
  onClose: () => void;
  onApplied: (entries: ConfigEntryView[]) => void;
}

/**
 * Edit, review, apply. "Review" asks the broker to validate the change
 * (IncrementalAlterConfigs with validateOnly) and shows the before/after of
 * the changed keys only; "Apply" sends exactly those keys. A topic has a few
 * dozen config keys (a fixed set in Kafka), so the list is not virtualized.
 * The same dialog edits a broker's dynamic configs, or the cluster-wide
 * default (`entries` are then the shown broker's, so "before" is its value);
 * keys Kafka cannot change at runtime come marked read-only and are not listed.
 */
export function EditConfigsDialog({
  connectionId,
  target,
  entries,
  onClose,
  onApplied,
}: EditConfigsDialogProps): ReactNode {
  const [edits, setEdits] = useState<Record<string, ConfigEdit>>({});
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ops = configOps(entries, edits);
  const diff = diffRows(entries, ops);
  const q = query.trim().toLowerCase();
  const editable = entries.filter((e) => !e.readOnly && (q === '' || e.name.toLowerCase().includes(q)));

  const alter = (validateOnly: boolean): Promise<{ entries: ConfigEntryView[] }> =>
    target.kind === 'topic'
      ? client.invoke('kafka.topics.configs.alter', { connectionId, topic: target.topic, ops, validateOnly })
      : client.invoke('kafka.brokers.configs.alter', { connectionId, brokerId: target.brokerId, ops, validateOnly });

  const review = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await alter(true);
      setStep('review');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const apply = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await alter(false);
      onApplied(r.entries);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const footer =
    step === 'edit' ? (
      <>
        <span className="muted kt-footnote">
          {ops.length === 0 ? 'No changes yet' : `${ops.length} change${ops.length === 1 ? '' : 's'}`}
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={ops.length === 0 || busy}
          onClick={() => void review()}
        >
          {busy ? 'Validating…' : 'Review changes'}
        </button>
      </>
    ) : (
      <>
        <button type="button" className="btn" onClick={() => setStep('edit')} disabled={busy}>
          Back
        </button>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void apply()}>
          {busy ? 'Applying…' : `Apply ${ops.length} change${ops.length === 1 ? '' : 's'}`}
        </button>
      </>
    );

  return (
    <Dialog
      title={step === 'edit' ? `Edit configs of ${targetLabel(target)}` : 'Review config changes'}
      description={
        step === 'edit'
          ? 'Only the keys you change are sent (IncrementalAlterConfigs); every other key keeps its value.'
          : 'The broker validated these changes. Nothing has changed yet.'
      }
      onClose={onClose}
      size="lg"
      testId="edit-configs-dialog"
      footer={footer}
    >
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {step === 'edit' ? (
        <>
          <input
            className="input kt-dialog-filter"
            placeholder="Filter keys"
            aria-label="Filter keys"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            spellCheck={false}
          />
          <div className="kt-edit-list" role="list">
            {editable.map((e) => {
              const edit = edits[e.name];
              const value =
                edit?.kind === 'set' ? edit.value : edit?.kind === 'reset' ? '' : e.isSensitive ? '' : (e.value ?? '');
              const changed = ops.some((o) => o.name === e.name);
              return (
                <div
                  key={e.name}
                  role="listitem"
                  className={`kt-edit-row${changed ? ' kt-edit-changed' : ''}`}
                  data-key={e.name}
                >
                  <span className="mono kt-edit-key" title={e.name}>
                    {e.name}
                  </span>
                  <input
                    className="input mono"
                    aria-label={`Value of ${e.name}`}
                    value={value}
                    placeholder={edit?.kind === 'reset' ? '(inherited value)' : e.isSensitive ? '(hidden)' : ''}
                    onChange={(ev) =>
                      setEdits((prev) => ({ ...prev, [e.name]: { kind: 'set', value: ev.target.value } }))
                    }
                    spellCheck={false}
                  />
                  <span className={`kt-origin kt-origin-${e.origin}`}>{e.origin}</span>
                  {e.origin === 'dynamic' ? (
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      onClick={() => setEdits((prev) => ({ ...prev, [e.name]: { kind: 'reset' } }))}
                      title={target.kind === 'topic' ? 'Remove the topic override' : 'Remove the dynamic value'}
                    >
                      Reset
                    </button>
                  ) : (
                    <span />
                  )}
                  {changed ? (
                    <button
                      type="button"
                      className="btn btn-sm btn-ghost"
                      aria-label={`Undo ${e.name}`}
                      onClick={() => setEdits(({ [e.name]: _drop, ...rest }) => rest)}
                    >
                      Undo
                    </button>
                  ) : (
                    <span />
                  )}
                </div>
              );
            })}
          </div>
        </>
      ) : (
        <table className="kt-diff" data-testid="config-diff">
          <thead>
            <tr>
              <th>Key</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((r) => (
              <tr key={r.name} data-key={r.name}>
                <td className="mono">{r.name}</td>
                <td className="mono kt-before">
                  <span className="kt-strike">{r.before}</span> <span className="faint">({r.beforeOrigin})</span>
                </td>
                <td className="mono kt-after">{r.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
