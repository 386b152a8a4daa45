import type { ReactNode } from 'react';
import type { SshAuth } from '../../../../shared/contract/connections';
import { Field, Segmented } from '../../ui/Field';
import type { FieldErrors } from './form';
import { SecretField } from './SecretField';
import type { SshForm, SshHopForm } from './sshForm';

export interface SshSectionProps {
  ssh: SshForm;
  onChange: (ssh: SshForm) => void;
  errors: FieldErrors;
}

const AUTH_OPTIONS: readonly { value: SshAuth; label: string }[] = [
  { value: 'key', label: 'Private key' },
  { value: 'password', label: 'Password' },
  { value: 'agent', label: 'SSH agent' },
];

/** One SSH host: address, user, how to authenticate, and the trusted host key. */
function HopFields({
  hop,
  onChange,
  errors,
  prefix,
  what,
}: {
  hop: SshHopForm;
  onChange: (hop: SshHopForm) => void;
  errors: FieldErrors;
  prefix: string;
  what: string;
}): ReactNode {
  const set = (patch: Partial<SshHopForm>): void => onChange({ ...hop, ...patch });
  const text = (label: string, key: 'host' | 'port' | 'username', placeholder: string): ReactNode => (
    <Field label={label} error={errors[`${prefix}.${key}`]}>
      {(control) => (
        <input
          {...control}
          className="input"
          value={hop[key]}
          placeholder={placeholder}
          spellCheck={false}
          data-testid={`${prefix}-${key}`}
          onChange={(event) => set({ [key]: event.target.value })}
        />
      )}
    </Field>
  );
  return (
    <div className="form-grid">
      {text(`${what} host`, 'host', 'bastion.example.com')}
      {text('SSH port', 'port', '22')}
      {text('SSH user', 'username', 'ec2-user')}
      <Field label="Authentication">
        {() => (
          <Segmented
            size="sm"
            label={`${what}: authentication method`}
            value={hop.auth}
            options={AUTH_OPTIONS}
            testId={`${prefix}-auth`}
            onChange={(auth) => set({ auth })}
          />
        )}
      </Field>
      {hop.auth === 'password' ? (
        <SecretField
          label="SSH password"
          edit={hop.password}
          onChange={(password) => set({ password })}
          error={errors[`${prefix}.password`]}
        />
      ) : null}
      {hop.auth === 'key' ? (
        <>
          <SecretField
            label="SSH private key"
            multiline
            hint="OpenSSH or PEM format; stored in the vault only."
            edit={hop.privateKey}
            onChange={(privateKey) => set({ privateKey })}
            error={errors[`${prefix}.privateKey`]}
          />
          <SecretField
            label="Key passphrase"
            hint="Only for an encrypted key."
            edit={hop.passphrase}
            onChange={(passphrase) => set({ passphrase })}
            error={errors[`${prefix}.passphrase`]}
          />
        </>
      ) : null}
      {hop.auth === 'agent' ? (
        <p className="muted span-2">Uses the keys of the SSH agent Stackdeck was started with (SSH_AUTH_SOCK).</p>
      ) : null}
      <Field
        label="Trusted host key"
        hint="Filled in when you trust the key the test reports. A different key is refused."
        error={errors[`${prefix}.hostKey`]}
        className="span-2"
      >
        {(control) => (
          <input
            {...control}
            className="input mono"
            value={hop.hostKey}
            placeholder="SHA256:… (not trusted yet)"
            spellCheck={false}
            data-testid={`${prefix}-hostKey`}
            onChange={(event) => set({ hostKey: event.target.value })}
          />
        )}
      </Field>
    </div>
  );
}

/** SSH tunnel: the connection goes through a bastion host (and optionally a jump host before it). */
export function SshSection({ ssh, onChange, errors }: SshSectionProps): ReactNode {
  const set = (patch: Partial<SshForm>): void => onChange({ ...ssh, ...patch });
  const { enabled: _enabled, jumpEnabled: _jumpEnabled, jump, ...hop } = ssh;
  return (
    <div className="form-section" data-testid="ssh-section">
      <label className="check">
        <input
          type="checkbox"
          checked={ssh.enabled}
          data-testid="ssh-enabled"
          onChange={(event) => set({ enabled: event.target.checked })}
        />
        Connect through an SSH tunnel
      </label>
      {ssh.enabled ? (
        <>
          <HopFields hop={hop} onChange={(h) => set(h)} errors={errors} prefix="ssh" what="SSH" />
          <label className="check">
            <input
              type="checkbox"
              checked={ssh.jumpEnabled}
              data-testid="ssh-jump-enabled"
              onChange={(event) => set({ jumpEnabled: event.target.checked })}
            />
            Reach the SSH host through a jump host (like ssh -J)
          </label>
          {ssh.jumpEnabled ? (
            <HopFields hop={jump} onChange={(j) => set({ jump: j })} errors={errors} prefix="ssh.jump" what="Jump" />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
