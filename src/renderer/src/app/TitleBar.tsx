import type { ReactNode } from 'react';
import { IconMoon, IconSearch, IconStack, IconSun } from '../ui/icons';
import { useAppActions } from './actions';
import { HOTKEYS, IS_MAC, formatHotkey } from './hotkeys';
import type { Theme, ThemePref } from './theme';

/** The top bar: product name, a command palette launcher, and the theme switch. */
export function TitleBar({ theme, pref }: { theme: Theme; pref: ThemePref }): ReactNode {
  const actions = useAppActions();
  const next = theme === 'dark' ? 'light' : 'dark';
  return (
    <header className="titlebar">
      <div className="brand">
        <IconStack size={16} className="brand-icon" />
        <span className="brand-name">Stackdeck</span>
      </div>
      <button
        type="button"
        className="palette-launcher"
        onClick={actions.openPalette}
        aria-label="Open command palette"
      >
        <IconSearch size={14} />
        <span>Search connections and commands</span>
        <kbd>{formatHotkey(HOTKEYS.palette, IS_MAC)}</kbd>
      </button>
      <div className="titlebar-right">
        <button
          type="button"
          className="icon-btn"
          onClick={actions.toggleTheme}
          aria-label={`Switch to ${next} theme`}
          title={`Switch to ${next} theme (${formatHotkey(HOTKEYS.toggleTheme, IS_MAC)})${pref === 'system' ? ' — now following the system' : ''}`}
          data-testid="theme-toggle"
        >
          {theme === 'dark' ? <IconSun /> : <IconMoon />}
        </button>
      </div>
    </header>
  );
}
