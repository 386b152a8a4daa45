import type { ReactNode } from 'react';
import type { Profile } from '../../../../shared/contract/connections';
import { useAppActions } from '../../app/actions';
import { NOTHING_TO_BROWSE, resourcesFor } from '../../app/resources';
import { EmptyState } from '../../ui/EmptyState';
import { EnvBadge } from '../../ui/EnvBadge';
import { InsecureBadge, isInsecure } from '../../ui/InsecureBadge';
import { ErrorBanner } from '../../ui/ErrorBanner';
import {
  IconCopy,
  IconLayers,
  IconLock,
  IconPencil,
  IconPlug,
  IconPulse,
  IconSpinner,
  IconTrash,
  IconUnplug,
} from '../../ui/icons';
import { StatusDot } from '../../ui/StatusDot';
import { useConnections } from './context';
import { KindBadge } from './KindBadge';
import { ProbePanel } from './ProbePanel';
import { KIND_LABEL, STATE_LABEL, dotState, endpointSummary, hasTag, tagColor } from './profiles';
import { useProbe } from './useProbe';

function authSummary(p: Profile): string {
  if (p.kind === 'kafka')
    return p.sasl.mechanism === 'none' ? 'None' : `SASL ${p.sasl.mechanism.toUpperCase()} as ${p.sasl.username}`;
  const user = p.username || (p.kind === 'redis' ? 'default' : '');
  if (!user && !p.password.set) return 'None';
  return `${user || '(no user)'} · password ${p.password.set ? 'set' : 'not set'}`;
}

function tlsSummary(p: Profile): string {
  if (!p.tls.enabled) return 'Off';
  const parts = ['On'];
  if (p.tls.ca) parts.push('custom CA');
  if (p.tls.cert) parts.push('client certificate');
  if (p.tls.insecureSkipVerify) parts.push('verification OFF');
  return parts.join(' · ');
}

/** A connection's tab: state, actions, an inline connection test, and (later) what to browse. */
export function ConnectionPage({ connectionId }: { connectionId: string }): ReactNode {
  const connections = useConnections();
  const actions = useAppActions();
  const probe = useProbe();
  const profile = connections.byId(connectionId);
  if (!profile) return <EmptyState title="This connection no longer exists" />;
  const status = connections.status[profile.id];
  const state = status?.state ?? 'disconnected';
  const live = state === 'connected' || state === 'connecting';
  const resources = resourcesFor(profile, state);

  return (
    <div className="page connection-page" data-testid="connection-page">
      <header className="page-head">
        <KindBadge kind={profile.kind} size="lg" />
        <div className="page-head-text">
          <h1 className="page-title">
            {hasTag(profile.color) ? (
              <span className="title-tag" style={{ background: tagColor(profile.color) }} aria-hidden="true" />
            ) : null}
            {profile.name}
            {profile.environment !== 'dev' ? <EnvBadge env={profile.environment} /> : null}
            {isInsecure(profile) ? <InsecureBadge /> : null}
            {profile.readOnly ? (
              <span className="ro-badge">
                <IconLock size={12} /> Read-only
              </span>
            ) : null}
          </h1>
          <p className="muted page-sub">
            <StatusDot state={dotState(state)} /> <span data-testid="connection-state">{STATE_LABEL[state]}</span>
            {status?.serverVersion ? <span>· {status.serverVersion}</span> : null}
            <span>· {KIND_LABEL[profile.kind]} ·</span>
            <span className="mono">{endpointSummary(profile)}</span>
          </p>
        </div>
        <span className="spacer" />
        <div className="page-actions">
          {live ? (
            <button
              type="button"
              className="btn"
              onClick={() => actions.disconnect(profile.id)}
              disabled={state === 'connecting'}
            >
              {state === 'connecting' ? <IconSpinner /> : <IconUnplug />}{' '}
              {state === 'connecting' ? 'Connecting…' : 'Disconnect'}
            </button>
          ) : (
            <button type="button" className="btn btn-primary" onClick={() => actions.connect(profile.id)}>
              <IconPlug /> Connect
            </button>
          )}
          <button
            type="button"
            className="btn"
            onClick={() => (probe.view.phase === 'running' ? probe.cancel() : probe.run({ connectionId: profile.id }))}
          >
            <IconPulse /> {probe.view.phase === 'running' ? 'Cancel test' : 'Test'}
          </button>
          <button type="button" className="btn" onClick={() => actions.editConnection(profile.id)}>
            <IconPencil /> Edit
          </button>
          <button
            type="button"
            className="icon-btn"
            title="Duplicate"
            aria-label="Duplicate"
            onClick={() => actions.duplicateConnection(profile.id)}
          >
            <IconCopy />
          </button>
          <button
            type="button"
            className="icon-btn danger-hover"
            title="Delete"
            aria-label="Delete"
            onClick={() => actions.deleteConnection(profile.id)}
          >
            <IconTrash />
          </button>
        </div>
      </header>

      {state === 'error' && status?.lastError ? <ErrorBanner error={status.lastError} /> : null}
      <ProbePanel view={probe.view} kind={profile.kind} onCancel={probe.cancel} />

      <div className="page-columns">
        <section className="card details" aria-label="Details">
          <h2 className="card-title">Details</h2>
          <dl className="details-list">
            <dt>Endpoint</dt>
            <dd className="mono">{endpointSummary(profile)}</dd>
            <dt>Authentication</dt>
            <dd>{authSummary(profile)}</dd>
            <dt>TLS</dt>
            <dd>{tlsSummary(profile)}</dd>
            <dt>Environment</dt>
            <dd>
              <EnvBadge env={profile.environment} />
            </dd>
            <dt>Group</dt>
            <dd>{profile.group || '—'}</dd>
            <dt>Updated</dt>
            <dd>{new Date(profile.updatedAt).toLocaleString()}</dd>
          </dl>
        </section>
        <section className="card resources" aria-label="Resources">
          <h2 className="card-title">Browse</h2>
          {resources.length === 0 ? (
            <EmptyState icon={<IconLayers size={24} />} title={NOTHING_TO_BROWSE}>
              {live
                ? 'Connected. Browsing this server is coming in a later version.'
                : 'Connect to check the server is reachable.'}
            </EmptyState>
          ) : (
            <ul className="resource-list">
              {resources.map((r) => (
                <li key={r.id}>
                  <button
                    type="button"
                    className="btn btn-ghost"
                    onClick={() => actions.openTab({ type: 'resource', connectionId: profile.id, resource: r.id })}
                  >
                    {r.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
