import { useEffect, useState, type ReactNode } from 'react';
import { CORE_EVENTS } from '../../../shared/bridge';

/**
 * Desktop: says so when Stackdeck's core process died and was restarted (the
 * preload dispatches CORE_EVENTS.restarted on `window`). What was running then
 * failed with UNREACHABLE; connections reopen on demand, so no reload is needed.
 */
export function CoreRestartedBar(): ReactNode {
  const [restarts, setRestarts] = useState(0);
  useEffect(() => {
    const onRestart = (): void => setRestarts((n) => n + 1);
    window.addEventListener(CORE_EVENTS.restarted, onRestart);
    return () => window.removeEventListener(CORE_EVENTS.restarted, onRestart);
  }, []);
  if (restarts === 0) return null;
  return (
    <div className="lost-bar" role="alert" data-testid="core-restarted">
      <span>
        Stackdeck&apos;s core stopped unexpectedly and was restarted{restarts > 1 ? ` (${restarts} times)` : ''}. What
        was running was cancelled; connections reopen when you use them. The log file has the details (Help › Open Logs
        Folder).
      </span>
      <button type="button" className="btn btn-sm" style={{ marginLeft: 'auto' }} onClick={() => setRestarts(0)}>
        Dismiss
      </button>
    </div>
  );
}
