import type { ReactNode } from 'react';
import { useTransportStatus } from '../api/hooks';
import { IconSpinner } from '../ui/icons';

/** Web mode: says so when the page has lost its Stackdeck server (it reconnects on its own). */
export function ConnectionLostBar(): ReactNode {
  const status = useTransportStatus();
  if (status !== 'reconnecting' && status !== 'closed') return null;
  return (
    <div className="lost-bar" role="alert" data-testid="transport-lost">
      <IconSpinner size={14} />
      Lost the connection to the Stackdeck server. Reconnecting… (is <code>npm run web</code> still running?)
    </div>
  );
}
