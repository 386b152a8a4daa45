import { useState, type ReactNode } from 'react';
import type { IndexInfo } from '../../../../../shared/contract/mongo/admin';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { IconPlus, IconTrash } from '../../../ui/icons';
import { useToast } from '../../../ui/toast';
import { formatCount, formatSize } from '../format';

type Target = { connectionId: string; db: string; collection: string };

function flags(ix: IndexInfo): string[] {
  const out: string[] = [];
  if (ix.unique) out.push('unique');
  if (ix.sparse) out.push('sparse');
  if (ix.hidden) out.push('hidden');
  if (ix.ttlSeconds !== null) out.push(`TTL ${ix.ttlSeconds}s`);
  if (ix.partialFilter) out.push('partial');
  return out;
}

/** Indexes with keys, type, options, size and usage; create with options, drop with the name typed. */
export function IndexesTab({ target, writable }: { target: Target; writable: boolean }): ReactNode {
  const list = useInvoke('mongo.indexes.list', target);
  const [creating, setCreating] = useState(false);
  const [dropping, setDropping] = useState<string | null>(null);
  const [dropError, setDropError] = useState<unknown>(null);
  const toast = useToast();
  return (
    <div className="mg-tab" data-testid="mongo-indexes">
      <div className="mg-toolbar">
        <span className="mg-muted">{list.data ? `${list.data.indexes.length} indexes` : 'Loading…'}</span>
        {list.data && !list.data.usageSupported ? (
          <span className="mg-muted">Usage: $indexStats is not supported by this server.</span>
        ) : null}
        <span className="mg-spacer" />
        <button type="button" className="btn btn-sm" onClick={list.reload}>
          Refresh
        </button>
        {writable ? (
          <button
            type="button"
            className="btn btn-sm btn-primary"
            onClick={() => setCreating(true)}
            data-testid="mongo-create-index"
          >
            <IconPlus /> Create index
          </button>
        ) : null}
      </div>
      {list.error ? <ErrorBanner error={list.error} /> : null}
      <table className="mg-table" data-testid="mongo-index-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Keys</th>
            <th>Type</th>
            <th>Options</th>
            <th>Size</th>
            <th>Usage</th>
            {writable ? <th aria-label="Actions" /> : null}
          </tr>
        </thead>
        <tbody>
          {(list.data?.indexes ?? []).map((ix) => (
            <tr key={ix.name} data-testid="mongo-index" data-name={ix.name}>
              <td className="mono">{ix.name}</td>
              <td className="mono">{ix.keys}</td>
              <td>{ix.type}</td>
              <td>{flags(ix).join(', ') || '—'}</td>
              <td>{formatSize(ix.size)}</td>
              <td>{ix.usage === null ? '—' : `${formatCount(ix.usage)} ops`}</td>
              {writable ? (
                <td>
                  {ix.name !== '_id_' ? (
                    <button
                      type="button"
                      className="icon-btn"
                      aria-label={`Drop index ${ix.name}`}
                      onClick={() => setDropping(ix.name)}
                    >
                      <IconTrash />
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {creating ? (
        <CreateIndexDialog
          target={target}
          onClose={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            toast.push({ tone: 'success', title: `Index ${name} created.` });
            list.reload();
          }}
        />
      ) : null}
      {dropping ? (
        <ConfirmDialog
          title={`Drop index ${dropping}?`}
          message={
            <>
              Queries that use it will scan instead.
              {dropError ? <ErrorBanner error={dropError} /> : null}
            </>
          }
          confirmLabel="Drop"
          danger
          requireText={dropping}
          onCancel={() => {
            setDropping(null);
            setDropError(null);
          }}
          onConfirm={() => {
            client.invoke('mongo.indexes.drop', { ...target, name: dropping, confirmName: dropping }).then(() => {
              setDropping(null);
              list.reload();
            }, setDropError);
          }}
        />
      ) : null}
    </div>
  );
}

function CreateIndexDialog(props: { target: Target; onClose(): void; onCreated(name: string): void }): ReactNode {
  const [keys, setKeys] = useState('{ field: 1 }');
  const [name, setName] = useState('');
  const [unique, setUnique] = useState(false);
  const [sparse, setSparse] = useState(false);
  const [hidden, setHidden] = useState(false);
  const [ttl, setTtl] = useState('');
  const [partial, setPartial] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const res = await client.invoke('mongo.indexes.create', {
        ...props.target,
        keys,
        options: {
          ...(name.trim() ? { name: name.trim() } : {}),
          unique,
          sparse,
          hidden,
          ...(ttl.trim() ? { expireAfterSeconds: Number(ttl) } : {}),
          ...(partial.trim() ? { partialFilterExpression: partial } : {}),
        },
      });
      props.onCreated(res.name);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Create index"
      description='Keys in shell syntax: { a: 1, b: -1 }, { text: "text" }, { loc: "2dsphere" }, { id: "hashed" }.'
      size="md"
      onClose={props.onClose}
      testId="mongo-index-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => void create()}
            data-testid="mongo-index-create"
          >
            Create
          </button>
        </>
      }
    >
      <div className="mg-form">
        <label className="mg-form-row">
          Keys
          <input
            className="input mono"
            data-autofocus
            aria-label="Index keys"
            value={keys}
            onChange={(e) => setKeys(e.target.value)}
          />
        </label>
        <label className="mg-form-row">
          Name (optional)
          <input className="input" aria-label="Index name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="mg-toolbar">
          <label className="check">
            <input type="checkbox" checked={unique} onChange={(e) => setUnique(e.target.checked)} /> Unique
          </label>
          <label className="check">
            <input type="checkbox" checked={sparse} onChange={(e) => setSparse(e.target.checked)} /> Sparse
          </label>
          <label className="check">
            <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} /> Hidden
          </label>
        </div>
        <label className="mg-form-row">
          TTL (seconds, optional)
          <input
            className="input"
            type="number"
            min={0}
            aria-label="TTL seconds"
            value={ttl}
            onChange={(e) => setTtl(e.target.value)}
          />
        </label>
        <label className="mg-form-row">
          Partial filter (optional)
          <input
            className="input mono"
            aria-label="Partial filter"
            placeholder="{ qty: { $gt: 10 } }"
            value={partial}
            onChange={(e) => setPartial(e.target.value)}
          />
        </label>
      </div>
      {error ? <ErrorBanner error={error} /> : null}
    </Dialog>
  );
}
