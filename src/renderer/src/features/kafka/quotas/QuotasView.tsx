import { useState, type ReactNode } from 'react';
import {
  QUOTA_KEYS,
  quotaEntityText,
  type QuotaEntry,
  type QuotaFilter,
} from '../../../../../shared/contract/kafka/quotas';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { EditQuotaDialog } from './EditQuotaDialog';
import { EMPTY_FILTER, filterOf, type FilterForm } from './logic';
import { QuotaTable } from './QuotaTable';

type DialogState = { kind: 'edit'; entry: QuotaEntry | undefined } | { kind: 'remove'; entry: QuotaEntry } | null;

/**
 * The client quota screen: users, client ids, user+client-id pairs and IP
 * addresses with their quotas (DescribeClientQuotas), a filter, "Set quota", and per entity
 * "Edit" and "Remove". A read-only connection is offered no write (core
 * refuses them anyway).
 */
export function QuotasView({ connectionId, readOnly }: { connectionId: string; readOnly: boolean }): ReactNode {
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTER);
  const [filter, setFilter] = useState<QuotaFilter>({ strict: false });
  const [dialog, setDialog] = useState<DialogState>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const list = useInvoke('kafka.quotas.list', { connectionId, filter });
  const done = (): void => {
    setDialog(null);
    list.reload();
  };
  const count = list.data?.entries.length ?? 0;

  const removeAll = async (entry: QuotaEntry): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const remove = QUOTA_KEYS.filter((k) => entry.values[k] !== undefined);
      await client.invoke('kafka.quotas.alter', { connectionId, entries: [{ entity: entry.entity, remove }] });
      done();
    } catch (e) {
      setError(e);
      setDialog(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page connect-page" data-testid="kafka-quotas">
      <div className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">Quotas</h1>
          <div className="page-sub muted" data-testid="quota-count">
            {list.data ? `${count} entit${count === 1 ? 'y' : 'ies'} with quotas` : list.loading ? 'Loading…' : ''}
          </div>
        </div>
        <div className="spacer" />
        <div className="page-actions">
          <button type="button" className="btn btn-sm" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
          {readOnly ? null : (
            <button
              type="button"
              className="btn btn-sm btn-primary"
              onClick={() => setDialog({ kind: 'edit', entry: undefined })}
            >
              Set quota
            </button>
          )}
        </div>
      </div>
      <form
        className="acl-filter"
        aria-label="Quota filter"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(filterOf(form));
        }}
      >
        <label>
          Entity type
          <select
            value={form.type}
            onChange={(e) => setForm((f) => ({ ...f, type: e.target.value as FilterForm['type'] }))}
          >
            <option value="all">all</option>
            <option value="user">user</option>
            <option value="client-id">client-id</option>
            <option value="ip">ip</option>
          </select>
        </label>
        <label>
          Match
          <select
            value={form.match}
            disabled={form.type === 'all'}
            onChange={(e) => setForm((f) => ({ ...f, match: e.target.value as FilterForm['match'] }))}
          >
            <option value="any">any</option>
            <option value="exact">exact</option>
            <option value="default">&lt;default&gt;</option>
          </select>
        </label>
        <label>
          Name
          <input
            value={form.name}
            disabled={form.type === 'all' || form.match !== 'exact'}
            onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))}
          />
        </label>
        <button type="submit" className="btn btn-sm">
          Apply filter
        </button>
      </form>
      {list.error ? <ErrorBanner error={list.error} /> : null}
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {list.data ? (
        <QuotaTable
          entries={list.data.entries}
          {...(readOnly
            ? {}
            : {
                onEdit: (entry: QuotaEntry) => setDialog({ kind: 'edit', entry }),
                onRemove: (entry: QuotaEntry) => setDialog({ kind: 'remove', entry }),
              })}
        />
      ) : null}
      {dialog?.kind === 'edit' ? (
        <EditQuotaDialog
          connectionId={connectionId}
          existing={dialog.entry}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <ConfirmDialog
          title="Remove quotas"
          message={
            <>
              <div>Remove every quota of {quotaEntityText(dialog.entry.entity)}:</div>
              <ul>
                {QUOTA_KEYS.filter((k) => dialog.entry.values[k] !== undefined).map((k) => (
                  <li key={k} className="mono">
                    {`${k} = ${dialog.entry.values[k]}`}
                  </li>
                ))}
              </ul>
              <div>Its clients are then limited only by broader quotas (such as a default), if any.</div>
            </>
          }
          confirmLabel="Remove"
          danger
          busy={busy}
          onConfirm={() => void removeAll(dialog.entry)}
          onCancel={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}
