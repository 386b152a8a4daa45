import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyMatch } from '../../../src/renderer/src/app/fuzzy';
import { formatHotkey, matchHotkey, type KeyLike } from '../../../src/renderer/src/app/hotkeys';
import { initialTabs, tabId, tabsReducer, type TabsState } from '../../../src/renderer/src/app/tabs';
import { parseThemePref, resolveTheme, toggledPref } from '../../../src/renderer/src/app/theme';
import { trapTarget } from '../../../src/renderer/src/ui/focus';
import { gridTemplate, nextRowIndex, resizeWidth } from '../../../src/renderer/src/ui/grid';

describe('theme', () => {
  it('follows the OS until the user chooses, and toggling makes an explicit choice', () => {
    expect(parseThemePref(null)).toBe('system');
    expect(parseThemePref('dark')).toBe('dark');
    expect(parseThemePref('purple')).toBe('system');
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(toggledPref('system', true)).toBe('light');
    expect(toggledPref('system', false)).toBe('dark');
    expect(toggledPref('dark', false)).toBe('light');
  });
});

describe('tabs reducer', () => {
  const open = (s: TabsState, id: string): TabsState =>
    tabsReducer(s, { type: 'open', tab: { type: 'connection', connectionId: id } });

  it('opens next to the active tab and re-activates an open tab instead of duplicating it', () => {
    let s = open(initialTabs, 'a');
    s = open(s, 'b');
    s = tabsReducer(s, { type: 'activate', id: 'home' });
    s = open(s, 'c');
    expect(s.tabs.map(tabId)).toEqual(['home', 'conn:c', 'conn:a', 'conn:b']);
    s = open(s, 'a');
    expect(s.tabs).toHaveLength(4);
    expect(s.activeId).toBe('conn:a');
  });

  it('closing the active tab activates its right neighbour, else the left one', () => {
    let s = open(open(open(initialTabs, 'a'), 'b'), 'c');
    s = tabsReducer(s, { type: 'activate', id: 'conn:b' });
    s = tabsReducer(s, { type: 'close', id: 'conn:b' });
    expect(s.activeId).toBe('conn:c');
    s = tabsReducer(s, { type: 'close', id: 'conn:c' });
    expect(s.activeId).toBe('conn:a');
    s = tabsReducer(s, { type: 'close', id: 'conn:a' });
    s = tabsReducer(s, { type: 'close', id: 'home' });
    expect(s).toEqual({ tabs: [], activeId: null });
  });

  it('cycles and forgets every tab of a deleted connection', () => {
    let s = open(open(initialTabs, 'a'), 'b');
    s = tabsReducer(s, { type: 'open', tab: { type: 'resource', connectionId: 'a', resource: 'topics' } });
    expect(s.tabs.map(tabId)).toEqual(['home', 'conn:a', 'conn:b', 'res:a:topics']);
    s = tabsReducer(s, { type: 'cycle', delta: 1 });
    expect(s.activeId).toBe('home');
    s = tabsReducer(s, { type: 'cycle', delta: -1 });
    expect(s.activeId).toBe('res:a:topics');
    s = tabsReducer(s, { type: 'cycle', delta: -1 });
    expect(s.activeId).toBe('conn:b');
    s = tabsReducer(s, { type: 'forget', connectionId: 'a' });
    expect(s.tabs.map(tabId)).toEqual(['home', 'conn:b']);
  });
});

describe('fuzzy matching', () => {
  it('matches subsequences, prefers substrings and word starts', () => {
    expect(fuzzyMatch('nc', 'New connection…')).not.toBeNull();
    expect(fuzzyMatch('xyz', 'New connection…')).toBeNull();
    const ranked = fuzzyFilter(['Disconnect Local Redis', 'Connect Local Redis', 'Toggle theme'], 'conn', (s) => s).map(
      (r) => r.item,
    );
    expect(ranked[0]).toBe('Connect Local Redis');
    expect(ranked).not.toContain('Toggle theme');
    expect(fuzzyFilter(['b', 'a'], '', (s) => s).map((r) => r.item)).toEqual(['b', 'a']);
  });

  it('needs every word of the query, in any order', () => {
    const items = ['Disconnect Local Redis', 'Connect Local Kafka', 'Connect Local Redis'];
    expect(fuzzyFilter(items, 'redis con', (s) => s).map((r) => r.item)).toEqual([
      'Connect Local Redis',
      'Disconnect Local Redis',
    ]);
    expect(fuzzyMatch('con red', 'Disconnect Local Redis')?.positions).toEqual([3, 4, 5, 17, 18, 19]);
  });

  it('reports matched positions for highlighting', () => {
    expect(fuzzyMatch('red', 'Open Local Redis')?.positions).toEqual([11, 12, 13]);
    expect(fuzzyMatch('olr', 'Open Local Redis')?.positions).toEqual([0, 5, 11]);
  });
});

describe('hotkeys', () => {
  const key = (k: Partial<KeyLike>): KeyLike => ({
    key: '',
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...k,
  });
  it('maps Mod to Ctrl off macOS and Cmd on macOS', () => {
    expect(matchHotkey(key({ key: 'k', ctrlKey: true }), 'Mod+K', false)).toBe(true);
    expect(matchHotkey(key({ key: 'k', metaKey: true }), 'Mod+K', false)).toBe(false);
    expect(matchHotkey(key({ key: 'k', metaKey: true }), 'Mod+K', true)).toBe(true);
    expect(matchHotkey(key({ key: 'K', ctrlKey: true, shiftKey: true }), 'Mod+K', false)).toBe(false);
    // Option+N on macOS produces "˜"; the physical key still matches.
    expect(matchHotkey(key({ key: '˜', code: 'KeyN', altKey: true }), 'Alt+N', true)).toBe(true);
    expect(matchHotkey(key({ key: 'PageDown', altKey: true }), 'Alt+PageDown', false)).toBe(true);
  });
  it('formats for display', () => {
    expect(formatHotkey('Mod+K', false)).toBe('Ctrl+K');
    expect(formatHotkey('Mod+K', true)).toBe('⌘K');
    expect(formatHotkey('Alt+PageDown', false)).toBe('Alt+PgDn');
  });
});

describe('focus trap', () => {
  it('wraps Tab at the ends and pulls focus in from outside', () => {
    expect(trapTarget(3, 2, false)).toBe(0);
    expect(trapTarget(3, 0, true)).toBe(2);
    expect(trapTarget(3, 1, false)).toBeNull();
    expect(trapTarget(3, -1, false)).toBe(0);
    expect(trapTarget(3, -1, true)).toBe(2);
    expect(trapTarget(0, -1, false)).toBeNull();
  });
});

describe('data grid logic', () => {
  it('moves the selection with navigation keys and clamps at the ends', () => {
    expect(nextRowIndex('ArrowDown', -1, 10, 5)).toBe(0);
    expect(nextRowIndex('ArrowDown', 9, 10, 5)).toBe(9);
    expect(nextRowIndex('ArrowUp', 0, 10, 5)).toBe(0);
    expect(nextRowIndex('PageDown', 2, 10, 5)).toBe(7);
    expect(nextRowIndex('PageDown', 8, 10, 5)).toBe(9);
    expect(nextRowIndex('PageUp', 3, 10, 5)).toBe(0);
    expect(nextRowIndex('End', 0, 10, 5)).toBe(9);
    expect(nextRowIndex('Home', 5, 10, 5)).toBe(0);
    expect(nextRowIndex('x', 5, 10, 5)).toBeNull();
    expect(nextRowIndex('ArrowDown', -1, 0, 5)).toBeNull();
  });
  it('clamps column widths and lets the last column stretch', () => {
    expect(resizeWidth(100, -500)).toBe(48);
    expect(resizeWidth(100, 25.4)).toBe(125);
    expect(gridTemplate([100, 200])).toBe('100px minmax(200px, 1fr)');
  });
});
