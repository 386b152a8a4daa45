import { useCallback, useEffect, useRef, useState } from 'react';
import { client } from '../api/client';

/**
 * The text of an editor tab, kept in core (`history.drafts.*`) so it survives
 * a restart. `tabKey` names the tab, e.g. `cassandra:<connectionId>:cql`.
 *
 *   const [text, setText, restored] = useEditorDraft(`cassandra:${connectionId}:cql`, 'SELECT ');
 *   <CodeEditor value={text} onChange={setText} />
 *
 * Until the stored draft has loaded (`restored` false) the initial text is
 * shown; typing before that wins over the stored draft. Writes are debounced
 * (400 ms) and flushed on unmount.
 */
export function useEditorDraft(
  tabKey: string,
  initial = '',
): [text: string, setText: (text: string) => void, restored: boolean] {
  const [text, setTextState] = useState(initial);
  const [restoredKey, setRestoredKey] = useState<string | null>(null);
  const typed = useRef(false);
  const pending = useRef<{ key: string; text: string } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const p = pending.current;
    pending.current = null;
    if (p) void client.invoke('history.drafts.put', { tabKey: p.key, text: p.text }).catch(() => undefined);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    typed.current = false;
    client.invoke('history.drafts.get', { tabKey }, { signal: controller.signal }).then(
      (draft) => {
        if (controller.signal.aborted) return;
        if (!typed.current && draft.text !== null) setTextState(draft.text);
        setRestoredKey(tabKey);
      },
      () => {
        if (!controller.signal.aborted) setRestoredKey(tabKey);
      },
    );
    return () => {
      controller.abort();
      flush();
    };
  }, [tabKey, flush]);

  const setText = useCallback(
    (next: string) => {
      typed.current = true;
      setTextState(next);
      pending.current = { key: tabKey, text: next };
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, 400);
    },
    [tabKey, flush],
  );

  return [text, setText, restoredKey === tabKey];
}
