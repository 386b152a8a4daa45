import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { Profile } from '../../../src/shared/contract/connections';
import type { AppActions } from '../../../src/renderer/src/app/actions';
import { buildCommands } from '../../../src/renderer/src/app/commands';
import {
  buildRows,
  connectionKey,
  filterProfiles,
  groupKey,
  treeKeyMove,
} from '../../../src/renderer/src/app/sidebarTree';
import { groupProfiles } from '../../../src/renderer/src/features/connections/profiles';
import { DataGrid } from '../../../src/renderer/src/ui/DataGrid';

const stamp = { createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' };
const unset = { password: { set: false }, privateKey: { set: false }, passphrase: { set: false } };
const redis = (id: string, name: string, group = ''): Profile =>
  Profile.parse({
    id,
    kind: 'redis',
    name,
    group,
    host: '127.0.0.1',
    password: { set: false },
    tls: { key: { set: false }, keyPassphrase: { set: false } },
    ssh: { ...unset, jump: unset },
    ...stamp,
  });

const profiles = [redis('a', 'Alpha', 'Local stack'), redis('b', 'Beta', 'Local stack'), redis('c', 'Loose')];

describe('sidebar tree', () => {
  const rows = (expanded: string[] = [], collapsed: string[] = []) =>
    buildRows({
      groups: groupProfiles(profiles),
      expanded: new Set(expanded),
      collapsedGroups: new Set(collapsed),
      resources: () => [],
    });

  it('lists groups (expanded by default) then ungrouped connections, with a placeholder under an expanded connection', () => {
    expect(rows().map((r) => r.key)).toEqual(['g:Local stack', 'c:a', 'c:b', 'c:c']);
    const open = rows([connectionKey('a')]);
    expect(open.map((r) => r.key)).toEqual(['g:Local stack', 'c:a', 'p:a', 'c:b', 'c:c']);
    expect(open[2]).toMatchObject({ type: 'placeholder', text: 'Nothing to browse yet', depth: 3 });
    expect(rows([], [groupKey('Local stack')]).map((r) => r.key)).toEqual(['g:Local stack', 'c:c']);
  });

  it('follows the tree keyboard pattern', () => {
    const r = rows([connectionKey('a')]);
    expect(treeKeyMove(r, 0, 'ArrowDown')).toEqual({ type: 'focus', index: 1 });
    expect(treeKeyMove(r, 0, 'ArrowUp')).toEqual({ type: 'none' });
    expect(treeKeyMove(r, 1, 'ArrowRight')).toEqual({ type: 'focus', index: 2 }); // expanded: into the child
    expect(treeKeyMove(r, 3, 'ArrowRight')).toEqual({ type: 'expand', key: 'c:b' });
    expect(treeKeyMove(r, 1, 'ArrowLeft')).toEqual({ type: 'collapse', key: 'c:a' });
    expect(treeKeyMove(r, 2, 'ArrowLeft')).toEqual({ type: 'focus', index: 1 }); // to the parent
    expect(treeKeyMove(r, 3, 'ArrowLeft')).toEqual({ type: 'focus', index: 0 });
    expect(treeKeyMove(r, 0, 'Enter')).toEqual({ type: 'collapse', key: 'g:Local stack' });
    expect(treeKeyMove(r, 3, 'Enter')).toEqual({ type: 'activate', index: 3 });
    expect(treeKeyMove(r, 2, 'End')).toEqual({ type: 'focus', index: 4 });
  });

  it('filters by name, group or kind', () => {
    expect(filterProfiles(profiles, 'loo').map((p) => p.id)).toEqual(['c']);
    expect(filterProfiles(profiles, 'local STACK').map((p) => p.id)).toEqual(['a', 'b']);
    expect(filterProfiles(profiles, 'redis')).toHaveLength(3);
  });
});

describe('command palette commands', () => {
  it('offers connect or disconnect per connection depending on its state', () => {
    const actions = Object.fromEntries(
      [
        'openTab',
        'closeTab',
        'openConnection',
        'newConnection',
        'editConnection',
        'duplicateConnection',
        'deleteConnection',
        'connect',
        'disconnect',
        'addLocal',
        'exportProfiles',
        'importProfiles',
        'openPalette',
        'toggleTheme',
        'focusSidebar',
      ].map((k) => [k, vi.fn()]),
    ) as unknown as AppActions;
    const status = {
      a: {
        connectionId: 'a',
        state: 'connected' as const,
        lastError: null,
        changedAt: stamp.createdAt,
        serverVersion: null,
      },
    };
    const commands = buildCommands(profiles, status, actions, { themeLabel: 'Switch to dark theme' });
    const titles = commands.map((c) => c.title);
    expect(titles).toContain('Disconnect Alpha');
    expect(titles).toContain('Connect Beta');
    expect(titles).not.toContain('Connect Alpha');
    expect(titles).toContain('New connection…');
    commands.find((c) => c.title === 'Connect Beta')?.run();
    expect(actions.connect).toHaveBeenCalledWith('b');
  });
});

describe('DataGrid', () => {
  it('renders only the visible window of a large result, with a header and text cells', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => ({ id: i, value: `<b>row ${i}</b>` }));
    const html = renderToString(
      <DataGrid
        label="Big"
        rows={rows}
        rowKey={(r) => String(r.id)}
        initialHeight={300}
        rowHeight={25}
        overscan={5}
        columns={[
          { id: 'id', header: 'Id', cell: (r) => r.id, align: 'right' },
          { id: 'value', header: 'Value', cell: (r) => r.value },
        ]}
      />,
    );
    const rendered = html.match(/role="row"/g)?.length ?? 0;
    // 1 header row + ~12 visible + overscan; never the 100k rows.
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);
    expect(html).toContain('aria-rowcount="100001"');
    // Server text is escaped, never interpreted as markup.
    expect(html).toContain('&lt;b&gt;row 0&lt;/b&gt;');
    expect(html).not.toContain('<b>row 0</b>');
  });

  it('shows the empty text when there are no rows', () => {
    const html = renderToString(
      <DataGrid
        label="Empty"
        rows={[]}
        rowKey={() => 'x'}
        columns={[{ id: 'a', header: 'A', cell: () => '' }]}
        empty="No keys"
      />,
    );
    expect(html).toContain('No keys');
  });
});
