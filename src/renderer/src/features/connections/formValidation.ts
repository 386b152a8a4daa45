/**
 * Validation of the connection form: the checks the schema cannot make (a
 * secret to replace left empty, what a SASL mechanism needs), then the
 * contract's own zod schema, whose issues are mapped back onto form fields.
 */
import { ProfileDraft, type ProfileKind } from '../../../../shared/contract/connections';
import { formToDraft, type ConnectionForm, type FieldErrors, type SecretEdit } from './form';
import { sshErrors } from './sshForm';

/** Maps a schema issue path to the form field that shows it. */
export function fieldForPath(kind: ProfileKind, path: readonly PropertyKey[]): string {
  const [a, b] = path.map(String);
  if (a === 'tls') return `tls.${b ?? 'enabled'}`;
  if (a === 'ssh') return path.map(String).join('.');
  if (a === 'brokers' || a === 'contactPoints' || a === 'seeds') return 'hosts';
  if (a === 'connect') return b === 'url' ? 'connectUrl' : b === 'username' ? 'connectUsername' : 'connectPassword';
  if (a === 'schemaRegistry') return REGISTRY_FIELD[b ?? 'url'] ?? 'registryUrl';
  if (a === 'sasl')
    return b === 'mechanism'
      ? 'saslMechanism'
      : b === 'scope'
        ? 'oauthScope'
        : b === 'region'
          ? 'awsRegion'
          : (b ?? 'saslMechanism');
  if (a === 'endpoint') return b === 'uri' ? 'mongoUri' : b === 'hosts' ? 'hosts' : (b ?? 'hosts');
  if (a === 'uri' && kind === 'neo4j') return 'neo4jUri';
  return a ?? 'form';
}

const REGISTRY_FIELD: Record<string, string> = {
  url: 'registryUrl',
  auth: 'registryAuth',
  username: 'registryUsername',
  password: 'registryPassword',
  token: 'registryToken',
};

interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  origin?: string;
  minimum?: number | bigint;
  expected?: string;
}

function friendlyMessage(field: string, issue: IssueLike): string {
  if (field === 'hosts' && issue.code === 'too_small') return 'Add at least one host:port.';
  if (field === 'port') return 'Enter a port between 1 and 65535.';
  if (field === 'db') return 'Enter a database number (0 or more).';
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return 'Required.';
  if (issue.code === 'too_big' && issue.origin === 'string') return 'Too long.';
  return issue.message;
}

/** Validates the form with the contract's schema. Returns field errors (empty when valid). */
export function validateForm(form: ConnectionForm): FieldErrors {
  const errors: FieldErrors = { ...sshErrors(form.ssh) };
  const missing = (edit: SecretEdit): boolean => edit.stored && edit.mode === 'replace' && edit.value === '';
  if (missing(form.password)) errors.password = 'Enter the new value, or choose Keep.';
  if (form.tls.enabled && missing(form.tls.key)) errors['tls.key'] = 'Enter the new key, or choose Keep.';
  if (form.tls.enabled && missing(form.tls.keyPassphrase))
    errors['tls.keyPassphrase'] = 'Enter the new passphrase, or choose Keep.';
  if (
    form.kind === 'kafka' &&
    form.saslMechanism === 'aws-msk-iam' &&
    !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(form.awsRegion.trim())
  )
    errors.awsRegion = "Enter the cluster's AWS region (like eu-west-1).";
  if (
    form.kind === 'kafka' &&
    form.saslMechanism !== 'none' &&
    form.saslMechanism !== 'aws-msk-iam' &&
    form.username.trim() === ''
  )
    errors.username =
      form.saslMechanism === 'oauthbearer' ? 'OAUTHBEARER needs the client ID.' : 'SASL needs a username.';
  if (
    form.kind === 'kafka' &&
    form.saslMechanism === 'oauthbearer' &&
    !/^https?:\/\/\S+$/.test(form.tokenEndpoint.trim())
  )
    errors.tokenEndpoint = 'Enter the token endpoint URL (https://...).';
  const parsed = ProfileDraft.safeParse(formToDraft(form));
  if (!parsed.success) {
    for (const issue of parsed.error.issues as IssueLike[]) {
      const field = fieldForPath(form.kind, issue.path);
      if (errors[field] === undefined) errors[field] = friendlyMessage(field, issue);
    }
  }
  return errors;
}
