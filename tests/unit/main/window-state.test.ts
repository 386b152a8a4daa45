import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SIZE,
  loadWindowState,
  parseWindowState,
  placeWindow,
  saveWindowState,
  trackWindowState,
  type Rect,
} from '../../../src/main/window-state';

const work = mkdtempSync(join(tmpdir(), 'sd-winstate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const monitor: Rect = { x: 1440, y: 0, width: 2560, height: 1415 };

describe('window state', () => {
  it('opens at the default size the first time', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false, fullScreen: false });
  });

  it('restores size, position and maximized on a display that is still there', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1800, height: 1000 }, maximized: true, fullScreen: false };
    expect(placeWindow(saved, [laptop, monitor])).toEqual({
      x: 1600,
      y: 100,
      width: 1800,
      height: 1000,
      maximized: true,
      fullScreen: false,
    });
  });

  it('drops the position when its display is gone, and fits the size to the largest display', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 2400, height: 1300 }, maximized: false, fullScreen: false };
    expect(placeWindow(saved, [laptop])).toEqual({ width: 1440, height: 875, maximized: false, fullScreen: false });
  });

  it('drops a position whose title bar would be off screen, and keeps the minimum size', () => {
    const above = { bounds: { x: 100, y: -700, width: 400, height: 300 }, maximized: false, fullScreen: false };
    expect(placeWindow(above, [laptop])).toEqual({ width: 900, height: 600, maximized: false, fullScreen: false });
  });

  it('ignores a malformed or hostile file', () => {
    for (const text of [
      '',
      'nope',
      'null',
      '[]',
      '{"bounds":{"x":"1","y":0,"width":10,"height":10}}',
      '{"bounds":{"x":0,"y":0,"width":-5,"height":10}}',
      '{"bounds":{"x":1e300,"y":0,"width":10,"height":10}}',
    ]) {
      expect(parseWindowState(text), text).toBeUndefined();
    }
    expect(loadWindowState(join(work, 'missing.json'))).toBeUndefined();
  });

  it('saves whole files (no temporary left behind) and reads them back', () => {
    const file = join(work, 'state.json');
    const state = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: false, fullScreen: true };
    saveWindowState(file, state);
    expect(loadWindowState(file)).toEqual(state);
    expect(readdirSync(work).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    writeFileSync(file, '{"bounds":');
    expect(loadWindowState(file)).toBeUndefined();
  });

  it('tracks a window: saves after moves settle and on close, and its timer ends with it', () => {
    vi.useFakeTimers();
    const file = join(work, 'tracked.json');
    class FakeWindow extends EventEmitter {
      bounds = { x: 5, y: 6, width: 1200, height: 800 };
      maximized = false;
      destroyed = false;
      getNormalBounds = (): Rect => this.bounds;
      isMaximized = (): boolean => this.maximized;
      isFullScreen = (): boolean => false;
      isDestroyed = (): boolean => this.destroyed;
    }
    const window = new FakeWindow();
    trackWindowState(window, file, 500);
    window.emit('move');
    window.bounds = { x: 50, y: 60, width: 1200, height: 800 };
    window.emit('move');
    expect(loadWindowState(file)).toBeUndefined();
    vi.advanceTimersByTime(500);
    expect(loadWindowState(file)?.bounds).toEqual({ x: 50, y: 60, width: 1200, height: 800 });
    // Maximized: the normal bounds are kept, so un-maximizing next time returns to them.
    window.maximized = true;
    window.emit('maximize');
    window.emit('close');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ maximized: true, bounds: { x: 50 } });
    window.emit('resize');
    window.destroyed = true;
    window.emit('closed');
    expect(vi.getTimerCount()).toBe(0);
  });
});
