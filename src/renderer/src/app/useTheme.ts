import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { THEME_STORAGE_KEY, parseThemePref, resolveTheme, toggledPref, type Theme, type ThemePref } from './theme';

const QUERY = '(prefers-color-scheme: dark)';

function subscribeOs(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}
const osPrefersDark = (): boolean => window.matchMedia(QUERY).matches;

function readStored(): ThemePref {
  try {
    return parseThemePref(window.localStorage.getItem(THEME_STORAGE_KEY));
  } catch {
    return 'system';
  }
}

/** Applies the theme before React renders, so the first paint is already right. */
export function applyInitialTheme(): void {
  document.documentElement.dataset.theme = resolveTheme(readStored(), osPrefersDark());
}

export interface ThemeApi {
  pref: ThemePref;
  theme: Theme;
  setPref: (pref: ThemePref) => void;
  toggle: () => void;
}

/** Follows the OS unless the user chose; the choice persists in localStorage. */
export function useTheme(): ThemeApi {
  const [pref, setPrefState] = useState<ThemePref>(readStored);
  const dark = useSyncExternalStore(subscribeOs, osPrefersDark);
  const theme = resolveTheme(pref, dark);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const setPref = useCallback((next: ThemePref) => {
    setPrefState(next);
    try {
      if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
      else window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for this session.
    }
  }, []);

  const toggle = useCallback(() => setPref(toggledPref(pref, dark)), [pref, dark, setPref]);
  return { pref, theme, setPref, toggle };
}
