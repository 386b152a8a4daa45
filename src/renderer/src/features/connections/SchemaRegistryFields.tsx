import type { ReactNode } from 'react';
import type { SchemaRegistryAuth } from '../../../../shared/contract/connections';
import { Field } from '../../ui/Field';
import type { ConnectionForm, FieldErrors } from './form';
import { SecretField } from './SecretField';

export interface SchemaRegistryFieldsProps {
  form: ConnectionForm;
  set: (patch: Partial<ConnectionForm>) => void;
  errors: FieldErrors;
}

function Text(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  hint?: string;
  placeholder?: string;
}): ReactNode {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(control) => (
        <input
          {...control}
          className="input"
          value={props.value}
          placeholder={props.placeholder}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/**
 * The Kafka connection's Schema Registry (Confluent REST API): URL, then basic
 * auth or a bearer token. The secrets go to the vault and only ever to this URL;
 * an https URL uses the connection's TLS settings (CA, verification).
 */
export function SchemaRegistryFields({ form, set, errors }: SchemaRegistryFieldsProps): ReactNode {
  return (
    <>
      <Text
        label="Schema Registry URL"
        value={form.registryUrl}
        onChange={(registryUrl) => set({ registryUrl })}
        error={errors.registryUrl}
        placeholder="http://127.0.0.1:8081 (optional)"
        hint="Confluent-compatible API base, e.g. http://host:8081 or Apicurio's http://host:8080/apis/ccompat/v7."
      />
      {form.registryUrl.trim() !== '' ? (
        <Field label="Schema Registry auth" error={errors.registryAuth}>
          {(control) => (
            <select
              {...control}
              className="input"
              value={form.registryAuth}
              onChange={(event) => set({ registryAuth: event.target.value as SchemaRegistryAuth })}
            >
              <option value="none">None</option>
              <option value="basic">Basic (user and password)</option>
              <option value="bearer">Bearer token</option>
            </select>
          )}
        </Field>
      ) : null}
      {form.registryUrl.trim() !== '' && form.registryAuth === 'basic' ? (
        <>
          <Text
            label="Registry username"
            value={form.registryUsername}
            onChange={(registryUsername) => set({ registryUsername })}
            error={errors.registryUsername}
          />
          <SecretField
            label="Registry password"
            edit={form.registryPassword}
            onChange={(registryPassword) => set({ registryPassword })}
            error={errors.registryPassword}
          />
        </>
      ) : null}
      {form.registryUrl.trim() !== '' && form.registryAuth === 'bearer' ? (
        <SecretField
          label="Registry token"
          edit={form.registryToken}
          onChange={(registryToken) => set({ registryToken })}
          error={errors.registryToken}
        />
      ) : null}
    </>
  );
}
