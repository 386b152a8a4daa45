import { useState, type ReactNode } from 'react';
import type { ConsumerGroupLag, ResetPlan, ResetSpec } from '../../../../../shared/contract/kafka/groups';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, Segmented } from '../../../ui/Field';
import { fmtNum } from './format';

type Mode = ResetSpec['to'];

const MODES: ReadonlyArray<{ value: Mode; label: string }> = [
  { value: 'earliest', label: 'Earliest' },
  { value: 'latest', label: 'Latest' },
  { value: 'timestamp', label: 'Timestamp' },
  { value: 'offset', label: 'Offset' },
  { value: 'shift', label: 'Shift by N' },
];

const ALL = '\u0000all';

function specOf(mode: Mode, value: string): ResetSpec | string {
  switch (mode) {
    case 'earliest':
    case 'latest':
      return { to: mode };
    case 'timestamp': {
      const t = Date.parse(value);
      return Number.isFinite(t) ? { to: 'timestamp', timestamp: t } : 'Enter a date and time.';
    }
    case 'offset': {
      const n = Number(value);
      return value !== '' && Number.isSafeInteger(n) && n >= 0
        ? { to: 'offset', offset: n }
        : 'Enter a non-negative whole number.';
    }
    case 'shift': {
      const n = Number(value);
      return value !== '' && Number.isSafeInteger(n)
        ? { to: 'shift', by: n }
        : 'Enter a whole number (negative moves back).';
    }
  }
}

/**
 * Reset offsets like `kafka-consumer-groups --reset-offsets`: choose scope and
 * mode, Preview (the dry run, from core's plan), then Execute, which core
 * allows only while the group is Empty. Changing anything discards the preview.
 */
export function ResetDialog({
  connectionId,
  detail,
  onClose,
  onDone,
}: {
  connectionId: string;
  detail: ConsumerGroupLag;
  onClose(): void;
  onDone(): void;
}): ReactNode {
  const topics = detail.topics.map((t) => t.topic);
  const [topic, setTopic] = useState(topics.length === 1 ? (topics[0] ?? ALL) : ALL);
  const [chosen, setChosen] = useState<number[] | null>(null);
  const [mode, setMode] = useState<Mode>('latest');
  const [value, setValue] = useState('');
  const [plan, setPlan] = useState<ResetPlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const partitionsOf = detail.partitions.filter((p) => p.topic === topic).map((p) => p.partition);
  const spec = specOf(mode, value);

  const changed = (fn: () => void): void => {
    fn();
    setPlan(null);
    setError(null);
  };
  const input = (s: ResetSpec) => ({
    connectionId,
    groupId: detail.groupId,
    topics:
      topic === ALL
        ? topics.map((t) => ({ topic: t }))
        : [chosen && chosen.length > 0 ? { topic, partitions: chosen } : { topic }],
    spec: s,
  });
  const run = async (execute: boolean): Promise<void> => {
    if (typeof spec === 'string') return;
    setBusy(true);
    setError(null);
    try {
      if (execute) {
        await client.invoke('kafka.groups.offsets.reset', input(spec));
        onDone();
      } else {
        setPlan(await client.invoke('kafka.groups.offsets.plan', input(spec)));
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Reset offsets of ${detail.groupId}`}
      description="Preview first; offsets change only when you execute, and only while the group is Empty."
      onClose={onClose}
      size="lg"
      testId="reset-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy || typeof spec === 'string' || topics.length === 0}
            onClick={() => void run(false)}
          >
            Preview
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={busy || !plan || !plan.canExecute}
            onClick={() => void run(true)}
          >
            Execute reset
          </button>
        </>
      }
    >
      <div className="reset-form">
        <Field label="Topic">
          {(c) => (
            <select
              {...c}
              className="select"
              value={topic}
              onChange={(e) => changed(() => (setTopic(e.target.value), setChosen(null)))}
            >
              <option value={ALL}>All topics ({topics.length})</option>
              {topics.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </Field>
        {topic !== ALL ? (
          <fieldset className="reset-partitions">
            <legend className="field-label">Partitions</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={chosen === null}
                onChange={() => changed(() => setChosen(chosen === null ? [] : null))}
              />{' '}
              All partitions
            </label>
            {chosen !== null
              ? partitionsOf.map((p) => (
                  <label key={p} className="check">
                    <input
                      type="checkbox"
                      checked={chosen.includes(p)}
                      onChange={() =>
                        changed(() =>
                          setChosen(
                            chosen.includes(p) ? chosen.filter((x) => x !== p) : [...chosen, p].sort((a, b) => a - b),
                          ),
                        )
                      }
                    />{' '}
                    {p}
                  </label>
                ))
              : null}
          </fieldset>
        ) : null}
        <Field label="Reset to">
          {() => (
            <Segmented
              label="Reset mode"
              value={mode}
              onChange={(m) => changed(() => (setMode(m), setValue('')))}
              options={MODES}
              testId="reset-mode"
            />
          )}
        </Field>
        {mode === 'timestamp' || mode === 'offset' || mode === 'shift' ? (
          <Field
            label={
              mode === 'timestamp' ? 'First message at or after' : mode === 'offset' ? 'Offset' : 'Shift by (messages)'
            }
            error={value !== '' && typeof spec === 'string' ? spec : undefined}
          >
            {(c) => (
              <input
                {...c}
                className="input"
                type={mode === 'timestamp' ? 'datetime-local' : 'number'}
                step={mode === 'timestamp' ? 1 : undefined}
                value={value}
                onChange={(e) => changed(() => setValue(e.target.value))}
              />
            )}
          </Field>
        ) : null}
      </div>
      {error ? <ErrorBanner error={error} /> : null}
      {plan && !plan.canExecute ? (
        <div className="banner banner-warning" role="status" data-testid="reset-blocked">
          {plan.blockedReason}
        </div>
      ) : null}
      {plan ? (
        <div className="reset-preview" data-testid="reset-preview">
          <table className="simple-table">
            <thead>
              <tr>
                <th>Topic</th>
                <th>Partition</th>
                <th className="num">Current</th>
                <th className="num">New</th>
                <th className="num">Lag after</th>
                <th>Note</th>
              </tr>
            </thead>
            <tbody>
              {plan.rows.map((r) => (
                <tr key={`${r.topic}/${r.partition}`}>
                  <td>{r.topic}</td>
                  <td className="num">{r.partition}</td>
                  <td className="num">{r.currentOffset === null ? 'no committed offset' : fmtNum(r.currentOffset)}</td>
                  <td className="num">{fmtNum(r.newOffset)}</td>
                  <td className="num">{fmtNum(r.lagAfter)}</td>
                  <td className="faint">{r.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Dialog>
  );
}
