import { useMemo, type ReactNode } from 'react';
import { ConnectionDialog } from '../features/connections/ConnectionDialog';
import { ConnectionsProvider } from '../features/connections/ConnectionsProvider';
import { useConnections } from '../features/connections/context';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { ToastProvider } from '../ui/Toasts';
import { useToast } from '../ui/toast';
import { AppActionsContext } from './actions';
import { CommandPalette } from './CommandPalette';
import { buildCommands } from './commands';
import { IS_MAC } from './hotkeys';
import { connectionKey } from './sidebarTree';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { TitleBar } from './TitleBar';
import { useAppController } from './useAppController';
import { WorkArea } from './WorkArea';

/** The root: providers around the shell. */
export function App(): ReactNode {
  return (
    <ToastProvider>
      <ConnectionsProvider>
        <Shell />
      </ConnectionsProvider>
    </ToastProvider>
  );
}

function Shell(): ReactNode {
  const app = useAppController();
  const connections = useConnections();
  const toast = useToast();
  const { actions, activeTab, dialog } = app;

  const commands = useMemo(
    () =>
      buildCommands(connections.profiles, connections.status, actions, {
        themeLabel: app.theme.theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme',
        ...(app.theme.pref !== 'system' ? { followSystem: () => app.theme.setPref('system') } : {}),
      }),
    [connections.profiles, connections.status, actions, app.theme],
  );

  const selectedKey =
    activeTab && activeTab.type !== 'home' && activeTab.type !== 'tool'
      ? activeTab.type === 'connection'
        ? connectionKey(activeTab.connectionId)
        : `r:${activeTab.connectionId}:${activeTab.resource}`
      : null;
  const editing = dialog?.type === 'connection' && dialog.profileId ? connections.byId(dialog.profileId) : undefined;
  const deleting = dialog?.type === 'delete' ? connections.byId(dialog.profileId) : undefined;

  return (
    <AppActionsContext.Provider value={actions}>
      <div className="shell" data-testid="app-shell" data-theme-pref={app.theme.pref}>
        <TitleBar theme={app.theme.theme} pref={app.theme.pref} />
        <div className="shell-main">
          <Sidebar selectedKey={selectedKey} />
          <WorkArea tabs={app.tabs} activeTab={activeTab} />
        </div>
        <StatusBar />
      </div>

      {dialog?.type === 'connection' && (editing || !dialog.profileId) ? (
        <ConnectionDialog
          target={editing ? { profile: editing } : dialog.kind ? { kind: dialog.kind } : {}}
          onClose={() => app.setDialog(null)}
          onSaved={(profile, created) => {
            app.setDialog(null);
            toast.push({ tone: 'success', title: created ? `Saved “${profile.name}”` : `Updated “${profile.name}”` });
            actions.openConnection(profile.id);
          }}
        />
      ) : null}

      {deleting ? (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          message={
            <p>
              The profile and its stored secrets are removed from this machine, and its live connection is closed.
              Nothing changes on the server.
            </p>
          }
          confirmLabel="Delete connection"
          danger
          busy={app.deleting}
          {...(deleting.environment === 'prod' ? { requireText: deleting.name } : {})}
          onConfirm={() => void app.confirmDelete()}
          onCancel={() => app.setDialog(null)}
        />
      ) : null}

      {app.paletteOpen ? (
        <CommandPalette commands={commands} mac={IS_MAC} onClose={() => app.setPaletteOpen(false)} />
      ) : null}
    </AppActionsContext.Provider>
  );
}
