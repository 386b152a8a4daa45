import { Menu, type MenuItemConstructorOptions } from 'electron';
import { HOTKEYS, type MenuCommand } from '../shared/menu';

/**
 * The native menu: File, Edit, View, Connection, Window, Help (plus the app
 * menu on macOS). Items that act on the page send a MenuCommand to the focused
 * window (the page runs it as it runs the command palette's entry), and show
 * the palette's hotkeys (src/shared/menu.ts).
 *
 * On Linux and Windows those accelerators are shown but not registered
 * (`registerAccelerator: false`): the page handles the keys itself, as in web
 * mode, so a shortcut works the same in both and runs once. On macOS the menu
 * takes the key and sends the command, which the page runs the same way.
 */

export interface MenuActions {
  /** Runs a page command in the focused (or only) window. */
  send(command: MenuCommand): void;
  about(): void;
  openLogsFolder(): void;
  /** Loads the app page again (also after a renderer crash, when the window shows the crash page). */
  reloadWindow(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Developer tools only in development builds. */
  isPackaged: boolean;
}

/** "Mod+K" -> "CmdOrCtrl+K"; "Alt+PageDown" stays (Electron's accelerator names). */
export function toAccelerator(spec: string): string {
  return spec
    .split('+')
    .map((part) => {
      switch (part.toLowerCase()) {
        case 'mod':
          return 'CmdOrCtrl';
        case 'ctrl':
          return 'Ctrl';
        case 'meta':
          return 'Cmd';
        case 'pagedown':
          return 'PageDown';
        case 'pageup':
          return 'PageUp';
        default:
          return part.length === 1 ? part.toUpperCase() : part;
      }
    })
    .join('+');
}

export function menuTemplate(actions: MenuActions, options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const command = (label: string, name: MenuCommand, hotkey?: string): MenuItemConstructorOptions => ({
    label,
    click: () => actions.send(name),
    ...(hotkey === undefined ? {} : { accelerator: toAccelerator(hotkey), registerAccelerator: mac }),
  });
  const separator: MenuItemConstructorOptions = { type: 'separator' };
  const about: MenuItemConstructorOptions = { label: 'About Stackdeck', click: () => actions.about() };

  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'Stackdeck',
          submenu: [
            about,
            separator,
            { role: 'services' },
            separator,
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            separator,
            { role: 'quit' },
          ],
        },
      ]
    : [];

  return [
    ...appMenu,
    {
      label: 'File',
      submenu: [
        command('New Connection…', 'connection.new', HOTKEYS.newConnection),
        command('Import Connection Profiles…', 'connection.import'),
        command('Export All Connection Profiles…', 'connection.export'),
        separator,
        command('Close Tab', 'tab.close', HOTKEYS.closeTab),
        ...(mac ? [] : [separator, { role: 'quit' } as MenuItemConstructorOptions]),
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        separator,
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        command('Command Palette…', 'palette.open', HOTKEYS.palette),
        command('Go to Overview', 'view.home'),
        command('Focus Connections Sidebar', 'view.sidebar', HOTKEYS.focusSidebar),
        command('Toggle Dark/Light Theme', 'view.theme', HOTKEYS.toggleTheme),
        separator,
        { label: 'Reload Window', accelerator: 'CmdOrCtrl+R', click: () => actions.reloadWindow() },
        ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' } as MenuItemConstructorOptions]),
        separator,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        separator,
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Connection',
      submenu: [
        command('New Connection…', 'connection.new', HOTKEYS.newConnection),
        command('Add Local Stack Connections', 'connection.local'),
        separator,
        command('Connect', 'connection.connect'),
        command('Disconnect', 'connection.disconnect'),
        command('Edit Connection…', 'connection.edit'),
      ],
    },
    {
      label: 'Window',
      submenu: [
        command('Next Tab', 'tab.next', HOTKEYS.nextTab),
        command('Previous Tab', 'tab.prev', HOTKEYS.prevTab),
        separator,
        { role: 'minimize' },
        ...(mac
          ? ([{ role: 'zoom' }, separator, { role: 'front' }] as MenuItemConstructorOptions[])
          : ([{ role: 'close' }] as MenuItemConstructorOptions[])),
      ],
    },
    {
      label: 'Help',
      role: 'help',
      submenu: [
        { label: 'Open Logs Folder', click: () => actions.openLogsFolder() },
        ...(mac ? [] : [separator, about]),
      ],
    },
  ];
}

export function installMenu(actions: MenuActions, options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(actions, options)));
}
