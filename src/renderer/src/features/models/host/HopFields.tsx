import type { ReactNode } from 'react';
import type { Profile } from '../../../../../shared/contract/connections';

export interface HopDraft {
  host: string;
  port: string;
  username: string;
  /** 'agent', or the id of the saved connection whose SSH key (in the vault) is used. */
  key: string;
}

export const emptyHop = (): HopDraft => ({ host: '', port: '22', username: '', key: 'agent' });

/** The contract's fields of one hop; the key stays in the vault, only the saved connection's id is sent. */
export function hopInput(h: HopDraft, hostKey: string) {
  return {
    host: h.host.trim(),
    port: Number(h.port),
    username: h.username.trim(),
    hostKey,
    ...(h.key === 'agent' ? { auth: 'agent' as const } : { auth: 'key' as const, keyProfileId: h.key }),
  };
}

export const hopReady = (h: HopDraft) => h.host.trim() !== '' && h.username.trim() !== '';

/**
 * Address, SSH port, user and key of one SSH hop (the deployment host, or
 * the jump host in front of it). `prefix` names the fields for assistive
 * technology ("Jump host address") so the two sets stay distinct.
 */
export function HopFields({
  value,
  onChange,
  keys,
  prefix,
  label,
}: {
  value: HopDraft;
  onChange: (h: HopDraft) => void;
  keys: readonly Profile[];
  prefix: string;
  label: string;
}): ReactNode {
  const set = (patch: Partial<HopDraft>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="models-row" aria-label={label}>
      <label>
        {prefix ? 'Jump host' : 'Host'}{' '}
        <input
          className="input"
          aria-label={prefix ? `${prefix} address` : 'Host address'}
          placeholder={prefix ? 'bastion.example.com' : '203.0.113.10'}
          value={value.host}
          onChange={(e) => set({ host: e.target.value })}
        />
      </label>
      <label>
        SSH port{' '}
        <input
          className="input"
          aria-label={prefix ? `${prefix} SSH port` : 'SSH port'}
          value={value.port}
          onChange={(e) => set({ port: e.target.value })}
        />
      </label>
      <label>
        User{' '}
        <input
          className="input"
          aria-label={prefix ? `${prefix} SSH user` : 'SSH user'}
          placeholder="ubuntu"
          value={value.username}
          onChange={(e) => set({ username: e.target.value })}
        />
      </label>
      <label>
        Key{' '}
        <select
          aria-label={prefix ? `${prefix} SSH key` : 'SSH key'}
          value={value.key}
          onChange={(e) => set({ key: e.target.value })}
        >
          <option value="agent">SSH agent</option>
          {keys.map((p) => (
            <option key={p.id} value={p.id}>
              SSH key of “{p.name}” (vault)
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
