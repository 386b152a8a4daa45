import { useMemo, useState, type ReactNode } from 'react';
import type { ValidationRules } from '../../../../../shared/contract/mongo/admin';
import { client } from '../../../api/client';
import { useInvoke } from '../../../api/hooks';
import { CodeEditor } from '../../../ui/CodeEditor';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { useToast } from '../../../ui/toast';
import { formatCount } from '../format';
import { queryCompletion, shellLanguage } from '../queryLanguage';

type Target = { connectionId: string; db: string; collection: string };

/** The validation rules of a collection, edited with a preview of how many existing documents would fail. */
export function ValidationTab({ target, writable }: { target: Target; writable: boolean }): ReactNode {
  const rules = useInvoke('mongo.validation.get', target);
  if (rules.error) return <ErrorBanner error={rules.error} />;
  if (!rules.data) return <p className="mg-muted mg-pad">Loading…</p>;
  // Keyed by the rules read, so the editor starts from what the server has.
  return (
    <RulesEditor
      key={JSON.stringify(rules.data)}
      target={target}
      writable={writable}
      rules={rules.data}
      onSaved={rules.reload}
    />
  );
}

function RulesEditor(props: { target: Target; writable: boolean; rules: ValidationRules; onSaved(): void }): ReactNode {
  const { target, writable, rules: r } = props;
  const [text, setText] = useState(r.validator ?? '');
  const [level, setLevel] = useState<'off' | 'strict' | 'moderate'>(
    r.level === 'off' || r.level === 'moderate' ? r.level : 'strict',
  );
  const [action, setAction] = useState<'error' | 'warn'>(r.action === 'warn' ? 'warn' : 'error');
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const toast = useToast();
  const completion = useMemo(() => queryCompletion(() => [], 'query'), []);

  const check = (): void => {
    setError(null);
    client
      .invoke('mongo.validation.preview', { ...target, validator: text })
      .then(
        (p) =>
          setPreview(
            `${p.failing.kind === 'exact' ? '' : 'at least '}${formatCount(p.failing.value)} of ${formatCount(p.total.value)} documents would fail these rules.`,
          ),
        setError,
      );
  };
  const save = (): void => {
    setError(null);
    client.invoke('mongo.validation.set', { ...target, validator: text, level, action }).then(() => {
      toast.push({ tone: 'success', title: 'Validation rules saved.' });
      props.onSaved();
    }, setError);
  };
  return (
    <div className="mg-tab" data-testid="mongo-validation">
      {r.note ? (
        <div className="mg-server-note" data-testid="mongo-validation-note">
          {r.note}
        </div>
      ) : null}
      {r ? (
        <p className="mg-muted">
          {r.validator
            ? `Level ${r.level ?? 'strict'}, action ${r.action ?? 'error'}.`
            : 'This collection has no validation rules.'}
        </p>
      ) : null}
      <CodeEditor
        value={text}
        onChange={setText}
        language={shellLanguage}
        completion={completion}
        minHeight={120}
        maxHeight={400}
        ariaLabel="Validator"
        placeholder='{ $jsonSchema: { required: ["name"] } }  or a query filter { qty: { $gte: 0 } }'
        testId="mongo-validator"
        running={false}
      />
      <div className="mg-toolbar">
        <button
          type="button"
          className="btn"
          disabled={!text.trim()}
          onClick={check}
          data-testid="mongo-validation-preview"
        >
          Preview failing documents
        </button>
        {preview ? <span data-testid="mongo-validation-count">{preview}</span> : null}
        <span className="mg-spacer" />
        {writable && r.editable ? (
          <>
            <select
              className="select"
              aria-label="Validation level"
              value={level}
              onChange={(e) => setLevel(e.target.value as typeof level)}
            >
              <option value="strict">strict</option>
              <option value="moderate">moderate</option>
              <option value="off">off</option>
            </select>
            <select
              className="select"
              aria-label="Validation action"
              value={action}
              onChange={(e) => setAction(e.target.value as typeof action)}
            >
              <option value="error">error</option>
              <option value="warn">warn</option>
            </select>
            <button type="button" className="btn btn-primary" onClick={save}>
              Save rules
            </button>
          </>
        ) : null}
      </div>
      {error ? <ErrorBanner error={error} /> : null}
    </div>
  );
}
