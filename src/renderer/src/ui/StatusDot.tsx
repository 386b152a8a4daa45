import type { ReactNode } from 'react';

export type DotState = 'idle' | 'busy' | 'ok' | 'error';

const LABEL: Record<DotState, string> = {
  idle: 'Disconnected',
  busy: 'Connecting',
  ok: 'Connected',
  error: 'Connection error',
};

/** Grey (not connected), amber (working), green (connected), red (failed). Carries a text label for assistive tech and tests. */
export function StatusDot({ state, label }: { state: DotState; label?: string }): ReactNode {
  const text = label ?? LABEL[state];
  return (
    <span className={`status-dot status-${state}`} role="img" aria-label={text} title={text} data-status={state} />
  );
}
