import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The main window's size, position and maximized/full-screen state, kept in
 * `<userData>/window-state.json` and restored on the next start. (The open
 * tabs are the page's own state: the renderer keeps them, see
 * src/renderer/src/app/tabsStorage.ts.)
 *
 * A saved position is used only if the window would still be visible on one
 * of today's displays (a monitor may have been unplugged); otherwise the size
 * is kept and the window is centred by Electron. Sizes are clamped to the
 * window's minimum and to the largest display.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
  fullScreen: boolean;
}

export interface Placement {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
  fullScreen: boolean;
}

export const DEFAULT_SIZE = { width: 1360, height: 860 };
export const MIN_SIZE = { width: 900, height: 600 };
/** At least this much of the title bar area must be on a display for a saved position to be used. */
const VISIBLE = { width: 120, height: 40 };

const isFiniteInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e6;

/** The saved state, or undefined for a missing, unreadable or malformed file. */
export function parseWindowState(text: string): WindowState | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as { bounds?: Partial<Record<keyof Rect, unknown>>; maximized?: unknown; fullScreen?: unknown };
  const b = r.bounds;
  if (b === undefined || typeof b !== 'object' || b === null) return undefined;
  if (!isFiniteInt(b.x) || !isFiniteInt(b.y) || !isFiniteInt(b.width) || !isFiniteInt(b.height)) return undefined;
  if (b.width <= 0 || b.height <= 0) return undefined;
  return {
    bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
    maximized: r.maximized === true,
    fullScreen: r.fullScreen === true,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/** Where to open the window, given the saved state and today's displays' work areas. */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rect[]): Placement {
  if (saved === undefined) return { ...DEFAULT_SIZE, maximized: false, fullScreen: false };
  const maxWidth = Math.max(MIN_SIZE.width, ...workAreas.map((a) => a.width));
  const maxHeight = Math.max(MIN_SIZE.height, ...workAreas.map((a) => a.height));
  const width = Math.min(Math.max(saved.bounds.width, MIN_SIZE.width), maxWidth);
  const height = Math.min(Math.max(saved.bounds.height, MIN_SIZE.height), maxHeight);
  const rect = { x: saved.bounds.x, y: saved.bounds.y, width, height };
  // The top strip (where the title bar is) must be reachable on some display.
  const titleStrip = { ...rect, height: Math.min(height, 60) };
  const visible = workAreas.some((area) => {
    const o = overlap(titleStrip, area);
    return o.width >= VISIBLE.width && o.height >= Math.min(VISIBLE.height, titleStrip.height);
  });
  return {
    width,
    height,
    ...(visible ? { x: rect.x, y: rect.y } : {}),
    maximized: saved.maximized,
    fullScreen: saved.fullScreen,
  };
}

export function loadWindowState(file: string): WindowState | undefined {
  try {
    return parseWindowState(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Written whole to a temporary file and renamed, so a crash mid-write never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // A read-only profile directory only costs the restored position.
  }
}

/** What `trackWindowState` needs of a BrowserWindow (faked in tests). */
export interface TrackedWindow {
  on(
    event:
      'resize' | 'move' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'close' | 'closed',
    listener: () => void,
  ): void;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  isDestroyed(): boolean;
}

/**
 * Saves the window's state when it changes (debounced) and when it closes.
 * The debounce timer belongs to the window: it is cleared when the window closes.
 */
export function trackWindowState(window: TrackedWindow, file: string, debounceMs = 500): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const snapshot = (): WindowState | undefined =>
    window.isDestroyed()
      ? undefined
      : { bounds: window.getNormalBounds(), maximized: window.isMaximized(), fullScreen: window.isFullScreen() };
  const saveNow = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const state = snapshot();
    if (state !== undefined) saveWindowState(file, state);
  };
  const later = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(saveNow, debounceMs);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen'] as const) {
    window.on(event, later);
  }
  window.on('close', saveNow);
  window.on('closed', () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  });
}
