import { useState, type ReactNode } from 'react';
import { parseJsonDoc } from '../../../../../shared/docValue';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { DocumentView } from '../../../ui/DocumentView';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { formatBytes } from '../format';
import { useKeyAction } from '../useKeyAction';
import type { TypeEditorProps } from './types';

/**
 * The JSON editor (RedisJSON keys): read at a JSONPath (JSON.GET, `$` for the
 * whole document; the answer is the array of matches), set the value at a
 * path (JSON.SET, validated as JSON first), delete what a path matches.
 */
export function JsonEditor({ connectionId, db, keyName, profile, onChanged }: TypeEditorProps): ReactNode {
  const [path, setPath] = useState('$');
  const [shown, setShown] = useState('$');
  const got = useInvoke('redis.json.get', { connectionId, db, key: keyName.b64, path: shown });
  const [draft, setDraft] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const action = useKeyAction();
  const target = { connectionId, db, key: keyName.b64, path: shown };
  const json = got.data?.json ?? null;
  const parsed: unknown = json === null ? null : JSON.parse(json);
  // A $ path answers the array of matches; a legacy path (.a) answers the value itself.
  const matches = json === null ? null : Array.isArray(parsed) ? parsed : [parsed];
  let draftError: string | null = null;
  if (draft !== null)
    try {
      JSON.parse(draft);
    } catch (e) {
      draftError = `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
    }
  const after = (r: unknown): void => {
    if (!r) return;
    setDraft(null);
    got.reload();
    onChanged();
  };

  return (
    <div className="rd-string" data-testid="redis-json-editor">
      <form
        className="rd-editor-bar"
        onSubmit={(e) => {
          e.preventDefault();
          setDraft(null);
          setShown(path.trim() || '$');
        }}
      >
        <input
          className="input mono rd-pattern"
          aria-label="JSONPath"
          value={path}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="submit" className="btn btn-sm">
          Get
        </button>
        <span className="faint">{got.data ? formatBytes(got.data.size) : ''}</span>
        <span className="spacer" />
        {!profile.readOnly && matches && matches.length === 1 && draft === null ? (
          <button type="button" className="btn btn-sm" onClick={() => setDraft(JSON.stringify(matches[0], null, 2))}>
            Edit
          </button>
        ) : null}
        {!profile.readOnly && shown !== '$' && matches && matches.length > 0 ? (
          <button
            type="button"
            className="btn btn-sm btn-danger"
            disabled={action.busy}
            onClick={() => setConfirmDelete(true)}
          >
            Delete {shown}
          </button>
        ) : null}
      </form>
      {confirmDelete ? (
        <ConfirmDialog
          title="Delete from the JSON key"
          danger
          confirmLabel="Delete"
          message={
            <>
              Delete what <span className="mono">{shown}</span> matches ({matches?.length ?? 0}) from{' '}
              <strong className="mono">{keyName.display}</strong>?
            </>
          }
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void action.run(() => client.invoke('redis.json.delete', target)).then(after);
          }}
        />
      ) : null}
      {got.error ? <ErrorBanner error={got.error} /> : null}
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
      {draft !== null ? (
        <>
          <textarea
            className="input mono rd-textarea"
            aria-label="JSON value"
            value={draft}
            spellCheck={false}
            onChange={(e) => setDraft(e.target.value)}
          />
          {draftError ? <p className="field-error">{draftError}</p> : null}
          <div className="rd-editor-bar">
            <button
              type="button"
              className="btn btn-primary btn-sm"
              disabled={draftError !== null || action.busy}
              onClick={() =>
                void action.run(() => client.invoke('redis.json.set', { ...target, value: draft })).then(after)
              }
            >
              Save at {shown}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setDraft(null)}>
              Discard
            </button>
          </div>
        </>
      ) : json !== null && matches !== null && matches.length > 0 ? (
        <div className="rd-json">
          <DocumentView value={parseJsonDoc(json)} rootLabel={`matches of ${shown}`} />
        </div>
      ) : got.data ? (
        <p className="rd-note">Nothing matches {shown}.</p>
      ) : (
        <p className="faint">Loading…</p>
      )}
    </div>
  );
}
