import { LOCAL_STACK_DRAFTS } from '../../../shared/contract/connections';
import type { MenuCommand } from '../../../shared/menu';
import type { AppActions } from './actions';
import type { TabsAction } from './tabs';

/**
 * What each native menu command does (desktop), with the same handlers as the
 * shortcuts and the command palette. Pure given its arguments; unit tested.
 * Connection commands act on the active tab's connection; with none, Connect
 * and Edit open the palette to pick one.
 */
export function runMenuCommand(
  command: MenuCommand,
  ctx: {
    actions: AppActions;
    dispatch: (action: TabsAction) => void;
    openPalette: () => void;
    activeTabId: string | null;
    activeConnectionId: string | null;
  },
): void {
  const { actions, dispatch, activeConnectionId: id } = ctx;
  switch (command) {
    case 'palette.open':
      return ctx.openPalette();
    case 'connection.new':
      return actions.newConnection();
    case 'connection.local':
      return actions.addLocal(LOCAL_STACK_DRAFTS);
    case 'connection.import':
      return actions.importProfiles();
    case 'connection.export':
      return actions.exportProfiles();
    case 'connection.connect':
      return id ? actions.connect(id) : ctx.openPalette();
    case 'connection.disconnect':
      return id ? actions.disconnect(id) : undefined;
    case 'connection.edit':
      return id ? actions.editConnection(id) : ctx.openPalette();
    case 'view.theme':
      return actions.toggleTheme();
    case 'view.home':
      return actions.openTab({ type: 'home' });
    case 'view.sidebar':
      return actions.focusSidebar();
    case 'tab.close':
      return ctx.activeTabId === null ? undefined : dispatch({ type: 'close', id: ctx.activeTabId });
    case 'tab.next':
      return dispatch({ type: 'cycle', delta: 1 });
    case 'tab.prev':
      return dispatch({ type: 'cycle', delta: -1 });
  }
}
