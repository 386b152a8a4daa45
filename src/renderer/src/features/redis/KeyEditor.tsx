import { useState, type ReactNode } from 'react';
import type { Profile } from '../../../../shared/contract/connections';
import { bytesToBase64, textToBytes } from '../../../../shared/contract/redis/bytes';
import type { KeyName } from '../../../../shared/contract/redis/common';
import { client } from '../../api/client';
import { useInvoke } from '../../api/hooks';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Dialog } from '../../ui/Dialog';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { EDITORS } from './editors';
import { formatBytes, formatCount, formatTtl, typeLabel } from './format';
import { useKeyAction } from './useKeyAction';

export interface KeyEditorProps {
  connectionId: string;
  db: number | null;
  keyName: KeyName;
  profile: Profile;
  onDeleted(): void;
  onRenamed(key: KeyName): void;
}

const UNIT: Readonly<Record<string, string>> = {
  string: 'bytes',
  hash: 'fields',
  list: 'items',
  set: 'members',
  zset: 'members',
  stream: 'entries',
};

/** One key: its header (type, TTL, size, memory; rename, expire, delete, copy name) and the editor of its type. */
export function KeyEditor(props: KeyEditorProps): ReactNode {
  const { connectionId, db, keyName, profile } = props;
  const info = useInvoke('redis.keys.info', { connectionId, db, keys: [keyName.b64] });
  const i = info.data?.[0];
  const [dialog, setDialog] = useState<'rename' | 'delete' | 'ttl' | null>(null);
  const action = useKeyAction();
  const prod = profile.environment === 'prod';
  const writable = !profile.readOnly;

  if (info.error) return <ErrorBanner error={info.error} />;
  if (!i) return <p className="faint rd-pad">Loading…</p>;
  if (i.type === 'none')
    return (
      <div className="rd-pad" data-testid="redis-key-editor">
        <h2 className="rd-key-title mono">{keyName.display}</h2>
        <p className="rd-note">This key no longer exists: it was deleted or it expired. Refresh the key list.</p>
      </div>
    );
  const Editor = EDITORS[i.type];

  return (
    <div className="rd-editor" data-testid="redis-key-editor" data-type={i.type}>
      <header className="rd-editor-head">
        <div className="rd-editor-title">
          <span className={`rd-type rd-type-${i.type.replace(/[^a-z]/gi, '')}`}>{typeLabel(i.type)}</span>
          <h2 className="rd-key-title mono" title={keyName.display}>
            {keyName.display}
          </h2>
          {keyName.binary ? (
            <span className="rd-flag" title="Not valid UTF-8: shown as escaped bytes, used by its exact bytes">
              binary name
            </span>
          ) : null}
        </div>
        <div className="rd-editor-facts">
          <span data-testid="redis-key-ttl">TTL: {formatTtl(i.ttlMs)}</span>
          {i.length !== null ? (
            <span>
              {formatCount(i.length)} {UNIT[i.type] ?? ''}
            </span>
          ) : null}
          {i.memory !== null ? <span>Memory: {formatBytes(i.memory)}</span> : null}
          <span className="spacer" />
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => void navigator.clipboard?.writeText(keyName.display).catch(() => undefined)}
          >
            Copy name
          </button>
          {writable ? (
            <>
              <button type="button" className="btn btn-sm" onClick={() => setDialog('ttl')}>
                TTL…
              </button>
              <button type="button" className="btn btn-sm" onClick={() => setDialog('rename')}>
                Rename…
              </button>
              <button type="button" className="btn btn-sm btn-danger" onClick={() => setDialog('delete')}>
                Delete…
              </button>
            </>
          ) : (
            <span className="faint">read-only connection</span>
          )}
        </div>
      </header>
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
      <div className="rd-editor-body">
        {Editor ? (
          <Editor
            connectionId={connectionId}
            db={db}
            keyName={keyName}
            info={i}
            profile={profile}
            onChanged={info.reload}
          />
        ) : (
          <p className="rd-note">{i.unsupported ?? `No editor for ${i.type} keys yet.`}</p>
        )}
      </div>
      {dialog === 'delete' ? (
        <ConfirmDialog
          title="Delete key"
          danger
          confirmLabel="Delete"
          busy={action.busy}
          requireText={prod ? keyName.display : undefined}
          message={
            <>
              Delete <strong className="mono">{keyName.display}</strong>
              {i.length !== null ? ` (${formatCount(i.length)} ${UNIT[i.type] ?? ''})` : ''}? This cannot be undone.
            </>
          }
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            void action
              .run(() => client.invoke('redis.key.delete', { connectionId, db, key: keyName.b64 }))
              .then((r) => {
                setDialog(null);
                if (r) props.onDeleted();
              })
          }
        />
      ) : null}
      {dialog === 'rename' ? (
        <RenameDialog
          keyName={keyName}
          busy={action.busy}
          onCancel={() => setDialog(null)}
          onRename={(name, overwrite) =>
            void action
              .run(() =>
                client.invoke('redis.key.rename', {
                  connectionId,
                  db,
                  key: keyName.b64,
                  newKey: bytesToBase64(textToBytes(name)),
                  overwrite,
                }),
              )
              .then((r) => {
                setDialog(null);
                if (r) props.onRenamed(r.key);
              })
          }
        />
      ) : null}
      {dialog === 'ttl' ? (
        <TtlDialog
          ttlMs={i.ttlMs}
          busy={action.busy}
          onCancel={() => setDialog(null)}
          onApply={(ttl) =>
            void action
              .run(() => client.invoke('redis.key.ttl', { connectionId, db, key: keyName.b64, ttl }))
              .then(() => {
                setDialog(null);
                info.reload();
              })
          }
        />
      ) : null}
    </div>
  );
}

function RenameDialog(props: {
  keyName: KeyName;
  busy: boolean;
  onCancel(): void;
  onRename(name: string, overwrite: boolean): void;
}): ReactNode {
  const [name, setName] = useState(props.keyName.binary ? '' : props.keyName.display);
  const [overwrite, setOverwrite] = useState(false);
  return (
    <Dialog
      title="Rename key"
      size="sm"
      onClose={props.onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={props.busy || name === '' || name === props.keyName.display}
            onClick={() => props.onRename(name, overwrite)}
          >
            Rename
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field-label">New name (UTF-8)</span>
        <input
          className="input mono"
          aria-label="New key name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          data-autofocus
        />
      </label>
      <label className="field-check">
        <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /> Replace a key
        that already has this name
      </label>
    </Dialog>
  );
}

type TtlChange = { mode: 'persist' } | { mode: 'in'; seconds: number } | { mode: 'at'; epochMs: number };

function TtlDialog(props: { ttlMs: number; busy: boolean; onCancel(): void; onApply(t: TtlChange): void }): ReactNode {
  const [mode, setMode] = useState<'in' | 'at' | 'persist'>('in');
  const [seconds, setSeconds] = useState(props.ttlMs > 0 ? String(Math.ceil(props.ttlMs / 1000)) : '3600');
  const [at, setAt] = useState('');
  const secs = Number(seconds);
  const atMs = at === '' ? NaN : new Date(at).getTime();
  const valid = mode === 'persist' || (mode === 'in' ? Number.isInteger(secs) && secs >= 1 : Number.isFinite(atMs));
  return (
    <Dialog
      title="Expiry"
      description={`Now: ${formatTtl(props.ttlMs)}`}
      size="sm"
      onClose={props.onCancel}
      footer={
        <>
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={props.busy || !valid}
            onClick={() =>
              props.onApply(
                mode === 'persist' ? { mode } : mode === 'in' ? { mode, seconds: secs } : { mode, epochMs: atMs },
              )
            }
          >
            Apply
          </button>
        </>
      }
    >
      <label className="field-check">
        <input type="radio" name="ttl" checked={mode === 'in'} onChange={() => setMode('in')} /> Expire in
        <input
          className="input rd-num"
          aria-label="Seconds to live"
          value={seconds}
          onChange={(e) => setSeconds(e.target.value)}
          onFocus={() => setMode('in')}
        />
        seconds
      </label>
      <label className="field-check">
        <input type="radio" name="ttl" checked={mode === 'at'} onChange={() => setMode('at')} /> Expire at
        <input
          className="input"
          type="datetime-local"
          aria-label="Expire at"
          value={at}
          onChange={(e) => setAt(e.target.value)}
          onFocus={() => setMode('at')}
        />
      </label>
      <label className="field-check">
        <input type="radio" name="ttl" checked={mode === 'persist'} onChange={() => setMode('persist')} /> No expiry
        (PERSIST)
      </label>
    </Dialog>
  );
}
