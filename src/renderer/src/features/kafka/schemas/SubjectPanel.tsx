import { json } from '@codemirror/lang-json';
import { useState, type ReactNode } from 'react';
import type { CompatibilityLevel, SubjectSummary } from '../../../../../shared/contract/kafka/schemas';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { CodeEditor } from '../../../ui/CodeEditor';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { CompatibilitySelect } from './CompatibilitySelect';
import { SCHEMA_TYPE_LABEL } from './logic';
import { RegisterDialog } from './RegisterDialog';
import { SchemaDiff } from './SchemaDiff';

const jsonLanguage = json();

type Deleting = { kind: 'version'; permanent: boolean } | { kind: 'subject'; permanent: boolean };

/**
 * One subject: its versions (soft-deleted ones marked), the selected version's
 * schema in a read-only editor, a diff of two versions, its own compatibility
 * level, and the writes (register a new version, delete a version or the
 * subject, soft or, with the subject name typed, permanently). A read-only
 * connection is offered no write (core refuses them anyway).
 */
export function SubjectPanel({
  connectionId,
  summary,
  globalLevel,
  readOnly,
  onChanged,
}: {
  connectionId: string;
  summary: SubjectSummary;
  globalLevel: CompatibilityLevel | null;
  readOnly: boolean;
  onChanged: () => void;
}): ReactNode {
  const subject = summary.subject;
  const versions = useInvoke('kafka.schemas.versions.list', { connectionId, subject, deleted: true });
  const live = versions.data?.versions ?? [];
  const [picked, setPicked] = useState<number | null>(null);
  const version = picked ?? live.at(-1) ?? null;
  const schema = useInvoke(
    'kafka.schemas.versions.get',
    { connectionId, subject, version: version ?? 'latest' },
    { enabled: version !== null },
  );
  const [registering, setRegistering] = useState(false);
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showDiff, setShowDiff] = useState(false);

  const refresh = (): void => {
    versions.reload();
    schema.reload();
    onChanged();
  };

  const setLevel = async (level: CompatibilityLevel | null): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await client.invoke('kafka.schemas.compatibility.set', { connectionId, subject, level });
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (d: Deleting): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await client.invoke('kafka.schemas.delete', {
        connectionId,
        subject,
        ...(d.kind === 'version' && version !== null ? { version } : {}),
        permanent: d.permanent,
        ...(d.permanent ? { confirmName: subject } : {}),
      });
      setPicked(null);
      refresh();
    } catch (e) {
      setError(e);
    } finally {
      setDeleting(null);
      setBusy(false);
    }
  };

  return (
    <section className="sr-panel" data-testid="subject-detail" aria-label={`Subject ${subject}`}>
      <div className="sr-panel-head">
        <h2 className="mono">{subject}</h2>
        <span className="muted">
          {summary.schemaType ? SCHEMA_TYPE_LABEL[summary.schemaType] : '—'} · {live.length} version
          {live.length === 1 ? '' : 's'}
          {versions.data && versions.data.deleted.length > 0 ? ` (+${versions.data.deleted.length} soft-deleted)` : ''}
        </span>
        <span className="spacer" />
        <CompatibilitySelect
          label={`Compatibility of ${subject}`}
          value={summary.compatibility}
          inherit={globalLevel}
          disabled={readOnly || busy}
          onChange={(level) => void setLevel(level)}
        />
        {readOnly ? (
          <span className="muted">read-only connection</span>
        ) : (
          <>
            <button type="button" className="btn btn-sm btn-primary" onClick={() => setRegistering(true)}>
              Register new version
            </button>
            <button
              type="button"
              className="btn btn-sm btn-danger"
              disabled={busy}
              onClick={() => setDeleting({ kind: 'subject', permanent: false })}
            >
              Delete subject
            </button>
            <button
              type="button"
              className="btn btn-sm btn-danger"
              disabled={busy}
              onClick={() => setDeleting({ kind: 'subject', permanent: true })}
            >
              Delete permanently
            </button>
          </>
        )}
      </div>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {versions.error ? <ErrorBanner error={versions.error} /> : null}
      <div className="sr-row" data-testid="subject-versions">
        <span className="muted">Versions</span>
        {live.map((v) => (
          <button
            key={v}
            type="button"
            className={`btn btn-sm${v === version ? ' btn-primary' : ''}`}
            aria-pressed={v === version}
            data-version={v}
            onClick={() => setPicked(v)}
          >
            v{v}
          </button>
        ))}
        {versions.data?.deleted.map((v) => (
          <span key={v} className="sr-deleted mono" title="soft-deleted" data-deleted-version={v}>
            v{v}
          </span>
        ))}
        <span className="spacer" />
        {live.length >= 2 ? (
          <button type="button" className="btn btn-sm" aria-pressed={showDiff} onClick={() => setShowDiff((s) => !s)}>
            {showDiff ? 'Hide diff' : 'Diff versions'}
          </button>
        ) : null}
        {!readOnly && version !== null ? (
          <button
            type="button"
            className="btn btn-sm"
            disabled={busy}
            onClick={() => setDeleting({ kind: 'version', permanent: false })}
          >
            Delete v{version}
          </button>
        ) : null}
      </div>
      {showDiff && live.length >= 2 ? (
        <SchemaDiff connectionId={connectionId} subject={subject} versions={live} />
      ) : null}
      {schema.error ? <ErrorBanner error={schema.error} /> : null}
      {schema.data && !showDiff ? (
        <>
          <div className="muted" data-testid="schema-meta">
            v{schema.data.version} · id {schema.data.id} · {SCHEMA_TYPE_LABEL[schema.data.schemaType]}
            {schema.data.references.length > 0
              ? ` · references ${schema.data.references.map((r) => `${r.name} (${r.subject} v${r.version})`).join(', ')}`
              : ''}
          </div>
          <CodeEditor
            value={prettyText(schema.data.schemaType, schema.data.schema)}
            onChange={() => undefined}
            {...(schema.data.schemaType === 'PROTOBUF' ? {} : { language: jsonLanguage })}
            readOnly
            maxHeight={480}
            ariaLabel={`Schema of ${subject} v${schema.data.version}`}
            testId="schema-viewer"
          />
        </>
      ) : null}
      {registering && schema.data ? (
        <RegisterDialog
          connectionId={connectionId}
          subject={subject}
          initialType={schema.data.schemaType}
          initialText={prettyText(schema.data.schemaType, schema.data.schema)}
          onClose={() => setRegistering(false)}
          onDone={(_s, v) => {
            setRegistering(false);
            setPicked(v);
            refresh();
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={deleteTitle(deleting, subject, version)}
          message={
            deleting.permanent
              ? 'The registry forgets it for good (soft delete first, then the permanent one). Consumers that still meet its schema id can no longer decode those records.'
              : 'A soft delete: the registry stops serving it as a version, and keeps the schema id readable. It can be deleted permanently afterwards.'
          }
          confirmLabel={deleting.permanent ? 'Delete permanently' : 'Delete'}
          danger
          {...(deleting.permanent ? { requireText: subject } : {})}
          busy={busy}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      ) : null}
    </section>
  );
}

function deleteTitle(d: Deleting, subject: string, version: number | null): string {
  const what = d.kind === 'version' ? `version ${version ?? '?'} of ${subject}` : `subject ${subject}`;
  return d.permanent ? `Permanently delete ${what}?` : `Delete ${what}?`;
}

function prettyText(type: string, text: string): string {
  if (type === 'PROTOBUF') return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
