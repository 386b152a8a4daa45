/**
 * Keyboard shortcuts as strings such as "Mod+K" or "Alt+PageDown" (pure;
 * unit tested). "Mod" is Cmd on macOS and Ctrl elsewhere. Shortcuts avoid keys
 * that browsers reserve (Ctrl+W, Ctrl+Tab) so they work in web mode too.
 */

export interface KeyLike {
  key: string;
  /** Physical key; letters are matched by it too (Option+letter on macOS changes `key`). */
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export const isMacPlatform = (platform: string): boolean => /mac|iphone|ipad/i.test(platform);

export const IS_MAC = typeof navigator !== 'undefined' && isMacPlatform(navigator.platform);

export function matchHotkey(event: KeyLike, spec: string, mac: boolean): boolean {
  const parts = spec.split('+');
  const key = parts.pop() ?? '';
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const wantCtrl = mods.has('ctrl') || (!mac && mods.has('mod'));
  const wantMeta = mods.has('meta') || (mac && mods.has('mod'));
  if (event.ctrlKey !== wantCtrl || event.metaKey !== wantMeta) return false;
  if (event.altKey !== mods.has('alt')) return false;
  // Shift changes the key for symbols; only check it when the spec names it or the key is a letter.
  const letter = /^[a-z]$/i.test(key);
  if ((mods.has('shift') || letter) && event.shiftKey !== mods.has('shift')) return false;
  if (event.key.toLowerCase() === key.toLowerCase()) return true;
  return letter && event.code === `Key${key.toUpperCase()}`;
}

export function formatHotkey(spec: string, mac: boolean): string {
  return spec
    .split('+')
    .map((part) => {
      switch (part.toLowerCase()) {
        case 'mod':
          return mac ? '⌘' : 'Ctrl';
        case 'alt':
          return mac ? '⌥' : 'Alt';
        case 'shift':
          return mac ? '⇧' : 'Shift';
        case 'ctrl':
          return mac ? '⌃' : 'Ctrl';
        case 'pagedown':
          return 'PgDn';
        case 'pageup':
          return 'PgUp';
        default:
          return part.length === 1 ? part.toUpperCase() : part;
      }
    })
    .join(mac ? '' : '+');
}

// The shortcut list is shared with the desktop's native menu (src/main/menu.ts).
export { HOTKEYS } from '../../../shared/menu';
