import { useState, type ReactNode } from 'react';
import type { ConfigValidation, ConnectorConfig } from '../../../../../shared/contract/kafka/connect';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { configDiff, EXAMPLE_CONFIG, parseConfigJson } from './logic';

export type ConnectorDialogMode = { kind: 'create' } | { kind: 'edit'; name: string; config: ConnectorConfig };

/**
 * Create a connector from JSON, or edit one's config. Both validate first with
 * the plugin's own checks (`kafka.connect.connectors.validate`) and show each
 * key's errors; an edit then shows the before/after of the changed keys (the
 * review step of the topic config dialog) before it is applied. Core validates
 * again on create/update, so a config that skipped this step is refused too.
 */
export function ConnectorDialog({
  connectionId,
  mode,
  onClose,
  onDone,
}: {
  connectionId: string;
  mode: ConnectorDialogMode;
  onClose: () => void;
  onDone: (name: string) => void;
}): ReactNode {
  const editing = mode.kind === 'edit';
  const [name, setName] = useState(editing ? mode.name : '');
  const [text, setText] = useState(editing ? JSON.stringify(mode.config, null, 2) : EXAMPLE_CONFIG);
  const [validation, setValidation] = useState<ConfigValidation | null>(null);
  const [step, setStep] = useState<'edit' | 'review'>('edit');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const parsed = parseConfigJson(text);
  const config: ConnectorConfig | null = parsed.ok ? { ...parsed.config, name: name.trim() } : null;
  const diff = editing && config ? configDiff(mode.config, config) : [];

  const validate = async (): Promise<boolean> => {
    if (!config) return false;
    setBusy(true);
    setError(null);
    try {
      const v = await client.invoke('kafka.connect.connectors.validate', { connectionId, config });
      setValidation(v);
      return v.errorCount === 0;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const submit = async (): Promise<void> => {
    if (!config) return;
    setBusy(true);
    setError(null);
    try {
      const input = { connectionId, name: name.trim(), config };
      const r = editing
        ? await client.invoke('kafka.connect.connectors.update', input)
        : await client.invoke('kafka.connect.connectors.create', input);
      onDone(r.name);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const errors = validation?.fields.filter((f) => f.errors.length > 0) ?? [];
  const footer =
    step === 'edit' ? (
      <>
        <span className="muted kt-footnote">
          {validation
            ? validation.errorCount === 0
              ? 'The plugin accepts this config.'
              : `${validation.errorCount} error(s)`
            : ' '}
        </span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn" disabled={!config || busy} onClick={() => void validate()}>
          Validate
        </button>
        {editing ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={!config || busy || diff.length === 0}
            onClick={() => void validate().then((ok) => ok && setStep('review'))}
          >
            Review changes
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-primary"
            disabled={!config || busy || name.trim() === ''}
            onClick={() =>
              void validate().then(async (ok) => {
                if (ok) await submit();
              })
            }
          >
            {busy ? 'Working…' : 'Create'}
          </button>
        )}
      </>
    ) : (
      <>
        <button type="button" className="btn" onClick={() => setStep('edit')} disabled={busy}>
          Back
        </button>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void submit()}>
          {busy ? 'Applying…' : `Apply ${diff.length} change${diff.length === 1 ? '' : 's'}`}
        </button>
      </>
    );

  return (
    <Dialog
      title={editing ? (step === 'edit' ? `Edit config of ${mode.name}` : 'Review config changes') : 'Create connector'}
      description={
        step === 'review'
          ? 'The plugin validated this config. Nothing has changed yet; the connector restarts with it when applied.'
          : 'The config as JSON: string values, "connector.class" naming a plugin of this worker.'
      }
      onClose={onClose}
      size="lg"
      testId="connector-dialog"
      footer={footer}
    >
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {step === 'edit' ? (
        <div className="connect-form">
          <label className="connect-field">
            <span>Name</span>
            <input
              className="input mono"
              aria-label="Connector name"
              value={name}
              disabled={editing}
              onChange={(e) => setName(e.target.value)}
              spellCheck={false}
            />
          </label>
          <label className="connect-field">
            <span>Config (JSON)</span>
            <textarea
              className="input mono connect-json"
              aria-label="Connector config JSON"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setValidation(null);
              }}
              spellCheck={false}
              rows={14}
            />
          </label>
          {!parsed.ok ? (
            <div className="field-error" role="alert">
              {parsed.error}
            </div>
          ) : null}
          {errors.length > 0 ? (
            <ul className="connect-errors" data-testid="validation-errors">
              {errors.map((f) => (
                <li key={f.name} data-key={f.name}>
                  <span className="mono">{f.name}</span>: {f.errors.join('; ')}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <table className="kt-diff" data-testid="config-diff">
          <thead>
            <tr>
              <th>Key</th>
              <th>Before</th>
              <th>After</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((r) => (
              <tr key={r.key} data-key={r.key}>
                <td className="mono">{r.key}</td>
                <td className="mono kt-before">
                  {r.before === null ? (
                    <span className="faint">(not set)</span>
                  ) : (
                    <span className="kt-strike">{r.before}</span>
                  )}
                </td>
                <td className="mono kt-after">{r.after ?? <span className="faint">(removed)</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
