import type { ReactNode } from 'react';
import { ConnectionsContext } from './context';
import { useConnectionsData } from './useConnectionsData';

/** Makes profiles, live status and profile actions available to the whole UI. */
export function ConnectionsProvider({ children }: { children: ReactNode }): ReactNode {
  const api = useConnectionsData();
  return <ConnectionsContext.Provider value={api}>{children}</ConnectionsContext.Provider>;
}
