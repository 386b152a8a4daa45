import { useState, type ReactNode } from 'react';
import {
  CLIENT_QUOTA_KEYS,
  IP_QUOTA_KEYS,
  QUOTA_KEY_HELP,
  type QuotaEntry,
} from '../../../../../shared/contract/kafka/quotas';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import {
  changeOf,
  entityOf,
  ipEntityOf,
  kindOf,
  partOf,
  valuesFormOf,
  type EntityKind,
  type EntityPart,
  type ValuesForm,
} from './logic';

function PartFields({
  label,
  part,
  onChange,
  locked,
  optional = true,
}: {
  label: string;
  part: EntityPart;
  onChange: (p: EntityPart) => void;
  locked: boolean;
  /** False: no "(none)" (an IP entity always names an address or the default). */
  optional?: boolean;
}): ReactNode {
  return (
    <>
      <label>
        {label}
        <select
          value={part.mode}
          disabled={locked}
          onChange={(e) => onChange({ ...part, mode: e.target.value as EntityPart['mode'] })}
        >
          {optional ? <option value="none">(none)</option> : null}
          <option value="name">a name</option>
          <option value="default">&lt;default&gt;</option>
        </select>
      </label>
      <label>
        {`${label} name`}
        <input
          value={part.name}
          disabled={locked || part.mode !== 'name'}
          onChange={(e) => onChange({ ...part, name: e.target.value })}
        />
      </label>
    </>
  );
}

/**
 * Set or change the quotas of one entity (a user, a client id, or the pair;
 * or an IP address; each may be `<default>`). The exact changes are listed before anything is
 * sent: a new number is set, an emptied field is removed. "Check with
 * broker" sends them with validateOnly; "Apply" sends them for real.
 */
export function EditQuotaDialog({
  connectionId,
  existing,
  onClose,
  onDone,
}: {
  connectionId: string;
  /** The entity being edited; undefined for a new one. */
  existing: QuotaEntry | undefined;
  onClose: () => void;
  onDone: () => void;
}): ReactNode {
  const [kind, setKind] = useState<EntityKind>(existing ? kindOf(existing.entity) : 'client');
  const [user, setUser] = useState<EntityPart>(existing ? partOf(existing.entity.user) : { mode: 'name', name: '' });
  const [clientId, setClientId] = useState<EntityPart>(partOf(existing?.entity.clientId));
  const [ip, setIp] = useState<EntityPart>(
    existing?.entity.ip !== undefined ? partOf(existing.entity.ip) : { mode: 'name', name: '' },
  );
  const [form, setForm] = useState<ValuesForm>(valuesFormOf(existing?.values ?? {}));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const entity = kind === 'ip' ? ipEntityOf(ip) : entityOf(user, clientId);
  const change = changeOf(entity, existing?.values ?? {}, form);
  const keys = kind === 'ip' ? IP_QUOTA_KEYS : CLIENT_QUOTA_KEYS;

  const send = async (validateOnly: boolean): Promise<void> => {
    if (!change.result.ok) return;
    setBusy(true);
    setError(null);
    setChecked(null);
    try {
      await client.invoke('kafka.quotas.alter', {
        connectionId,
        entries: [change.result.alteration],
        validateOnly,
      });
      if (validateOnly) {
        setChecked('The broker accepts this change. Nothing has been applied yet.');
        setBusy(false);
      } else onDone();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={existing ? 'Edit quotas' : 'Set quotas'}
      description="Quotas apply per broker. An empty field has no quota (it is removed if it had one)."
      onClose={onClose}
      testId="edit-quota-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn" disabled={!change.result.ok || busy} onClick={() => void send(true)}>
            Check with broker
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!change.result.ok || busy}
            onClick={() => void send(false)}
          >
            {busy ? 'Applying…' : 'Apply'}
          </button>
        </>
      }
    >
      <div className="form-grid kafka-form">
        <label>
          Entity type
          <select
            value={kind}
            disabled={existing !== undefined}
            onChange={(e) => {
              setChecked(null);
              setKind(e.target.value as EntityKind);
            }}
          >
            <option value="client">user / client id</option>
            <option value="ip">IP address</option>
          </select>
        </label>
        {kind === 'ip' ? (
          <PartFields label="IP" part={ip} onChange={setIp} locked={existing !== undefined} optional={false} />
        ) : (
          <>
            <PartFields label="User" part={user} onChange={setUser} locked={existing !== undefined} />
            <PartFields label="Client id" part={clientId} onChange={setClientId} locked={existing !== undefined} />
          </>
        )}
        {keys.map((k) => (
          <label key={k} title={QUOTA_KEY_HELP[k]}>
            {k}
            <input
              inputMode="decimal"
              value={form[k]}
              placeholder="no quota"
              onChange={(e) => {
                setChecked(null);
                setForm((f) => ({ ...f, [k]: e.target.value }));
              }}
            />
          </label>
        ))}
      </div>
      <div className="kt-footnote" data-testid="quota-change-preview">
        {change.result.ok ? (
          <>
            <div>Will change:</div>
            <ul>
              {change.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          </>
        ) : (
          `Not yet valid: ${change.result.problems.join(' ')}`
        )}
      </div>
      {checked ? (
        <div className="muted" data-testid="quota-check">
          {checked}
        </div>
      ) : null}
      {error ? <ErrorBanner error={error} /> : null}
    </Dialog>
  );
}
