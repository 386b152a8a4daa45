/** Theme preference logic (pure; unit tested). The hook applying it lives in useTheme.ts. */

export type ThemePref = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'stackdeck.theme';

export function parseThemePref(value: string | null | undefined): ThemePref {
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function resolveTheme(pref: ThemePref, osPrefersDark: boolean): Theme {
  if (pref === 'system') return osPrefersDark ? 'dark' : 'light';
  return pref;
}

/** Toggling flips what is shown now and remembers it as an explicit choice. */
export function toggledPref(pref: ThemePref, osPrefersDark: boolean): ThemePref {
  return resolveTheme(pref, osPrefersDark) === 'dark' ? 'light' : 'dark';
}
