import type { ReactNode } from 'react';
import { LOCAL_STACK_DRAFTS, type ProfileDraftInput } from '../../../../shared/contract/connections';
import { useAppActions } from '../../app/actions';
import { useConnections } from './context';
import { KindBadge } from './KindBadge';
import { KIND_LABEL } from './profiles';

/** Where a local-stack draft points, for the one-click list. */
function draftEndpoint(draft: ProfileDraftInput): string {
  switch (draft.kind) {
    case 'kafka':
      return draft.brokers.join(', ');
    case 'mongo':
      return draft.endpoint.mode === 'fields' ? draft.endpoint.hosts.join(', ') : draft.endpoint.uri;
    case 'cassandra':
      return `${draft.contactPoints.join(', ')} · dc ${draft.localDataCenter ?? 'datacenter1'}`;
    case 'neo4j':
      return draft.uri;
    case 'redis':
      return `${draft.host}:${draft.port ?? 6379}`;
  }
}

/** One-click profiles for servers on this machine, individually or all at once. */
export function LocalStackCard(): ReactNode {
  const actions = useAppActions();
  const connections = useConnections();
  const added = new Set(connections.profiles.map((p) => p.name));
  const missing = LOCAL_STACK_DRAFTS.filter((d) => !added.has(d.name));
  return (
    <section className="local-stack card" aria-labelledby="local-stack-title" data-testid="local-stack">
      <header className="card-head">
        <div>
          <h2 id="local-stack-title">Add a local stack</h2>
          <p className="muted">Servers on this machine at their standard ports, without passwords.</p>
        </div>
        <button
          type="button"
          className="btn btn-primary"
          disabled={missing.length === 0}
          onClick={() => actions.addLocal(missing)}
        >
          {missing.length === LOCAL_STACK_DRAFTS.length ? 'Add all five' : `Add the other ${missing.length}`}
        </button>
      </header>
      <ul className="local-list">
        {LOCAL_STACK_DRAFTS.map((draft) => (
          <li key={draft.kind} className="local-item">
            <KindBadge kind={draft.kind} size="lg" />
            <div className="local-text">
              <span className="local-name">{KIND_LABEL[draft.kind]}</span>
              <span className="local-endpoint mono">{draftEndpoint(draft)}</span>
            </div>
            <button
              type="button"
              className="btn btn-sm"
              disabled={added.has(draft.name)}
              aria-label={`Add local ${KIND_LABEL[draft.kind]}`}
              onClick={() => actions.addLocal([draft])}
            >
              {added.has(draft.name) ? 'Added' : 'Add'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
