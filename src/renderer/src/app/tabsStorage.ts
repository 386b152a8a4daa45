import { initialTabs, tabId, type TabRef, type TabsState } from './tabs';

/**
 * The open tabs, kept in localStorage so the next start shows them again (the
 * desktop's window state is main's; the tabs are the page's own). Only the
 * tab references are stored (connection ids and resource names, never
 * data); tabs of profiles deleted meanwhile are closed by the shell once the
 * profiles load. Anything malformed gives the default (the overview).
 */

export const TABS_STORAGE_KEY = 'stackdeck.tabs.v1';
const MAX_TABS = 50;
const MAX_FIELD = 500;

const field = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_FIELD;

function parseTab(raw: unknown): TabRef | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const t = raw as Record<string, unknown>;
  if (t.type === 'home') return { type: 'home' };
  if (t.type === 'connection' && field(t.connectionId)) return { type: 'connection', connectionId: t.connectionId };
  if (t.type === 'tool' && field(t.tool)) return { type: 'tool', tool: t.tool };
  if (t.type === 'resource' && field(t.connectionId) && field(t.resource))
    return { type: 'resource', connectionId: t.connectionId, resource: t.resource };
  return undefined;
}

export function parseStoredTabs(text: string | null): TabsState {
  if (text === null) return initialTabs;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return initialTabs;
  }
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { tabs?: unknown }).tabs)) return initialTabs;
  const seen = new Set<string>();
  const tabs: TabRef[] = [];
  for (const item of (raw as { tabs: unknown[] }).tabs.slice(0, MAX_TABS)) {
    const tab = parseTab(item);
    if (tab === undefined || seen.has(tabId(tab))) continue;
    seen.add(tabId(tab));
    tabs.push(tab);
  }
  if (tabs.length === 0) return initialTabs;
  const active = (raw as { activeId?: unknown }).activeId;
  return { tabs, activeId: typeof active === 'string' && seen.has(active) ? active : tabId(tabs[0] as TabRef) };
}

export function serializeTabs(state: TabsState): string {
  return JSON.stringify({ tabs: state.tabs.slice(0, MAX_TABS), activeId: state.activeId });
}

export function loadTabs(): TabsState {
  try {
    return parseStoredTabs(window.localStorage.getItem(TABS_STORAGE_KEY));
  } catch {
    return initialTabs;
  }
}

export function storeTabs(state: TabsState): void {
  try {
    window.localStorage.setItem(TABS_STORAGE_KEY, serializeTabs(state));
  } catch {
    // Storage full or disabled: the tabs just are not restored next time.
  }
}
