import { json } from '@codemirror/lang-json';
import { useState, type ReactNode } from 'react';
import type { CompatibilityResult, SchemaType } from '../../../../../shared/contract/kafka/schemas';
import { client } from '../../../api/client';
import { CodeEditor } from '../../../ui/CodeEditor';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { checkSummary, EXAMPLE_SCHEMA, registerGate, SCHEMA_TYPE_LABEL, type CheckedText } from './logic';

const jsonLanguage = json();
const TYPES: readonly SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];

/**
 * Register a schema: a new version of `subject`, or (subject null) the first
 * version of a subject named here. "Check compatibility" runs first against
 * the latest version and shows the registry's verdict and reasons; Register
 * is enabled once that check passed for the text as it is, or when the user
 * chooses to register anyway, and then the registry's refusal (with its
 * reason) is shown here and nothing is stored.
 */
export function RegisterDialog({
  connectionId,
  subject,
  initialType,
  initialText,
  onClose,
  onDone,
}: {
  connectionId: string;
  subject: string | null;
  initialType: SchemaType;
  initialText: string;
  onClose: () => void;
  onDone: (subject: string, version: number | null) => void;
}): ReactNode {
  const [name, setName] = useState(subject ?? '');
  const [schemaType, setSchemaType] = useState<SchemaType>(initialType);
  const [text, setText] = useState(initialText);
  const [checked, setChecked] = useState<CheckedText | null>(null);
  const [override, setOverride] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const target = (subject ?? name).trim();
  const gate = registerGate({ schemaType, schema: text }, checked, override);
  const fresh = checked !== null && checked.schema === text && checked.schemaType === schemaType;

  const schema = { schemaType, schema: text, references: [] };

  const check = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result: CompatibilityResult = await client.invoke('kafka.schemas.check', {
        connectionId,
        subject: target,
        version: 'latest',
        schema,
      });
      setChecked({ schemaType, schema: text, result });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const register = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await client.invoke('kafka.schemas.register', { connectionId, subject: target, schema });
      onDone(r.subject, r.version);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={subject ? `Register a new version of ${subject}` : 'Register a schema'}
      description="The registry checks it against the subject's compatibility level; nothing is stored until Register."
      onClose={onClose}
      size="lg"
      testId="schema-register-dialog"
      footer={
        <>
          <span className="muted sr-gate" data-testid="register-gate">
            {gate.why}
          </span>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy || target === '' || text.trim() === ''}
            onClick={() => void check()}
          >
            Check compatibility
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || target === '' || !gate.ok}
            onClick={() => void register()}
          >
            {busy ? 'Working…' : 'Register'}
          </button>
        </>
      }
    >
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <div className="sr-form">
        {subject === null ? (
          <label className="sr-field">
            <span>Subject</span>
            <input
              className="input mono"
              aria-label="Subject name"
              value={name}
              placeholder="orders-value"
              onChange={(e) => {
                setName(e.target.value);
                setChecked(null);
              }}
              spellCheck={false}
            />
          </label>
        ) : null}
        <label className="sr-field">
          <span>Schema type</span>
          <select
            className="input"
            aria-label="Schema type"
            value={schemaType}
            onChange={(e) => {
              const next = e.target.value as SchemaType;
              // A fresh dialog shows the example of the chosen type; typed text is kept.
              if (text === EXAMPLE_SCHEMA[schemaType]) setText(EXAMPLE_SCHEMA[next]);
              setSchemaType(next);
            }}
          >
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {SCHEMA_TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <CodeEditor
        value={text}
        onChange={(t) => {
          setText(t);
          setOverride(false);
        }}
        {...(schemaType === 'PROTOBUF' ? {} : { language: jsonLanguage })}
        minHeight={220}
        maxHeight={420}
        ariaLabel="Schema text"
        testId="schema-editor"
      />
      {checked ? (
        <div
          className={`sr-check ${checked.result.compatible ? 'sr-check-ok' : 'sr-check-bad'}${fresh ? '' : ' sr-stale'}`}
          data-testid="compat-result"
          role="status"
        >
          <strong>{checkSummary(checked.result)}</strong>
          {fresh ? null : <span className="muted"> (for the text before your last edit)</span>}
          {checked.result.messages.length > 0 ? (
            <ul>
              {checked.result.messages.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          ) : checked.result.compatible ? null : (
            <div className="muted">
              This registry gives no reasons with its check; Register anyway to see the reason it refuses with.
            </div>
          )}
        </div>
      ) : null}
      {fresh && !checked.result.compatible ? (
        <label className="sr-override">
          <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} /> Register anyway
          (the registry still enforces the subject&apos;s level)
        </label>
      ) : null}
    </Dialog>
  );
}
