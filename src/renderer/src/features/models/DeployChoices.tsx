import type { ReactNode } from 'react';

export interface DeployChoice {
  /** Typed key; empty lets core keep the stored key or generate one. */
  readonly apiKey: string;
  /** Leave the service running when Stackdeck quits (the next start re-adopts it). */
  readonly keep: boolean;
}

/**
 * The local deploy's options. "Keep running" leaves the service up when
 * Stackdeck quits; otherwise quitting stops it. The API key is only typed here when the user
 * wants a key of their own: core generates one otherwise, keeps it in its
 * vault and gives it to the service by environment.
 */
export function DeployChoices({
  requiresKey,
  value,
  onChange,
}: {
  requiresKey: boolean;
  value: DeployChoice;
  onChange: (next: DeployChoice) => void;
}): ReactNode {
  return (
    <div className="models-row">
      <label>
        <input type="checkbox" checked={value.keep} onChange={(e) => onChange({ ...value, keep: e.target.checked })} />{' '}
        Keep running after Stackdeck quits
      </label>
      {requiresKey ? <KeyInput value={value} onChange={onChange} /> : null}
    </div>
  );
}

function KeyInput({ value, onChange }: { value: DeployChoice; onChange: (next: DeployChoice) => void }): ReactNode {
  return (
    <label>
      API key{' '}
      <input
        className="input"
        type="password"
        autoComplete="off"
        aria-label="API key"
        placeholder="empty: keep the stored key or generate one"
        value={value.apiKey}
        onChange={(e) => onChange({ ...value, apiKey: e.target.value })}
      />
    </label>
  );
}
