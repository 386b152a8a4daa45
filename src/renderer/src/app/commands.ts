import { LOCAL_STACK_DRAFTS, type ConnectionStatus, type Profile } from '../../../shared/contract/connections';
import { KIND_LABEL } from '../features/connections/profiles';
import type { AppActions } from './actions';
import { HOTKEYS } from './hotkeys';

export interface Command {
  id: string;
  title: string;
  /** Small label on the right: the category. */
  group: string;
  /** A hotkey spec shown as a hint ("Mod+K"). */
  hotkey?: string;
  /** Extra words that should match (kind, host). */
  keywords?: string;
  run: () => void;
}

/** The palette's commands for the current state (pure given the actions; unit tested). */
export function buildCommands(
  profiles: readonly Profile[],
  status: Readonly<Record<string, ConnectionStatus>>,
  actions: AppActions,
  extra: { themeLabel: string; followSystem?: () => void },
): Command[] {
  const commands: Command[] = [
    {
      id: 'connection.new',
      title: 'New connection…',
      group: 'Connections',
      hotkey: HOTKEYS.newConnection,
      run: () => actions.newConnection(),
    },
    {
      id: 'connection.local',
      title: 'Add local stack connections (Kafka, MongoDB, Cassandra, Neo4j, Redis)',
      group: 'Connections',
      keywords: '127.0.0.1 localhost first run',
      run: () => actions.addLocal(LOCAL_STACK_DRAFTS),
    },
    {
      id: 'connection.import',
      title: 'Import connection profiles…',
      group: 'Connections',
      run: () => actions.importProfiles(),
    },
    {
      id: 'connection.export',
      title: 'Export all connection profiles',
      group: 'Connections',
      run: () => actions.exportProfiles(),
    },
    {
      id: 'view.theme',
      title: extra.themeLabel,
      group: 'View',
      hotkey: HOTKEYS.toggleTheme,
      keywords: 'dark light theme',
      run: actions.toggleTheme,
    },
    ...(extra.followSystem
      ? [
          {
            id: 'view.theme.system',
            title: 'Theme: follow the system setting',
            group: 'View',
            keywords: 'dark light os',
            run: extra.followSystem,
          },
        ]
      : []),
    {
      id: 'view.home',
      title: 'Go to overview',
      group: 'View',
      keywords: 'home welcome',
      run: () => actions.openTab({ type: 'home' }),
    },
    {
      id: 'view.sidebar',
      title: 'Focus connections sidebar',
      group: 'View',
      hotkey: HOTKEYS.focusSidebar,
      run: actions.focusSidebar,
    },
  ];
  for (const p of profiles) {
    const kind = KIND_LABEL[p.kind];
    const words = `${kind} ${p.group} ${p.environment}`;
    commands.push({
      id: `open:${p.id}`,
      title: `Open ${p.name}`,
      group: kind,
      keywords: words,
      run: () => actions.openConnection(p.id),
    });
    const state = status[p.id]?.state ?? 'disconnected';
    if (state === 'connected' || state === 'connecting') {
      commands.push({
        id: `disconnect:${p.id}`,
        title: `Disconnect ${p.name}`,
        group: kind,
        keywords: words,
        run: () => actions.disconnect(p.id),
      });
    } else {
      commands.push({
        id: `connect:${p.id}`,
        title: `Connect ${p.name}`,
        group: kind,
        keywords: words,
        run: () => actions.connect(p.id),
      });
    }
    commands.push({
      id: `edit:${p.id}`,
      title: `Edit ${p.name}…`,
      group: kind,
      keywords: words,
      run: () => actions.editConnection(p.id),
    });
  }
  return commands;
}
