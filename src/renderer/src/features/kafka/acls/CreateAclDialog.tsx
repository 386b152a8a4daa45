import { useState, type ReactNode } from 'react';
import {
  ACL_OPERATIONS_BY_RESOURCE,
  AclBinding,
  AclPermission,
  AclResourceType,
  CLUSTER_RESOURCE_NAME,
} from '../../../../../shared/contract/kafka/acls';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { bindingText } from './logic';

/**
 * Create one ACL binding. The binding it would send is shown as one line as
 * soon as the form is valid (checked with the contract's own schema, so the
 * form and core agree); "Create" sends exactly that line.
 */
export function CreateAclDialog({
  connectionId,
  onClose,
  onDone,
}: {
  connectionId: string;
  onClose: () => void;
  onDone: () => void;
}): ReactNode {
  const [principal, setPrincipal] = useState('User:');
  const [resourceType, setResourceType] = useState<AclResourceType>('TOPIC');
  const [resourceName, setResourceName] = useState('');
  const [patternType, setPatternType] = useState<'LITERAL' | 'PREFIXED'>('LITERAL');
  const [operation, setOperation] = useState<string>('READ');
  const [permission, setPermission] = useState<AclPermission>('ALLOW');
  const [host, setHost] = useState('*');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cluster = resourceType === 'CLUSTER';
  const parsed = AclBinding.safeParse({
    resourceType,
    resourceName: cluster ? CLUSTER_RESOURCE_NAME : resourceName,
    patternType: cluster ? 'LITERAL' : patternType,
    principal: principal.trim(),
    host: host.trim(),
    operation,
    permission,
  });

  const submit = async (): Promise<void> => {
    if (!parsed.success) return;
    setBusy(true);
    setError(null);
    try {
      await client.invoke('kafka.acls.create', { connectionId, bindings: [parsed.data] });
      onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Create ACL"
      description="One binding: who may (or may not) do what, on which resource, from which host."
      onClose={onClose}
      testId="create-acl-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!parsed.success || busy}
            onClick={() => void submit()}
          >
            {busy ? 'Creating…' : 'Create'}
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label>
          Principal
          <input value={principal} onChange={(e) => setPrincipal(e.target.value)} data-autofocus />
        </label>
        <label>
          Resource type
          <select
            value={resourceType}
            onChange={(e) => {
              const t = AclResourceType.parse(e.target.value);
              setResourceType(t);
              if (!ACL_OPERATIONS_BY_RESOURCE[t].some((o) => o === operation)) setOperation('ALL');
            }}
          >
            {AclResourceType.options.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        {cluster ? null : (
          <>
            <label>
              Resource name
              <input value={resourceName} onChange={(e) => setResourceName(e.target.value)} />
            </label>
            <label>
              Pattern type
              <select
                value={patternType}
                onChange={(e) => setPatternType(e.target.value === 'PREFIXED' ? 'PREFIXED' : 'LITERAL')}
              >
                <option>LITERAL</option>
                <option>PREFIXED</option>
              </select>
            </label>
          </>
        )}
        <label>
          Operation
          <select value={operation} onChange={(e) => setOperation(e.target.value)}>
            {ACL_OPERATIONS_BY_RESOURCE[resourceType].map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          Permission
          <select value={permission} onChange={(e) => setPermission(AclPermission.parse(e.target.value))}>
            <option>ALLOW</option>
            <option>DENY</option>
          </select>
        </label>
        <label>
          Host
          <input value={host} onChange={(e) => setHost(e.target.value)} />
        </label>
      </div>
      <div className="kt-footnote" data-testid="acl-binding-preview">
        {parsed.success
          ? `Will create: ${bindingText(parsed.data)}`
          : `Not yet valid: ${parsed.error.issues.map((i) => i.message).join(' ')}`}
      </div>
      {error ? <ErrorBanner error={error} /> : null}
    </Dialog>
  );
}
