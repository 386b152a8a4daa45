import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

/** The main window with Electron faked: restored placement, the security preferences, the crash page wiring. */

const electron = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; calls: string[] }>,
  displays: [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  dark: false,
}));

vi.mock('electron', async () => {
  // Imported here: vi.mock is hoisted above the file's imports.
  const { EventEmitter: Emitter } = await import('node:events');
  class BrowserWindow extends Emitter {
    readonly calls: string[] = [];
    readonly webContents = new Emitter();
    constructor(readonly options: Record<string, unknown>) {
      super();
      electron.windows.push(this);
    }
    isDestroyed = (): boolean => false;
    maximize = (): void => void this.calls.push('maximize');
    setFullScreen = (on: boolean): void => void this.calls.push(`fullscreen:${on}`);
    show = (): void => void this.calls.push('show');
    close = (): void => void this.calls.push('close');
    loadFile = (file: string): Promise<void> => (this.calls.push(`loadFile:${file}`), Promise.resolve());
    loadURL = (url: string): Promise<void> => (this.calls.push(`loadURL:${url.slice(0, 40)}`), Promise.resolve());
    getNormalBounds = () => ({ x: 0, y: 0, width: 1000, height: 700 });
    isMaximized = (): boolean => false;
    isFullScreen = (): boolean => false;
  }
  return {
    BrowserWindow,
    screen: { getAllDisplays: () => electron.displays },
    nativeTheme: {
      get shouldUseDarkColors() {
        return electron.dark;
      },
    },
    dialog: { showMessageBox: async () => ({ response: 0, checkboxChecked: false }) },
  };
});

const { createMainWindow, loadAppPage } = await import('../../../src/main/window');

const work = mkdtempSync(join(tmpdir(), 'sd-window-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeEach(() => {
  electron.windows.length = 0;
});

const page = { rendererFile: '/opt/stackdeck/out/renderer/index.html' };
const open = (stateFile: string) =>
  createMainWindow({ page, preload: '/opt/stackdeck/out/preload/index.cjs', stateFile, log: () => undefined });

describe('main window', () => {
  it('opens with every security preference spelled out, hidden until ready, on the built page', () => {
    const window = open(join(work, 'none.json')) as unknown as EventEmitter;
    const created = electron.windows[0];
    expect(created?.options).toMatchObject({ width: 1360, height: 860, show: false, backgroundColor: '#ffffff' });
    expect(created?.options.webPreferences).toEqual({
      preload: '/opt/stackdeck/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    });
    expect(created?.calls).toEqual([`loadFile:${page.rendererFile}`]);
    window.emit('ready-to-show');
    expect(created?.calls.at(-1)).toBe('show');
  });

  it('comes back where it was, maximized, in the dark theme colour', () => {
    electron.dark = true;
    const file = join(work, 'saved.json');
    writeFileSync(file, JSON.stringify({ bounds: { x: 100, y: 80, width: 1500, height: 900 }, maximized: true }));
    open(file);
    const created = electron.windows[0];
    expect(created?.options).toMatchObject({ x: 100, y: 80, width: 1500, height: 900, backgroundColor: '#1b1d21' });
    expect(created?.calls).toContain('maximize');
    electron.dark = false;
  });

  it('shows the crash page when its renderer dies, and reloads the app page from the dialog', async () => {
    const window = open(join(work, 'crash.json')) as unknown as { webContents: EventEmitter };
    window.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    await new Promise((r) => setTimeout(r, 0));
    const calls = electron.windows[0]?.calls ?? [];
    expect(calls[1]).toMatch(/^loadURL:data:text\/html/);
    expect(calls[2]).toBe(`loadFile:${page.rendererFile}`);
  });

  it('loads the dev server in development', () => {
    open(join(work, 'dev.json'));
    const window = electron.windows[0] as unknown as Parameters<typeof loadAppPage>[0];
    loadAppPage(window, { ...page, devServerUrl: 'http://localhost:5173/' });
    expect(electron.windows[0]?.calls.at(-1)).toBe('loadURL:http://localhost:5173/');
  });
});
