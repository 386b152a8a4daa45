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
import { CORE_EVENTS } from '../../../src/shared/bridge';

/** The shell's desktop parts: the core-restarted banner and the open tabs kept across starts. */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | undefined;
let host: HTMLElement | undefined;
afterEach(() => {
  act(() => root?.unmount());
  host?.remove();
  window.localStorage.clear();
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
