// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreRestartedBar } from '../../../src/renderer/src/app/CoreRestartedBar';
import { initialTabs, tabsReducer } from '../../../src/renderer/src/app/tabs';
import {
  TABS_STORAGE_KEY,
  loadTabs,
  parseStoredTabs,
  serializeTabs,
  storeTabs,
} from '../../../src/renderer/src/app/tabsStorage';
import { runMenuCommand } from '../../../src/renderer/src/app/menuCommands';
import type { AppActions } from '../../../src/renderer/src/app/actions';
import type { TabsAction } from '../../../src/renderer/src/app/tabs';
import { useMenuCommands } from '../../../src/renderer/src/app/useMenuCommands';
import { CORE_EVENTS, type StackdeckBridge } from '../../../src/shared/bridge';
import { MENU_COMMANDS, type MenuCommand } from '../../../src/shared/menu';

/** The shell's desktop parts: the core-restarted banner and the open tabs kept across starts. */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let host: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
  window.localStorage.clear();
  delete (window as { stackdeck?: unknown }).stackdeck;
});

function recorder() {
  const did: string[] = [];
  const actions = new Proxy({} as AppActions, {
    get: (_t, name: string) => (arg?: unknown) =>
      did.push(
        arg === undefined ? name : `${name}(${typeof arg === 'string' ? arg : JSON.stringify(arg).slice(0, 30)})`,
      ),
  });
  const dispatched: TabsAction[] = [];
  return { did, actions, dispatched, dispatch: (a: TabsAction) => void dispatched.push(a) };
}

describe('native menu commands', () => {
  it('run the shell actions, on the active tab and its connection', () => {
    const r = recorder();
    const ctx = { ...r, openPalette: () => r.did.push('palette'), activeTabId: 'conn:k1', activeConnectionId: 'k1' };
    for (const command of MENU_COMMANDS) runMenuCommand(command, ctx);
    expect(r.did).toEqual([
      'palette',
      'newConnection',
      expect.stringMatching(/^addLocal\(\[/),
      'importProfiles',
      'exportProfiles',
      'connect(k1)',
      'disconnect(k1)',
      'editConnection(k1)',
      'toggleTheme',
      'openTab({"type":"home"})',
      'focusSidebar',
    ]);
    expect(r.dispatched).toEqual([
      { type: 'close', id: 'conn:k1' },
      { type: 'cycle', delta: 1 },
      { type: 'cycle', delta: -1 },
    ]);
  });

  it('without an active connection, Connect and Edit open the palette and Disconnect does nothing', () => {
    const r = recorder();
    const ctx = { ...r, openPalette: () => r.did.push('palette'), activeTabId: null, activeConnectionId: null };
    for (const command of ['connection.connect', 'connection.disconnect', 'connection.edit', 'tab.close'] as const)
      runMenuCommand(command, ctx);
    expect(r.did).toEqual(['palette', 'palette']);
    expect(r.dispatched).toEqual([]);
  });

  it('are heard from the desktop bridge while mounted, by name only', () => {
    let listener: ((command: string) => void) | undefined;
    const bridge: Pick<StackdeckBridge, 'onMenuCommand'> = {
      onMenuCommand: (l) => {
        listener = l;
        return () => (listener = undefined);
      },
    };
    (window as { stackdeck?: unknown }).stackdeck = bridge;
    const heard: MenuCommand[] = [];
    function Probe(): null {
      useMenuCommands((command) => heard.push(command));
      return null;
    }
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    act(() => root?.render(<Probe />));
    listener?.('tab.next');
    listener?.('rm -rf');
    expect(heard).toEqual(['tab.next']);
    act(() => root?.unmount());
    root = undefined;
    expect(listener).toBeUndefined();
  });
});

describe('core restarted banner', () => {
  it('appears when core restarted, counts restarts, and can be dismissed', () => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    act(() => root?.render(<CoreRestartedBar />));
    expect(host.querySelector('[data-testid="core-restarted"]')).toBeNull();
    act(() => void window.dispatchEvent(new Event(CORE_EVENTS.restarted)));
    const bar = host.querySelector('[data-testid="core-restarted"]');
    expect(bar?.getAttribute('role')).toBe('alert');
    expect(bar?.textContent).toContain("Stackdeck's core stopped unexpectedly and was restarted.");
    expect(bar?.textContent).toContain('connections reopen when you use them');
    act(() => void window.dispatchEvent(new Event(CORE_EVENTS.restarted)));
    expect(host.textContent).toContain('restarted (2 times)');
    act(() => host?.querySelector('button')?.click());
    expect(host.querySelector('[data-testid="core-restarted"]')).toBeNull();
  });
});

describe('open tabs across starts', () => {
  it('round-trips the tabs and the active one', () => {
    let state = tabsReducer(initialTabs, { type: 'open', tab: { type: 'connection', connectionId: 'k1' } });
    state = tabsReducer(state, { type: 'open', tab: { type: 'resource', connectionId: 'k1', resource: 'groups' } });
    state = tabsReducer(state, { type: 'activate', id: 'conn:k1' });
    storeTabs(state);
    expect(window.localStorage.getItem(TABS_STORAGE_KEY)).toBe(serializeTabs(state));
    expect(loadTabs()).toEqual(state);
  });

  it('falls back to the overview for anything malformed, and drops bad or duplicate tabs', () => {
    for (const text of [null, '', 'nope', '{}', '{"tabs":"x"}', '{"tabs":[]}', '{"tabs":[{"type":"evil"}]}']) {
      expect(parseStoredTabs(text), String(text)).toEqual(initialTabs);
    }
    const parsed = parseStoredTabs(
      JSON.stringify({
        tabs: [
          { type: 'connection', connectionId: 'a' },
          { type: 'connection', connectionId: 'a' },
          { type: 'connection', connectionId: 42 },
          { type: 'resource', connectionId: 'a', resource: 'x'.repeat(501) },
          { type: 'resource', connectionId: 'a', resource: 'topics', extra: '<script>' },
        ],
        activeId: 'res:nope:nope',
      }),
    );
    expect(parsed).toEqual({
      tabs: [
        { type: 'connection', connectionId: 'a' },
        { type: 'resource', connectionId: 'a', resource: 'topics' },
      ],
      activeId: 'conn:a',
    });
  });
});
