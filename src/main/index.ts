import { BrowserWindow, app, dialog, safeStorage } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, defaultAreas, type Core } from '../core/app';
import { hostArea } from './host-area';
import { bindIpc, type IpcBinding } from './ipc';
import { createSafeStorageCipher } from './safe-storage-cipher';
import { appUrlMatcher, hardenApp, type AppPage } from './security';
import { createMainWindow } from './window';

/**
 * The desktop shell: security settings, one window, IPC onto core. Everything
 * else lives in core, shared with web mode.
 */

const here = dirname(fileURLToPath(import.meta.url));
const page: AppPage = {
  rendererFile: join(here, '..', 'renderer', 'index.html'),
  // electron-vite sets this in `dev`; a packaged app never loads from a server.
  devServerUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined,
};
const preload = join(here, '..', 'preload', 'index.cjs');

// Same directory as web mode's default (src/server/paths.ts), whatever the package name.
app.setPath('userData', join(app.getPath('appData'), 'Stackdeck'));
app.enableSandbox();
hardenApp(page);

let core: Core | undefined;
let ipc: IpcBinding | undefined;
let disposed = false;

function showWindow(): void {
  const existing = BrowserWindow.getAllWindows()[0];
  if (existing !== undefined) {
    if (existing.isMinimized()) existing.restore();
    existing.focus();
  } else {
    createMainWindow(page, preload);
  }
}

async function start(): Promise<void> {
  core = await createCore({
    userDataDir: app.getPath('userData'),
    cipher: createSafeStorageCipher(safeStorage),
    // The desktop adds what only the shell can do (native save dialog); web mode uses defaultAreas alone.
    areas: [...defaultAreas, hostArea],
    onUnexpectedError: (name, error) => console.error(`[${name}] ${error.message}`),
  });
  ipc = bindIpc(core.router, { isAppUrl: appUrlMatcher(page) });
  showWindow();
}

if (!app.requestSingleInstanceLock()) {
  // One instance owns the profile store and the live connections.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (core !== undefined) showWindow();
  });
  app.on('activate', () => {
    if (core !== undefined) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Close every driver client before exiting (createCore bounds dispose with a timeout).
  app.on('before-quit', (event) => {
    if (disposed || core === undefined) return;
    event.preventDefault();
    ipc?.abortAll();
    const closing = core;
    core = undefined;
    void closing.dispose().finally(() => {
      disposed = true;
      app.quit();
    });
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Stackdeck could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
