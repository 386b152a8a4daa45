import { useMemo, useState, type ReactNode } from 'react';
import { bytesToBase64, parseHex, textToBytes, toHex } from '../../../../../shared/contract/redis/bytes';
import { MAX_STRING_BYTES } from '../../../../../shared/contract/redis/string';
import { parseJsonDoc } from '../../../../../shared/docValue';
import { useInvoke } from '../../../api/hooks';
import { DocumentView } from '../../../ui/DocumentView';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Segmented } from '../../../ui/Field';
import { decode, formatBytes, looksLikeJson } from '../format';
import { useKeyAction } from '../useKeyAction';
import { client } from '../../../api/client';
import type { TypeEditorProps } from './types';

type Mode = 'text' | 'json' | 'hex';

/** How many bytes the hex view renders at most (the rest is one "load" away, never the whole 10 MB in the DOM). */
const HEX_VIEW_BYTES = 64 * 1024;

/**
 * The string editor: text, JSON (validated, shown as a tree) or hex. A value
 * larger than the preview opens at once as its first 256 KB; "Load full value"
 * asks for all of it, and the editor refuses to save a preview (it would cut
 * the value).
 */
export function StringEditor({ connectionId, db, keyName, profile, onChanged }: TypeEditorProps): ReactNode {
  const [full, setFull] = useState(false);
  const got = useInvoke('redis.string.get', {
    connectionId,
    db,
    key: keyName.b64,
    ...(full ? { maxBytes: MAX_STRING_BYTES } : {}),
  });
  const value = got.data?.value;
  const decoded = useMemo(() => (value ? decode(value.b64) : null), [value]);
  // Mode and draft belong to the value they were chosen for: a reload resets them without an effect.
  const [choice, setChoice] = useState<{ of: unknown; mode: Mode } | null>(null);
  const [draftState, setDraftState] = useState<{ of: unknown; text: string } | null>(null);
  const action = useKeyAction();
  const defaultMode: Mode = !decoded
    ? 'text'
    : decoded.text === null
      ? 'hex'
      : looksLikeJson(decoded.text)
        ? 'json'
        : 'text';
  const mode = choice && choice.of === value ? choice.mode : defaultMode;
  const draft = draftState && draftState.of === value ? draftState.text : null;
  const setMode = (m: Mode): void => setChoice({ of: value, mode: m });
  const setDraft = (text: string | null): void => setDraftState(text === null ? null : { of: value, text });

  if (got.error) return <ErrorBanner error={got.error} />;
  if (!value || !decoded) return <p className="faint">Loading…</p>;

  const shown = draft ?? (mode === 'hex' ? toHex(decoded.bytes.subarray(0, HEX_VIEW_BYTES)) : (decoded.text ?? ''));
  const jsonError = mode === 'json' && draft !== null ? jsonProblem(draft) : null;
  const hexCut = mode === 'hex' && decoded.bytes.length > HEX_VIEW_BYTES;
  const canEdit = !profile.readOnly && !value.truncated && !hexCut;

  const save = async (): Promise<void> => {
    if (draft === null) return;
    const bytes = mode === 'hex' ? parseHex(draft) : textToBytes(draft);
    if (bytes === null) return;
    const ok = await action.run(() =>
      client.invoke('redis.string.set', { connectionId, db, key: keyName.b64, value: bytesToBase64(bytes) }),
    );
    if (ok) {
      setDraft(null);
      got.reload();
      onChanged();
    }
  };

  return (
    <div className="rd-string" data-testid="redis-string-editor">
      <div className="rd-editor-bar">
        <Segmented<Mode>
          label="Show as"
          size="sm"
          value={mode}
          onChange={(m) => {
            setDraft(null);
            setMode(m);
          }}
          options={[
            ...(decoded.text === null ? [] : [{ value: 'text' as const, label: 'Text' }]),
            ...(looksLikeJson(decoded.text) ? [{ value: 'json' as const, label: 'JSON' }] : []),
            { value: 'hex', label: 'Hex' },
          ]}
        />
        <span className="faint">
          {formatBytes(value.size)}
          {value.truncated ? ` · showing the first ${formatBytes(decoded.bytes.length)}` : ''}
          {decoded.text === null ? ' · not valid UTF-8' : ''}
        </span>
        <span className="spacer" />
        {value.truncated ? (
          <button type="button" className="btn btn-sm" onClick={() => setFull(true)}>
            Load full value
          </button>
        ) : null}
        <button type="button" className="btn btn-sm" onClick={() => downloadBytes(decoded.bytes, keyName.display)}>
          Save to file
        </button>
      </div>
      {value.truncated ? (
        <p className="rd-note">
          This value is {formatBytes(value.size)}; the preview shows its start. Load the full value to edit it.
        </p>
      ) : null}
      {mode === 'json' && draft === null && decoded.text !== null ? (
        <div className="rd-json">
          <DocumentView value={parseJsonDoc(decoded.text)} rootLabel="value" />
          {canEdit ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => setDraft(JSON.stringify(JSON.parse(decoded.text ?? 'null'), null, 2))}
            >
              Edit JSON
            </button>
          ) : null}
        </div>
      ) : (
        <textarea
          className="input mono rd-textarea"
          aria-label="Value"
          value={shown}
          readOnly={!canEdit}
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
        />
      )}
      {hexCut ? <p className="rd-note">The hex view shows the first {formatBytes(HEX_VIEW_BYTES)}.</p> : null}
      {jsonError ? <p className="field-error">{jsonError}</p> : null}
      {mode === 'hex' && draft !== null && parseHex(draft) === null ? (
        <p className="field-error">Hex digits in pairs, please (spaces allowed).</p>
      ) : null}
      {action.error ? <ErrorBanner error={action.error} onDismiss={action.clear} /> : null}
      {draft !== null ? (
        <div className="rd-editor-bar">
          <button
            type="button"
            className="btn btn-primary btn-sm"
            disabled={action.busy || jsonError !== null || (mode === 'hex' && parseHex(draft) === null)}
            onClick={() => void save()}
          >
            Save
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setDraft(null)}>
            Discard
          </button>
        </div>
      ) : null}
    </div>
  );
}

function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return `Not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The value as a file download (works in web mode and the desktop renderer alike). */
export function downloadBytes(bytes: Uint8Array, name: string): void {
  const blob = new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'value'}.bin`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
