import { useState, type ReactNode } from 'react';
import type { AclFilter } from '../../../../../shared/contract/kafka/acls';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { AclTable } from './AclTable';

/**
 * Delete the bindings the current filter matches: the dialog lists them
 * afresh (DescribeAcls), and "Delete" sends exactly those rows, so a binding
 * created after the preview is not taken with them.
 */
export function DeleteAclsDialog({
  connectionId,
  filter,
  onClose,
  onDone,
}: {
  connectionId: string;
  filter: AclFilter;
  onClose: () => void;
  onDone: () => void;
}): ReactNode {
  const preview = useInvoke('kafka.acls.list', { connectionId, filter });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const rows = preview.data?.bindings ?? [];
  const tooMany = preview.data?.truncated ?? false;

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await client.invoke('kafka.acls.delete', { connectionId, bindings: rows });
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Delete ACLs"
      description="These are exactly the bindings that will be deleted. Nothing has changed yet."
      onClose={onClose}
      size="lg"
      testId="delete-acls-dialog"
      footer={
        <>
          <span className="muted kt-footnote">
            {tooMany ? 'More bindings match than can be shown; narrow the filter.' : ' '}
          </span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={busy || rows.length === 0 || tooMany}
            onClick={() => void submit()}
          >
            {busy ? 'Deleting…' : `Delete ${rows.length} binding${rows.length === 1 ? '' : 's'}`}
          </button>
        </>
      }
    >
      {preview.error ? <ErrorBanner error={preview.error} /> : null}
      {preview.loading ? (
        <div className="muted">Loading…</div>
      ) : (
        <AclTable bindings={rows} testId="acl-delete-preview" />
      )}
      {error ? <ErrorBanner error={error} /> : null}
    </Dialog>
  );
}
