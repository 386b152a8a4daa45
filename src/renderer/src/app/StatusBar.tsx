import type { ReactNode } from 'react';
import { useConnections } from '../features/connections/context';

/** A quiet line at the bottom: how many connections are live, and which transport this window uses. */
export function StatusBar(): ReactNode {
  const connections = useConnections();
  const states = Object.values(connections.status);
  const connected = states.filter((s) => s.state === 'connected').length;
  const failed = states.filter((s) => s.state === 'error').length;
  const desktop = typeof window !== 'undefined' && 'stackdeck' in window;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span>
        {connections.profiles.length} connection{connections.profiles.length === 1 ? '' : 's'}
      </span>
      <span>· {connected} connected</span>
      {failed > 0 ? <span className="statusbar-bad">· {failed} failed</span> : null}
      <span className="spacer" />
      <span className="faint">{desktop ? 'Desktop' : 'Web mode · 127.0.0.1'}</span>
    </footer>
  );
}
