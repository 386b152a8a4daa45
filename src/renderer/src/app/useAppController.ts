import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import type { ProfileDraftInput, ProfileKind } from '../../../shared/contract/connections';
import { useConnections } from '../features/connections/context';
import { uniqueName } from '../features/connections/profiles';
import { useProfileTransfer } from '../features/connections/useProfileTransfer';
import { useToast } from '../ui/toast';
import type { AppActions } from './actions';
import { HOTKEYS, IS_MAC, matchHotkey } from './hotkeys';
import { tabId, tabsReducer } from './tabs';
import { loadTabs, storeTabs } from './tabsStorage';
import { runMenuCommand } from './menuCommands';
import { useMenuCommands } from './useMenuCommands';
import { useTheme } from './useTheme';

export type DialogState =
  { type: 'connection'; profileId?: string; kind?: ProfileKind } | { type: 'delete'; profileId: string } | null;

/** The shell's state (tabs, dialogs, palette, theme) and the actions every screen can call. */
export function useAppController() {
  const connections = useConnections();
  const toast = useToast();
  const theme = useTheme();
  const transfer = useProfileTransfer();
  // The open tabs come back from the last run (tabsStorage.ts).
  const [tabs, dispatch] = useReducer(tabsReducer, undefined, loadTabs);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const actions = useMemo<AppActions>(
    () => ({
      openTab: (tab) => dispatch({ type: 'open', tab }),
      closeTab: (id) => dispatch({ type: 'close', id }),
      openConnection: (id) => dispatch({ type: 'open', tab: { type: 'connection', connectionId: id } }),
      newConnection: (kind) => setDialog(kind ? { type: 'connection', kind } : { type: 'connection' }),
      editConnection: (id) => setDialog({ type: 'connection', profileId: id }),
      deleteConnection: (id) => setDialog({ type: 'delete', profileId: id }),
      duplicateConnection: (id) => {
        void connections.duplicate(id).then(
          (copy) => {
            toast.push({ tone: 'success', title: `Duplicated as “${copy.name}”` });
            dispatch({ type: 'open', tab: { type: 'connection', connectionId: copy.id } });
          },
          (error: unknown) => toast.error('Could not duplicate the connection', error),
        );
      },
      connect: (id) => {
        void connections.connect(id).then((status) => {
          if (status.state === 'error') {
            const name = connections.byId(id)?.name ?? 'connection';
            toast.error(
              `Could not connect to ${name}`,
              status.lastError ?? { code: 'SERVER_ERROR', message: 'Unknown error.' },
            );
          }
        });
      },
      disconnect: (id) => {
        void connections.disconnect(id).catch((error: unknown) => toast.error('Could not disconnect', error));
      },
      addLocal: (drafts: readonly ProfileDraftInput[]) => {
        void (async () => {
          const taken = connections.profiles.map((p) => p.name);
          let added = 0;
          for (const draft of drafts) {
            const name = uniqueName(draft.name, taken);
            taken.push(name);
            try {
              await connections.create({ ...draft, name });
              added += 1;
            } catch (error) {
              toast.error(`Could not add ${draft.name}`, error);
            }
          }
          if (added > 0)
            toast.push({ tone: 'success', title: added === 1 ? 'Connection added' : `${added} connections added` });
        })();
      },
      exportProfiles: (ids) => void transfer.exportProfiles(ids),
      importProfiles: () => transfer.importProfiles(),
      openPalette: () => setPaletteOpen(true),
      toggleTheme: theme.toggle,
      focusSidebar: () => document.querySelector<HTMLElement>('[data-testid="sidebar-tree"] [tabindex="0"]')?.focus(),
    }),
    [connections, toast, transfer, theme.toggle],
  );

  const confirmDelete = useCallback(async () => {
    if (dialog?.type !== 'delete') return;
    const id = dialog.profileId;
    const name = connections.byId(id)?.name ?? 'connection';
    setDeleting(true);
    try {
      await connections.remove(id);
      dispatch({ type: 'forget', connectionId: id });
      toast.push({ tone: 'success', title: `Deleted “${name}”` });
      setDialog(null);
    } catch (error) {
      toast.error(`Could not delete ${name}`, error);
    } finally {
      setDeleting(false);
    }
  }, [dialog, connections, toast]);

  // Global shortcuts. The palette shortcut works everywhere, even inside inputs.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const hit = (spec: string): boolean => matchHotkey(event, spec, IS_MAC);
      let handled = true;
      const dialogOpen = document.getElementById('root')?.inert === true;
      if (hit(HOTKEYS.palette)) {
        if (paletteOpen) setPaletteOpen(false);
        else if (!dialogOpen) setPaletteOpen(true);
      } else if (dialogOpen) handled = false;
      else if (hit(HOTKEYS.newConnection)) actions.newConnection();
      else if (hit(HOTKEYS.closeTab)) dispatch({ type: 'close', id: tabsRef.activeId ?? '' });
      else if (hit(HOTKEYS.nextTab)) dispatch({ type: 'cycle', delta: 1 });
      else if (hit(HOTKEYS.prevTab)) dispatch({ type: 'cycle', delta: -1 });
      else if (hit(HOTKEYS.focusSidebar)) actions.focusSidebar();
      else if (hit(HOTKEYS.toggleTheme)) actions.toggleTheme();
      else handled = false;
      if (handled) event.preventDefault();
    };
    const tabsRef = tabs;
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, tabs, paletteOpen]);

  useEffect(() => storeTabs(tabs), [tabs]);

  // Desktop: the native menu's commands run the same handlers as the shortcuts and the palette.
  const current = tabs.tabs.find((t) => tabId(t) === tabs.activeId);
  useMenuCommands((command) =>
    runMenuCommand(command, {
      actions,
      dispatch,
      openPalette: () => setPaletteOpen(true),
      activeTabId: tabs.activeId,
      activeConnectionId:
        current && (current.type === 'connection' || current.type === 'resource') ? current.connectionId : null,
    }),
  );

  // Tabs of deleted profiles close (also when deleted elsewhere, e.g. another window).
  useEffect(() => {
    if (connections.loading) return;
    for (const tab of tabs.tabs) {
      if ((tab.type === 'connection' || tab.type === 'resource') && !connections.byId(tab.connectionId))
        dispatch({ type: 'forget', connectionId: tab.connectionId });
    }
  }, [connections, tabs.tabs]);

  return {
    tabs,
    activeTab: tabs.tabs.find((t) => tabId(t) === tabs.activeId) ?? null,
    dispatch,
    dialog,
    setDialog,
    paletteOpen,
    setPaletteOpen,
    deleting,
    confirmDelete,
    theme,
    actions,
  };
}
