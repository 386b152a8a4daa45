import type { ReactNode } from 'react';
import { useConnections } from './context';
import { FirstRun } from './FirstRun';
import { Overview } from './Overview';

/** The Overview tab: the first-run guide while there are no connections, then a table of all of them. */
export function Home(): ReactNode {
  const connections = useConnections();
  if (connections.loading) return <div className="page-loading" aria-busy="true" />;
  return connections.profiles.length === 0 ? <FirstRun /> : <Overview />;
}
