import { useState, type ReactNode } from 'react';
import { AclOperation, AclResourceType, type AclFilter } from '../../../../../shared/contract/kafka/acls';
import { useInvoke } from '../../../api/hooks';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { AclTable } from './AclTable';
import { CreateAclDialog } from './CreateAclDialog';
import { DeleteAclsDialog } from './DeleteAclsDialog';
import { EMPTY_FILTER, filterOf, type FilterForm } from './logic';

const SELECTS: ReadonlyArray<{ key: keyof FilterForm; label: string; options: readonly string[] }> = [
  { key: 'resourceType', label: 'Resource type', options: AclResourceType.options },
  { key: 'patternType', label: 'Pattern type', options: ['LITERAL', 'PREFIXED', 'MATCH'] },
  { key: 'operation', label: 'Operation', options: AclOperation.options },
  { key: 'permission', label: 'Permission', options: ['ALLOW', 'DENY'] },
];
const TEXTS: ReadonlyArray<{ key: keyof FilterForm; label: string; placeholder: string }> = [
  { key: 'principal', label: 'Principal', placeholder: 'User:alice' },
  { key: 'resourceName', label: 'Resource name', placeholder: 'any' },
  { key: 'host', label: 'Host', placeholder: 'any' },
];

/**
 * The ACL screen: the bindings matching a filter (DescribeAcls), "Create ACL"
 * and "Delete matching…". A read-only connection is offered no write (core
 * refuses them anyway).
 */
export function AclsView({ connectionId, readOnly }: { connectionId: string; readOnly: boolean }): ReactNode {
  const [form, setForm] = useState<FilterForm>(EMPTY_FILTER);
  const [filter, setFilter] = useState<AclFilter>({});
  const [dialog, setDialog] = useState<'create' | 'delete' | null>(null);
  const list = useInvoke('kafka.acls.list', { connectionId, filter });
  const set = (key: keyof FilterForm, value: string): void => setForm((f) => ({ ...f, [key]: value }));
  const done = (): void => {
    setDialog(null);
    list.reload();
  };

  return (
    <div className="page connect-page" data-testid="kafka-acls">
      <div className="page-head">
        <div className="page-head-text">
          <h1 className="page-title">ACLs</h1>
          <div className="page-sub muted" data-testid="acl-count">
            {list.data
              ? `${list.data.total} binding${list.data.total === 1 ? '' : 's'}${list.data.truncated ? ` (first ${list.data.bindings.length} shown)` : ''}`
              : list.loading
                ? 'Loading…'
                : ''}
          </div>
        </div>
        <div className="spacer" />
        <div className="page-actions">
          <button type="button" className="btn btn-sm" onClick={list.reload} disabled={list.loading}>
            Refresh
          </button>
          {readOnly ? null : (
            <>
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => setDialog('delete')}
                disabled={!list.data || list.data.total === 0}
              >
                Delete matching…
              </button>
              <button type="button" className="btn btn-sm btn-primary" onClick={() => setDialog('create')}>
                Create ACL
              </button>
            </>
          )}
        </div>
      </div>
      <form
        className="acl-filter"
        aria-label="ACL filter"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(filterOf(form));
        }}
      >
        {TEXTS.map((t) => (
          <label key={t.key}>
            {t.label}
            <input value={form[t.key]} placeholder={t.placeholder} onChange={(e) => set(t.key, e.target.value)} />
          </label>
        ))}
        {SELECTS.map((s) => (
          <label key={s.key}>
            {s.label}
            <select value={form[s.key]} onChange={(e) => set(s.key, e.target.value)}>
              <option value="">any</option>
              {s.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </label>
        ))}
        <button type="submit" className="btn btn-sm">
          Apply filter
        </button>
      </form>
      {list.error ? <ErrorBanner error={list.error} /> : null}
      {list.data ? <AclTable bindings={list.data.bindings} testId="acls" /> : null}
      {dialog === 'create' ? (
        <CreateAclDialog connectionId={connectionId} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog === 'delete' ? (
        <DeleteAclsDialog connectionId={connectionId} filter={filter} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
    </div>
  );
}
