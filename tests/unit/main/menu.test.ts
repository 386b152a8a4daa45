import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { HOTKEYS, MENU_COMMANDS, type MenuCommand } from '../../../src/shared/menu';

/** The native menu's template, built with Electron faked (Menu is never called here). */

vi.mock('electron', () => ({ Menu: {} }));
const { menuTemplate, toAccelerator } = await import('../../../src/main/menu');

function build(platform: NodeJS.Platform, isPackaged = true) {
  const sent: MenuCommand[] = [];
  const calls: string[] = [];
  const template = menuTemplate(
    {
      send: (command) => sent.push(command),
      about: () => calls.push('about'),
      openLogsFolder: () => calls.push('logs'),
      reloadWindow: () => calls.push('reload'),
    },
    { platform, isPackaged },
  );
  return { template, sent, calls };
}

const items = (menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] =>
  Array.isArray(menu.submenu) ? menu.submenu : [];
const flat = (template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => template.flatMap(items);
const byLabel = (template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions => {
  const item = flat(template).find((i) => i.label === label);
  if (item === undefined) throw new Error(`no menu item "${label}"`);
  return item;
};
const click = (item: MenuItemConstructorOptions): void =>
  (item.click as unknown as () => void | undefined)?.call(undefined);

describe('native menu', () => {
  it('has File, Edit, View, Connection, Window and Help (and the app menu on macOS)', () => {
    expect(build('linux').template.map((m) => m.label ?? m.role)).toEqual([
      'File',
      'Edit',
      'View',
      'Connection',
      'Window',
      'Help',
    ]);
    expect(build('darwin').template.map((m) => m.label ?? m.role)).toEqual([
      'Stackdeck',
      'File',
      'Edit',
      'View',
      'Connection',
      'Window',
      'Help',
    ]);
  });

  it('shows the command palette hotkeys on the same commands', () => {
    const { template } = build('linux');
    const shown = (label: string): string | undefined => byLabel(template, label).accelerator as string | undefined;
    expect(shown('Command Palette…')).toBe('CmdOrCtrl+K');
    expect(shown('New Connection…')).toBe('Alt+N');
    expect(shown('Close Tab')).toBe('Alt+W');
    expect(shown('Next Tab')).toBe('Alt+PageDown');
    expect(shown('Previous Tab')).toBe('Alt+PageUp');
    expect(shown('Focus Connections Sidebar')).toBe('Alt+S');
    expect(shown('Toggle Dark/Light Theme')).toBe('Alt+T');
    // Every palette hotkey is somewhere in the menu.
    const accelerators = new Set(flat(template).map((i) => i.accelerator));
    for (const spec of Object.values(HOTKEYS)) expect(accelerators).toContain(toAccelerator(spec));
  });

  it('leaves the keys to the page on Linux and Windows (one handler, as in web mode); macOS menus take them', () => {
    for (const platform of ['linux', 'win32'] as const) {
      expect(byLabel(build(platform).template, 'Command Palette…').registerAccelerator).toBe(false);
    }
    expect(byLabel(build('darwin').template, 'Command Palette…').registerAccelerator).toBe(true);
  });

  it('sends page commands by name, and only names the page knows', () => {
    const { template, sent } = build('linux');
    for (const item of flat(template)) if (item.role === undefined && item.type !== 'separator') click(item);
    expect(sent.length).toBeGreaterThan(10);
    for (const command of sent) expect(MENU_COMMANDS).toContain(command);
    expect(new Set(sent)).toEqual(new Set(MENU_COMMANDS));
  });

  it('Help has Open Logs Folder and About; View reloads the app page', () => {
    const { template, calls } = build('linux');
    click(byLabel(template, 'Open Logs Folder'));
    click(byLabel(template, 'About Stackdeck'));
    click(byLabel(template, 'Reload Window'));
    expect(calls).toEqual(['logs', 'about', 'reload']);
    const mac = build('darwin');
    expect(items(mac.template[0] as MenuItemConstructorOptions)[0]?.label).toBe('About Stackdeck');
  });

  it('offers developer tools only in development builds', () => {
    const roles = (packaged: boolean) => flat(build('linux', packaged).template).map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
  });

  it('converts hotkey specs to Electron accelerators', () => {
    expect(toAccelerator('Mod+K')).toBe('CmdOrCtrl+K');
    expect(toAccelerator('Mod+Shift+p')).toBe('CmdOrCtrl+Shift+P');
    expect(toAccelerator('Alt+PageDown')).toBe('Alt+PageDown');
    expect(toAccelerator('Ctrl+Enter')).toBe('Ctrl+Enter');
  });
});
