import { describe, expect, it } from 'vitest';
import { initialTabs, tabId, tabsReducer } from '../../../src/renderer/src/app/tabs';
import { parseStoredTabs } from '../../../src/renderer/src/app/tabsStorage';

/** Tool tabs (screens of no connection, e.g. Models): open once, survive a reload, untouched by `forget`. */
describe('tool tabs', () => {
  it('opens once, is kept by forget, and round-trips through storage', () => {
    const tab = { type: 'tool', tool: 'models' } as const;
    let s = tabsReducer(initialTabs, { type: 'open', tab });
    s = tabsReducer(s, { type: 'open', tab });
    expect(s.tabs.filter((t) => tabId(t) === 'tool:models')).toHaveLength(1);
    s = tabsReducer(s, { type: 'forget', connectionId: 'x' });
    expect(s.activeId).toBe('tool:models');
    const back = parseStoredTabs(JSON.stringify(s));
    expect(back.tabs).toContainEqual(tab);
    expect(parseStoredTabs(JSON.stringify({ tabs: [{ type: 'tool', tool: '' }] })).tabs).not.toContainEqual({
      type: 'tool',
      tool: '',
    });
  });
});
