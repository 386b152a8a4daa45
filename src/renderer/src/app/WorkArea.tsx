import type { ReactNode } from 'react';
import type { ConnectionStatus, Profile } from '../../../shared/contract/connections';
import { ConnectionPage } from '../features/connections/ConnectionPage';
import { useConnections } from '../features/connections/context';
import { Home } from '../features/connections/Home';
import { KindBadge } from '../features/connections/KindBadge';
import { accentFor, dotState } from '../features/connections/profiles';
import { EmptyState } from '../ui/EmptyState';
import { IconLayers, IconStack } from '../ui/icons';
import { StatusDot } from '../ui/StatusDot';
import { Tabs, type TabItem } from '../ui/Tabs';
import { useAppActions } from './actions';
import { ConnectionLostBar } from './ConnectionLostBar';
import { CoreRestartedBar } from './CoreRestartedBar';
import { HOTKEYS, IS_MAC, formatHotkey } from './hotkeys';
import { TabBoundary } from './TabBoundary';
import { NOTHING_TO_BROWSE, resourceViewFor } from './resources';
import { tabId, type TabRef, type TabsState } from './tabs';
import { toolFor } from './tools';

function tabItem(
  tab: TabRef,
  byId: (id: string) => Profile | undefined,
  status: Readonly<Record<string, ConnectionStatus>>,
): TabItem {
  if (tab.type === 'home') return { id: 'home', label: 'Overview', icon: <IconStack size={14} />, closable: true };
  if (tab.type === 'tool')
    return {
      id: tabId(tab),
      label: toolFor(tab.tool)?.label ?? tab.tool,
      icon: <IconLayers size={14} />,
      closable: true,
    };
  const profile = byId(tab.connectionId);
  const name = profile?.name ?? 'Deleted connection';
  const dot = <StatusDot state={dotState(status[tab.connectionId]?.state)} />;
  if (tab.type === 'connection') {
    return {
      id: tabId(tab),
      label: name,
      icon: profile ? <KindBadge kind={profile.kind} /> : undefined,
      suffix: dot,
      closable: true,
      accent: accentFor(profile),
    };
  }
  const view = profile ? resourceViewFor(profile.kind, tab.resource) : undefined;
  const label = view ? view.label(tab.resource) : tab.resource;
  return {
    id: tabId(tab),
    label: `${label} · ${name}`,
    icon: <IconLayers size={14} />,
    suffix: dot,
    closable: true,
    accent: accentFor(profile),
  };
}

/** The tab strip and the active tab's screen. A prod connection's colour runs along the top of the work area. */
export function WorkArea({ tabs, activeTab }: { tabs: TabsState; activeTab: TabRef | null }): ReactNode {
  const connections = useConnections();
  const actions = useAppActions();
  const activeProfile =
    activeTab && (activeTab.type === 'connection' || activeTab.type === 'resource')
      ? connections.byId(activeTab.connectionId)
      : undefined;
  const accent = accentFor(activeProfile);
  return (
    <main
      className="work"
      data-testid="work-area"
      data-accent={accent ? 'prod' : undefined}
      style={accent ? { borderTopColor: accent } : undefined}
    >
      <ConnectionLostBar />
      <CoreRestartedBar />
      <Tabs
        label="Open tabs"
        testId="work-tabs"
        panelIdPrefix="work"
        items={tabs.tabs.map((t) => tabItem(t, connections.byId, connections.status))}
        activeId={tabs.activeId}
        onSelect={(id) => actions.openTab(tabs.tabs.find((t) => tabId(t) === id) ?? { type: 'home' })}
        onClose={actions.closeTab}
      />
      <div
        className="work-body"
        role="tabpanel"
        id={tabs.activeId ? `work-panel-${tabs.activeId}` : undefined}
        aria-labelledby={tabs.activeId ? `work-tab-${tabs.activeId}` : undefined}
      >
        {activeTab === null ? (
          <EmptyState
            title="No tab open"
            actions={
              <button type="button" className="btn" onClick={() => actions.openTab({ type: 'home' })}>
                Open overview
              </button>
            }
          >
            Pick a connection in the sidebar, or press <kbd>{formatHotkey(HOTKEYS.palette, IS_MAC)}</kbd> for commands.
          </EmptyState>
        ) : (
          <TabBoundary
            key={tabs.activeId ?? 'none'}
            label={tabItem(activeTab, connections.byId, connections.status).label}
          >
            {activeTab.type === 'home' ? (
              <Home />
            ) : activeTab.type === 'tool' ? (
              <div className="resource-screen">{toolFor(activeTab.tool)?.render() ?? null}</div>
            ) : activeTab.type === 'connection' ? (
              <ConnectionPage key={activeTab.connectionId} connectionId={activeTab.connectionId} />
            ) : (
              <ResourceScreen tab={activeTab} profile={activeProfile} />
            )}
          </TabBoundary>
        )}
      </div>
    </main>
  );
}

/** A resource tab: the screen its area registered, or an explicit "not built" state. */
function ResourceScreen({
  tab,
  profile,
}: {
  tab: Extract<TabRef, { type: 'resource' }>;
  profile: Profile | undefined;
}): ReactNode {
  const actions = useAppActions();
  const view = profile ? resourceViewFor(profile.kind, tab.resource) : undefined;
  if (!profile || !view) {
    return (
      <EmptyState icon={<IconLayers size={28} />} title={NOTHING_TO_BROWSE}>
        This part of Stackdeck is not built yet.
      </EmptyState>
    );
  }
  return (
    <div key={`${tab.connectionId}:${tab.resource}`} className="resource-screen">
      {view.render({
        profile,
        connectionId: tab.connectionId,
        resource: tab.resource,
        openResource: (resource) => actions.openTab({ type: 'resource', connectionId: tab.connectionId, resource }),
      })}
    </div>
  );
}
