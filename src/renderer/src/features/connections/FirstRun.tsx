import type { ReactNode } from 'react';
import { useAppActions } from '../../app/actions';
import { HOTKEYS, IS_MAC, formatHotkey } from '../../app/hotkeys';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { IconPlus, IconStack, IconUpload } from '../../ui/icons';
import { useConnections } from './context';
import { LocalStackCard } from './LocalStackCard';

/** First run: what Stackdeck is, what to do, and one-click profiles for a local stack. */
export function FirstRun(): ReactNode {
  const actions = useAppActions();
  const connections = useConnections();
  return (
    <div className="first-run" data-testid="first-run">
      <div className="first-run-intro">
        <div className="first-run-logo" aria-hidden="true">
          <IconStack size={28} />
        </div>
        <h1>Welcome to Stackdeck</h1>
        <p className="lead">
          One console for your data infrastructure, against any environment, with production clearly marked. Today:
          Kafka topics, messages, consumer groups and lag history. MongoDB, Cassandra, Neo4j and Redis connections can
          be added and tested now; their browsers come next.
        </p>
        <p className="muted">
          Start by adding a connection. Stackdeck keeps passwords in its own secret store, never in the profile file,
          and tests each connection step by step so you can see exactly where it fails.
        </p>
        {connections.loadError ? <ErrorBanner error={connections.loadError} /> : null}
        <div className="first-run-actions">
          <button type="button" className="btn btn-primary btn-lg" onClick={() => actions.newConnection()}>
            <IconPlus /> New connection
          </button>
          <button type="button" className="btn btn-lg" onClick={actions.importProfiles}>
            <IconUpload /> Import profiles…
          </button>
        </div>
        <p className="faint first-run-tip">
          Tip: press <kbd>{formatHotkey(HOTKEYS.palette, IS_MAC)}</kbd> anywhere for the command palette.
        </p>
      </div>

      <LocalStackCard />
    </div>
  );
}
