import type { ReactNode } from 'react';
import { Field } from '../../ui/Field';
import type { ConnectionForm, FieldErrors } from './form';
import { SecretField } from './SecretField';

export interface OAuthFieldsProps {
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
  className?: string;
}): ReactNode {
  return (
    <Field label={props.label} hint={props.hint} error={props.error} className={props.className}>
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
 * Kafka SASL OAUTHBEARER with the client-credentials grant: Stackdeck gets a
 * token from the token endpoint with the client ID and secret, and presents it
 * to the brokers. The secret goes to the token endpoint only (and to the vault).
 */
export function OAuthFields({ form, set, errors }: OAuthFieldsProps): ReactNode {
  return (
    <>
      <Text
        label="Token endpoint"
        value={form.tokenEndpoint}
        onChange={(tokenEndpoint) => set({ tokenEndpoint })}
        error={errors.tokenEndpoint}
        hint="The identity provider's OAuth 2.0 token URL (client credentials grant)."
        placeholder="https://idp.example.com/oauth2/token"
        className="span-2"
      />
      <Text
        label="OAuth client ID"
        value={form.username}
        onChange={(username) => set({ username })}
        error={errors.username}
      />
      <SecretField
        label="OAuth client secret"
        edit={form.password}
        onChange={(password) => set({ password })}
        error={errors.password}
      />
      <Text
        label="Scope"
        value={form.oauthScope}
        onChange={(oauthScope) => set({ oauthScope })}
        error={errors.oauthScope}
        hint="Optional; what the cluster expects in the token."
      />
    </>
  );
}

/**
 * Amazon MSK IAM: core signs a token from the AWS credentials on this machine
 * (the AWS profile files or the environment); the profile keeps only the region
 * and the profile name, and no secret is asked for.
 */
export function MskIamFields({ form, set, errors }: OAuthFieldsProps): ReactNode {
  return (
    <>
      <Text
        label="AWS region"
        value={form.awsRegion}
        onChange={(awsRegion) => set({ awsRegion })}
        error={errors.awsRegion}
        placeholder="eu-west-1"
        hint="The region of the MSK cluster."
      />
      <Text
        label="AWS profile"
        value={form.awsProfile}
        onChange={(awsProfile) => set({ awsProfile })}
        error={errors.awsProfile}
        placeholder="default chain"
        hint="A profile in ~/.aws/credentials or ~/.aws/config; empty: the AWS default chain (environment, profile files). Credentials stay in those files."
      />
    </>
  );
}
