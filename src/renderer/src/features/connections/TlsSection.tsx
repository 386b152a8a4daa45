import type { ReactNode } from 'react';
import { Field } from '../../ui/Field';
import { IconAlert } from '../../ui/icons';
import type { FieldErrors, TlsForm } from './form';
import { SecretField } from './SecretField';

export interface TlsSectionProps {
  tls: TlsForm;
  onChange: (tls: TlsForm) => void;
  errors: FieldErrors;
}

/** TLS: on/off, CA, client certificate and key, server name, and an explicit, warned "skip verification". */
export function TlsSection({ tls, onChange, errors }: TlsSectionProps): ReactNode {
  const set = (patch: Partial<TlsForm>): void => onChange({ ...tls, ...patch });
  return (
    <div className="form-section" data-testid="tls-section">
      <label className="check">
        <input type="checkbox" checked={tls.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
        Use TLS
      </label>
      {tls.enabled ? (
        <div className="form-grid">
          <Field
            label="CA certificate (PEM)"
            hint="Leave empty to trust the system's certificate store."
            error={errors['tls.ca']}
            className="span-2"
          >
            {(control) => (
              <textarea
                {...control}
                className="textarea"
                rows={3}
                value={tls.ca}
                placeholder="-----BEGIN CERTIFICATE-----"
                spellCheck={false}
                onChange={(event) => set({ ca: event.target.value })}
              />
            )}
          </Field>
          <Field
            label="Client certificate (PEM)"
            hint="For mutual TLS; empty for none."
            error={errors['tls.cert']}
            className="span-2"
          >
            {(control) => (
              <textarea
                {...control}
                className="textarea"
                rows={3}
                value={tls.cert}
                placeholder="-----BEGIN CERTIFICATE-----"
                spellCheck={false}
                onChange={(event) => set({ cert: event.target.value })}
              />
            )}
          </Field>
          <SecretField
            label="Client key (PEM)"
            multiline
            edit={tls.key}
            onChange={(key) => set({ key })}
            error={errors['tls.key']}
          />
          <SecretField
            label="Key passphrase"
            edit={tls.keyPassphrase}
            onChange={(keyPassphrase) => set({ keyPassphrase })}
            error={errors['tls.keyPassphrase']}
          />
          <Field
            label="Server name (SNI)"
            hint="Only when the certificate names a different host."
            error={errors['tls.serverName']}
          >
            {(control) => (
              <input
                {...control}
                className="input"
                value={tls.serverName}
                spellCheck={false}
                onChange={(event) => set({ serverName: event.target.value })}
              />
            )}
          </Field>
          <div className={`danger-zone span-2${tls.insecureSkipVerify ? ' danger-on' : ''}`}>
            <label className="check">
              <input
                type="checkbox"
                checked={tls.insecureSkipVerify}
                onChange={(event) => set({ insecureSkipVerify: event.target.checked })}
              />
              Skip certificate verification (insecure)
            </label>
            <p className="danger-text">
              <IconAlert size={14} /> Anyone between you and the server could read and change the traffic, including
              passwords. Use only for a throwaway test server; prefer pasting its CA certificate above.
            </p>
          </div>
        </div>
      ) : null}
    </div>
  );
}
