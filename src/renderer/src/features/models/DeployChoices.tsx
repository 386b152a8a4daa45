import type { ReactNode } from 'react';

export interface DeployChoice {
  /** Typed key; empty lets core keep the stored key or generate one. */
  readonly apiKey: string;
}

/**
 * The local deploy's options. The API key is only typed here when the user
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
  if (!requiresKey) return null;
  return (
    <div className="models-row">
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
    </div>
  );
}
