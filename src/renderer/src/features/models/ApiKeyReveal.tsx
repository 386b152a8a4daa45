import { useState, type ReactNode } from 'react';

/**
 * Reveal / Copy of an API key on a deployment card. The key is fetched from
 * core (`load`) only when the user asks, and forgotten when hidden.
 */
export function ApiKeyReveal({ load }: { load: () => Promise<string> }): ReactNode {
  const [key, setKey] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const fetchKey = async (): Promise<string | null> => {
    try {
      return await load();
    } catch (e) {
      setNote(e instanceof Error ? e.message : String(e));
      return null;
    }
  };
  const copy = async (): Promise<void> => {
    const k = key ?? (await fetchKey());
    if (k === null) return;
    if (typeof navigator === 'undefined' || !navigator.clipboard)
      return setNote('The clipboard is not available here.');
    await navigator.clipboard.writeText(k).then(
      () => setNote('Copied.'),
      () => setNote('Copying was refused by the browser.'),
    );
  };
  return (
    <span className="models-row" data-testid="api-key">
      API key{' '}
      {key === null ? (
        <button type="button" className="btn btn-sm" onClick={() => void fetchKey().then(setKey)}>
          Reveal
        </button>
      ) : (
        <>
          <code data-testid="api-key-value">{key}</code>
          <button type="button" className="btn btn-sm" onClick={() => setKey(null)}>
            Hide
          </button>
        </>
      )}
      <button type="button" className="btn btn-sm" onClick={() => void copy()}>
        Copy
      </button>
      {note !== null ? <span className="models-muted">{note}</span> : null}
    </span>
  );
}
