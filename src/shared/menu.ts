/**
 * The app's shortcuts and the commands the desktop's native menu sends to the
 * page. One list for both: the command palette shows these hotkeys, the
 * renderer handles them (src/renderer/src/app/useAppController.ts), and main's
 * menu (src/main/menu.ts) shows the same ones next to the same commands.
 *
 * Hotkeys are strings such as "Mod+K" or "Alt+PageDown"; "Mod" is Cmd on
 * macOS and Ctrl elsewhere. They avoid keys that browsers reserve (Ctrl+W,
 * Ctrl+Tab) so they work in web mode too.
 */
export const HOTKEYS = {
  palette: 'Mod+K',
  newConnection: 'Alt+N',
  closeTab: 'Alt+W',
  nextTab: 'Alt+PageDown',
  prevTab: 'Alt+PageUp',
  focusSidebar: 'Alt+S',
  toggleTheme: 'Alt+T',
} as const;

/** What a native menu item asks the page to do (main -> preload -> page, by name only). */
export const MENU_COMMANDS = [
  'palette.open',
  'connection.new',
  'connection.local',
  'connection.import',
  'connection.export',
  'connection.connect',
  'connection.disconnect',
  'connection.edit',
  'view.theme',
  'view.home',
  'view.sidebar',
  'tab.close',
  'tab.next',
  'tab.prev',
] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}
