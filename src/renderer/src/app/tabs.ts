/** Work-area tab state (pure reducer; unit tested). */

export type TabRef =
  | { type: 'home' }
  | { type: 'connection'; connectionId: string }
  /** A resource of a connection, opened from the tree; areas define `resource`. */
  | { type: 'resource'; connectionId: string; resource: string }
  /** A screen of no connection (e.g. Models), registered in app/tools.ts. */
  | { type: 'tool'; tool: string };

export interface TabsState {
  tabs: TabRef[];
  activeId: string | null;
}

export type TabsAction =
  | { type: 'open'; tab: TabRef }
  | { type: 'close'; id: string }
  | { type: 'activate'; id: string }
  | { type: 'cycle'; delta: 1 | -1 }
  /** Closes every tab of a connection (it was deleted). */
  | { type: 'forget'; connectionId: string };

export function tabId(tab: TabRef): string {
  switch (tab.type) {
    case 'home':
      return 'home';
    case 'connection':
      return `conn:${tab.connectionId}`;
    case 'resource':
      return `res:${tab.connectionId}:${tab.resource}`;
    case 'tool':
      return `tool:${tab.tool}`;
  }
}

export const initialTabs: TabsState = { tabs: [{ type: 'home' }], activeId: 'home' };

export function tabsReducer(state: TabsState, action: TabsAction): TabsState {
  switch (action.type) {
    case 'open': {
      const id = tabId(action.tab);
      if (state.tabs.some((t) => tabId(t) === id)) return { ...state, activeId: id };
      // Open next to the active tab, as editors do.
      const at = state.tabs.findIndex((t) => tabId(t) === state.activeId);
      const tabs = [...state.tabs];
      tabs.splice(at === -1 ? tabs.length : at + 1, 0, action.tab);
      return { tabs, activeId: id };
    }
    case 'close': {
      const index = state.tabs.findIndex((t) => tabId(t) === action.id);
      if (index === -1) return state;
      const tabs = state.tabs.filter((_, i) => i !== index);
      if (state.activeId !== action.id) return { ...state, tabs };
      const neighbour = tabs[index] ?? tabs[index - 1];
      return { tabs, activeId: neighbour ? tabId(neighbour) : null };
    }
    case 'activate':
      return state.tabs.some((t) => tabId(t) === action.id) ? { ...state, activeId: action.id } : state;
    case 'cycle': {
      if (state.tabs.length === 0) return state;
      const index = state.tabs.findIndex((t) => tabId(t) === state.activeId);
      const next = state.tabs[(index + action.delta + state.tabs.length) % state.tabs.length];
      return next ? { ...state, activeId: tabId(next) } : state;
    }
    case 'forget': {
      let next = state;
      for (const tab of state.tabs) {
        if ((tab.type === 'connection' || tab.type === 'resource') && tab.connectionId === action.connectionId)
          next = tabsReducer(next, { type: 'close', id: tabId(tab) });
      }
      return next;
    }
  }
}
