import { json } from '@codemirror/lang-json';
import { useMemo, useState, type ReactNode } from 'react';
import type { DocValue } from '../../../../../shared/contract/mongo/value';
import { isStackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import { CodeEditor } from '../../../ui/CodeEditor';
import { Dialog } from '../../../ui/Dialog';
import { DocumentView } from '../../../ui/DocumentView';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { canonicalText, editableText, lineDiff } from '../ejsonEdit';

const jsonLanguage = json();

export type EditMode = { kind: 'insert' } | { kind: 'clone'; doc: DocValue } | { kind: 'edit'; doc: DocValue };

interface Target {
  connectionId: string;
  db: string;
  collection: string;
}

/**
 * Insert (one document or an array, as Extended JSON), clone, or edit in
 * place. An edit shows a diff before saving; the save is a replace guarded by
 * the document as it was read, so a concurrent change comes back as a
 * conflict with the current version, never an overwrite.
 */
export function EditDocumentDialog(props: {
  target: Target;
  mode: EditMode;
  onClose(): void;
  onSaved(message: string): void;
}): ReactNode {
  const { target, mode } = props;
  const initial = useMemo(() => (mode.kind === 'insert' ? '{\n  \n}' : editableText(mode.doc)), [mode]);
  const [original, setOriginal] = useState(() => (mode.kind === 'edit' ? canonicalText(mode.doc) : ''));
  const [base, setBase] = useState(initial);
  const [text, setText] = useState(initial);
  const [review, setReview] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** After a conflict: the version now on the server, read again (typed) so the user sees what changed. */
  const [current, setCurrent] = useState<DocValue | null>(null);
  const diff = useMemo(() => (review ? lineDiff(base, text) : null), [review, base, text]);

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setCurrent(null);
    try {
      if (mode.kind === 'edit') {
        await client.invoke('mongo.documents.replace', { ...target, original, replacement: text });
        props.onSaved('Document saved.');
      } else {
        const res = await client.invoke('mongo.documents.insert', { ...target, text });
        props.onSaved(res.insertedCount === 1 ? 'Document inserted.' : `${res.insertedCount} documents inserted.`);
      }
    } catch (e) {
      setError(e);
      setReview(false);
      if (isStackdeckError(e) && e.code === 'CONFLICT') void readCurrent();
    } finally {
      setBusy(false);
    }
  };

  const readCurrent = async (): Promise<void> => {
    try {
      const id = (JSON.parse(original) as { _id?: unknown })._id;
      const res = await client.invoke('mongo.documents.get', { ...target, id: JSON.stringify(id) });
      setCurrent(res.doc);
    } catch (e) {
      setError(e);
    }
  };

  /** Continue from the version now on the server (the user's edit is dropped, as they chose). */
  const editCurrent = (): void => {
    if (!current) return;
    const t = editableText(current);
    setOriginal(canonicalText(current));
    setBase(t);
    setText(t);
    setCurrent(null);
    setError(null);
  };

  const title =
    mode.kind === 'insert' ? 'Insert documents' : mode.kind === 'clone' ? 'Clone document' : 'Edit document';
  return (
    <Dialog
      title={title}
      description={
        mode.kind === 'insert'
          ? 'One document { ... } or an array [ { ... }, ... ], as Extended JSON ({"$oid": ...}, {"$date": ...}, {"$numberLong": ...}).'
          : mode.kind === 'clone'
            ? 'A copy without its _id: the server gives it a new one.'
            : 'Types are kept: {"$numberLong"}, {"$numberDouble"}, {"$date"} stay as they are. Saving replaces the document only if nobody changed it meanwhile.'
      }
      size="lg"
      onClose={props.onClose}
      testId="mongo-edit-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={props.onClose}>
            Cancel
          </button>
          {mode.kind === 'edit' && !review ? (
            <button
              type="button"
              className="btn btn-primary"
              disabled={text === base}
              onClick={() => setReview(true)}
              data-testid="mongo-review"
            >
              Review changes
            </button>
          ) : (
            <>
              {review ? (
                <button type="button" className="btn" onClick={() => setReview(false)}>
                  Back to editing
                </button>
              ) : null}
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy}
                onClick={() => void save()}
                data-testid="mongo-save"
              >
                {mode.kind === 'edit' ? 'Save' : 'Insert'}
              </button>
            </>
          )}
        </>
      }
    >
      {error ? <ErrorBanner error={error} /> : null}
      {current ? (
        <div className="mg-conflict" data-testid="mongo-conflict">
          <p>The document on the server now reads:</p>
          <DocumentView value={current} rootLabel="current" expandBudget={60} />
          <button type="button" className="btn" onClick={editCurrent}>
            Edit the current version
          </button>
        </div>
      ) : null}
      {review ? (
        <div className="mg-diff mono" data-testid="mongo-diff">
          {diff === null ? (
            <p className="mg-muted">The document is too large to show a diff; saving replaces it whole.</p>
          ) : (
            diff.map((l, i) => (
              <div key={i} className={`mg-diff-${l.kind}`}>
                {l.kind === 'add' ? '+ ' : l.kind === 'del' ? '- ' : '  '}
                {l.text}
              </div>
            ))
          )}
        </div>
      ) : (
        <CodeEditor
          value={text}
          onChange={setText}
          language={jsonLanguage}
          minHeight={240}
          maxHeight={520}
          ariaLabel="Document"
          testId="mongo-doc-editor"
          running={false}
          autoFocus
        />
      )}
    </Dialog>
  );
}
