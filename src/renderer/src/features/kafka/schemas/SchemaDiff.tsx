import { useState, type ReactNode } from 'react';
import { useInvoke } from '../../../api/hooks';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { lineDiff } from '../../mongo/ejsonEdit';

/**
 * Two versions of a subject side by side as a line diff (the same LCS diff the
 * document editor's review uses), on the registry's text pretty-printed for
 * the JSON types so a one-field change is one line.
 */
export function SchemaDiff({
  connectionId,
  subject,
  versions,
}: {
  connectionId: string;
  subject: string;
  versions: readonly number[];
}): ReactNode {
  const last = versions.at(-1) ?? 1;
  const [from, setFrom] = useState(versions.at(-2) ?? last);
  const [to, setTo] = useState(last);
  const diff = useInvoke('kafka.schemas.versions.diff', { connectionId, subject, from, to });
  const lines = diff.data ? lineDiff(diff.data.fromText, diff.data.toText) : null;
  const pick = (label: string, value: number, set: (v: number) => void): ReactNode => (
    <label className="sr-inline">
      {label}{' '}
      <select
        className="input"
        aria-label={`Diff ${label}`}
        value={value}
        onChange={(e) => set(Number(e.target.value))}
      >
        {versions.map((v) => (
          <option key={v} value={v}>
            v{v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="sr-diff-section" data-testid="schema-diff">
      <div className="sr-row">
        {pick('from', from, setFrom)}
        {pick('to', to, setTo)}
        {diff.data ? (
          <span className="muted">
            ids {diff.data.from.id} → {diff.data.to.id}
          </span>
        ) : null}
      </div>
      {diff.error ? <ErrorBanner error={diff.error} /> : null}
      <div className="mono sr-diff" data-testid="schema-diff-lines">
        {diff.data && lines === null ? <p className="muted">These schemas are too long to diff here.</p> : null}
        {lines?.map((l, i) => (
          <div key={i} className={`sr-diff-${l.kind}`} data-kind={l.kind}>
            {l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}
            {l.text}
          </div>
        ))}
        {diff.data && lines?.every((l) => l.kind === 'same') ? <p className="muted">No differences.</p> : null}
      </div>
    </section>
  );
}
