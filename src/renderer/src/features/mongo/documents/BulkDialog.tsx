import { useMemo, useState, type ReactNode } from 'react';
import { previewText } from '../../../../../shared/contract/mongo/value';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { CodeEditor } from '../../../ui/CodeEditor';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { formatCount } from '../format';
import { queryCompletion, shellLanguage } from '../queryLanguage';
import type { CollectionTarget } from './DocumentsTab';

/**
 * Update-many and delete-many from the current filter: the count of matches
 * and the first documents are shown first, and the button says how many
 * documents it will change.
 */
export function BulkDialog(props: {
  target: CollectionTarget;
  kind: 'update' | 'delete';
  filter: string;
  onClose(): void;
  onDone(message: string): void;
}): ReactNode {
  const { target, kind, filter } = props;
  const [update, setUpdate] = useState('{ $set: {  } }');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const count = useInvoke('mongo.documents.count', { ...target, filter });
  const first = useInvoke('mongo.documents.find', { ...target, query: { filter, limit: 3 }, pageSize: 20 });
  const completion = useMemo(() => queryCompletion(() => [], 'query'), []);
  const n = count.data?.value;
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (kind === 'delete') {
        const res = await client.invoke('mongo.documents.deleteMany', { ...target, filter });
        props.onDone(`${formatCount(res.deletedCount)} documents deleted.`);
      } else {
        const res = await client.invoke('mongo.documents.updateMany', { ...target, filter, update });
        props.onDone(
          `${formatCount(res.modifiedCount)} of ${formatCount(res.matchedCount)} matching documents updated.`,
        );
      }
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={kind === 'delete' ? 'Delete matching documents' : 'Update matching documents'}
      description={`Filter: ${filter.trim() || '{} (every document)'}`}
      size="md"
      onClose={props.onClose}
      testId="mongo-bulk-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${kind === 'delete' ? 'btn-danger' : 'btn-primary'}`}
            disabled={busy || n === undefined}
            onClick={() => void run()}
            data-testid="mongo-bulk-run"
          >
            {kind === 'delete' ? 'Delete' : 'Update'}{' '}
            {n === undefined ? '' : count.data?.kind === 'exact' ? formatCount(n) : `${formatCount(n)}+`} documents
          </button>
        </>
      }
    >
      {count.error ? <ErrorBanner error={count.error} /> : null}
      <p data-testid="mongo-bulk-count">
        {count.data
          ? `${count.data.kind === 'exact' ? '' : 'About '}${formatCount(count.data.value)} documents match.`
          : 'Counting…'}
      </p>
      {first.data ? (
        <ul className="mg-bulk-first mono">
          {first.data.documents.map((d, i) => (
            <li key={i}>{previewText(d.doc, 160)}</li>
          ))}
        </ul>
      ) : null}
      {kind === 'update' ? (
        <CodeEditor
          value={update}
          onChange={setUpdate}
          language={shellLanguage}
          completion={completion}
          minHeight={80}
          maxHeight={240}
          ariaLabel="Update"
          testId="mongo-bulk-update"
          running={false}
        />
      ) : null}
      {error ? <ErrorBanner error={error} /> : null}
    </Dialog>
  );
}
