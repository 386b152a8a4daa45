import { useState, type ReactNode } from 'react';
import { ConnectorOffset, type ConnectState } from '../../../../../shared/contract/kafka/connect';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';

type Parsed = { ok: true; offsets: ConnectorOffset[] } | { ok: false; error: string };

/** The offsets JSON as typed: an array of `{ partition, offset }` (offset null resets that partition). */
function parseOffsets(text: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  const r = ConnectorOffset.array().min(1).safeParse(value);
  return r.success
    ? { ok: true, offsets: r.data }
    : { ok: false, error: 'Give an array of { "partition": {...}, "offset": {...} or null } objects.' };
}

/**
 * A connector's offsets (KIP-875): shown on request; altered (PATCH) or reset
 * (DELETE, confirmed) only while the connector is STOPPED, which Connect
 * requires. Core and Connect refuse otherwise; here the buttons say why.
 */
export function OffsetsSection({
  connectionId,
  name,
  state,
  readOnly,
}: {
  connectionId: string;
  name: string;
  state: ConnectState;
  readOnly: boolean;
}): ReactNode {
  const [shown, setShown] = useState(false);
  const offsets = useInvoke('kafka.connect.offsets.get', { connectionId, name }, { enabled: shown });
  const [text, setText] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const stopped = state === 'STOPPED';
  const parsed = text === null ? null : parseOffsets(text);

  const act = async (what: 'alter' | 'reset'): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r =
        what === 'reset'
          ? await client.invoke('kafka.connect.offsets.reset', { connectionId, name })
          : parsed?.ok
            ? await client.invoke('kafka.connect.offsets.alter', { connectionId, name, offsets: parsed.offsets })
            : null;
      if (r) setMessage(r.message);
      setText(null);
      offsets.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      setResetting(false);
    }
  };

  return (
    <div className="connect-offsets" data-testid="connector-offsets-section">
      <h3>
        Offsets{' '}
        <button type="button" className="btn btn-sm" onClick={() => (shown ? offsets.reload() : setShown(true))}>
          {shown ? 'Refresh offsets' : 'Show offsets'}
        </button>
        {shown && !readOnly ? (
          <>
            {' '}
            <button
              type="button"
              className="btn btn-sm"
              disabled={!stopped || !offsets.data || busy}
              title={stopped ? undefined : 'Connect alters offsets only of a STOPPED connector: Stop it first'}
              onClick={() => setText(JSON.stringify(offsets.data?.offsets ?? [], null, 2))}
            >
              Edit offsets
            </button>{' '}
            <button
              type="button"
              className="btn btn-sm btn-danger"
              disabled={!stopped || busy}
              title={stopped ? undefined : 'Connect resets offsets only of a STOPPED connector: Stop it first'}
              onClick={() => setResetting(true)}
            >
              Reset offsets
            </button>
          </>
        ) : null}
      </h3>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {message ? <div className="muted">{message}</div> : null}
      {shown && offsets.error ? <ErrorBanner error={offsets.error} /> : null}
      {shown && text === null && !offsets.error ? (
        <pre className="connect-config mono" data-testid="connector-offsets">
          {offsets.data ? JSON.stringify(offsets.data.offsets, null, 2) : 'Loading…'}
        </pre>
      ) : null}
      {text !== null ? (
        <div className="connect-form">
          <textarea
            className="input mono connect-json"
            aria-label="Offsets JSON"
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            rows={8}
          />
          {parsed && !parsed.ok ? (
            <div className="field-error" role="alert">
              {parsed.error}
            </div>
          ) : null}
          <div className="kt-actions">
            <button type="button" className="btn btn-sm" onClick={() => setText(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-sm btn-primary"
              disabled={!parsed?.ok || busy}
              onClick={() => void act('alter')}
            >
              Apply offsets
            </button>
          </div>
        </div>
      ) : null}
      {resetting ? (
        <ConfirmDialog
          title={`Reset the offsets of ${name}?`}
          message="Every offset of this connector is removed; when resumed it starts over (a file source reads its file from the start)."
          confirmLabel="Reset offsets"
          danger
          requireText={name}
          busy={busy}
          onConfirm={() => void act('reset')}
          onCancel={() => setResetting(false)}
        />
      ) : null}
    </div>
  );
}
