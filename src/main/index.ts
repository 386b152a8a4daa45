import { BrowserWindow, app, dialog } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoreSupervisor } from '../core/process/supervisor';
import { startCoreProcess } from './core-process';
import { bindIpc, type IpcBinding } from './ipc';
import { appUrlMatcher, hardenApp, type AppPage } from './security';
import { createMainWindow } from './window';

/**
 * The desktop shell: security settings, windows, and core in its own process
 * (a supervised utilityProcess, restarted if it dies). Main owns windows,
 * menus, dialogs and safeStorage only; everything else lives in core, shared
 * with web mode.
 */

const here = dirname(fileURLToPath(import.meta.url));
const page: AppPage = {
  rendererFile: join(here, '..', 'renderer', 'index.html'),
  // electron-vite sets this in `dev`; a packaged app never loads from a server.
  devServerUrl: !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined,
};
const preload = join(here, '..', 'preload', 'index.cjs');
const coreEntry = join(here, 'core.js');

// Same directory as web mode's default (src/server/paths.ts), whatever the package name.
app.setPath('userData', join(app.getPath('appData'), 'Stackdeck'));
app.enableSandbox();
hardenApp(page);

let core: CoreSupervisor | undefined;
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
  const userDataDir = app.getPath('userData');
  core = startCoreProcess({
    entry: coreEntry,
    userDataDir,
    logDir: join(userDataDir, 'logs'),
    log: (line) => console.error(`[main] ${line}`),
  });
  ipc = bindIpc(core, { isAppUrl: appUrlMatcher(page) });
  // The window can open at once: its port requests wait until core is ready.
  showWindow();
  await core.start();
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
  // Close every driver client before exiting: core disposes (bounded) and exits, or is killed.
  app.on('before-quit', (event) => {
    if (disposed || core === undefined) return;
    event.preventDefault();
    ipc?.abortAll();
    const closing = core;
    core = undefined;
    void closing.shutdown().finally(() => {
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
