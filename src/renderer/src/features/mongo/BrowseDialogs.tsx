import { useState, type ReactNode } from 'react';
import { client } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';

export type CreateTarget = { kind: 'database' } | { kind: 'collection'; db: string };
export type DropTarget = { kind: 'database'; db: string } | { kind: 'collection'; db: string; collection: string };

/** New database (MongoDB creates it with its first collection) or new collection, optionally capped. */
export function CreateDialog(props: {
  connectionId: string;
  target: CreateTarget;
  onClose(): void;
  onDone(db: string, collection: string): void;
}): ReactNode {
  const { connectionId, target } = props;
  const [db, setDb] = useState(target.kind === 'collection' ? target.db : '');
  const [collection, setCollection] = useState('');
  const [capped, setCapped] = useState(false);
  const [size, setSize] = useState('1048576');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (target.kind === 'database') await client.invoke('mongo.databases.create', { connectionId, db, collection });
      else
        await client.invoke('mongo.collections.create', {
          connectionId,
          db,
          collection,
          options: capped ? { capped: true, size: Number(size) } : { capped: false },
        });
      props.onDone(db, collection);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={
        target.kind === 'database'
          ? 'New database'
          : `New collection in ${target.kind === 'collection' ? target.db : ''}`
      }
      description={target.kind === 'database' ? 'MongoDB creates a database with its first collection.' : undefined}
      onClose={props.onClose}
      size="sm"
      testId="mongo-create-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void submit()}>
            Create
          </button>
        </>
      }
    >
      <form
        className="mg-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {target.kind === 'database' ? (
          <label className="mg-form-row">
            Database name
            <input className="input" data-autofocus value={db} onChange={(e) => setDb(e.target.value)} />
          </label>
        ) : null}
        <label className="mg-form-row">
          Collection name
          <input
            className="input"
            {...(target.kind === 'collection' ? { 'data-autofocus': true } : {})}
            value={collection}
            onChange={(e) => setCollection(e.target.value)}
          />
        </label>
        {target.kind === 'collection' ? (
          <>
            <label className="check">
              <input type="checkbox" checked={capped} onChange={(e) => setCapped(e.target.checked)} /> Capped
            </label>
            {capped ? (
              <label className="mg-form-row">
                Maximum size (bytes)
                <input className="input" type="number" min={1} value={size} onChange={(e) => setSize(e.target.value)} />
              </label>
            ) : null}
          </>
        ) : null}
        <button type="submit" hidden />
      </form>
      {error ? <ErrorBanner error={error} /> : null}
    </Dialog>
  );
}

/** Drop with the name typed (the core checks it too). */
export function DropDialog(props: {
  connectionId: string;
  target: DropTarget;
  onClose(): void;
  onDone(): void;
}): ReactNode {
  const { connectionId, target } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const name = target.kind === 'database' ? target.db : target.collection;
  const run = async (): Promise<void> => {
    setBusy(true);
    try {
      if (target.kind === 'database')
        await client.invoke('mongo.databases.drop', { connectionId, db: target.db, confirmName: name });
      else
        await client.invoke('mongo.collections.drop', {
          connectionId,
          db: target.db,
          collection: target.collection,
          confirmName: name,
        });
      props.onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={`Drop ${target.kind} ${name}?`}
      message={
        <>
          {target.kind === 'database'
            ? 'Every collection, document and index of this database will be deleted. This cannot be undone.'
            : 'Every document and index of this collection will be deleted. This cannot be undone.'}
          {error ? <ErrorBanner error={error} /> : null}
        </>
      }
      confirmLabel="Drop"
      danger
      requireText={name}
      busy={busy}
      onConfirm={() => void run()}
      onCancel={props.onClose}
    />
  );
}
