import { BrowserWindow, app, dialog, shell } from 'electron';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC } from '../shared/bridge';
import type { CoreSupervisor } from '../core/process/supervisor';
import { showAbout } from './about';
import { startCoreProcess } from './core-process';
import { bindIpc, type IpcBinding } from './ipc';
import { runLifecycle } from './lifecycle';
import { installMenu } from './menu';
import { appUrlMatcher, hardenApp, type AppPage } from './security';
import { createMainWindow, loadAppPage } from './window';

/**
 * The desktop shell: security settings, the window, the native menu, and core
 * in its own process (a supervised utilityProcess, restarted if it dies). Main
 * owns windows, menus, dialogs and safeStorage only; everything else lives in
 * core, shared with web mode. The lifecycle (one instance, macOS keeps
 * running, quit disposes core) is in lifecycle.ts.
 */

const here = dirname(fileURLToPath(import.meta.url));
const page: AppPage = {
  rendererFile: join(here, '..', 'renderer', 'index.html'),
  // electron-vite sets this in `dev`; a packaged app never loads from a server.
  devServerUrl: (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined,
};
const preload = join(here, '..', 'preload', 'index.cjs');
const coreEntry = join(here, 'core.js');

// Same directory as web mode's default (src/server/paths.ts), whatever the package name.
// STACKDECK_USER_DATA_DIR points a run elsewhere (the desktop tests use a throwaway one).
const userDataOverride = process.env.STACKDECK_USER_DATA_DIR;
app.setPath(
  'userData',
  userDataOverride !== undefined && userDataOverride !== ''
    ? userDataOverride
    : join(app.getPath('appData'), 'Stackdeck'),
);
app.enableSandbox();
hardenApp(page);

const log = (line: string): void => console.error(`[main] ${line}`);
const logDir = (): string => join(app.getPath('userData'), 'logs');
// Linux shows this in the window switcher; Windows and macOS use the executable's icon.
const linuxIcon = ((): string | undefined => {
  if (process.platform !== 'linux') return undefined;
  const file = app.isPackaged
    ? join(process.resourcesPath, 'icon.png')
    : join(here, '..', '..', 'resources', 'icons', '256x256.png');
  return existsSync(file) ? file : undefined;
})();

let core: CoreSupervisor | undefined;
let ipc: IpcBinding | undefined;

function mainWindow(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
}

function showWindow(): void {
  const existing = BrowserWindow.getAllWindows()[0];
  if (existing !== undefined) {
    if (existing.isMinimized()) existing.restore();
    existing.show();
    existing.focus();
    return;
  }
  createMainWindow({
    page,
    preload,
    stateFile: join(app.getPath('userData'), 'window-state.json'),
    icon: linuxIcon,
    log,
  });
}

async function openLogsFolder(): Promise<void> {
  const dir = logDir();
  mkdirSync(dir, { recursive: true });
  const problem = await shell.openPath(dir);
  if (problem !== '') dialog.showErrorBox('Could not open the logs folder', `${dir}\n\n${problem}`);
}

async function start(): Promise<void> {
  const userDataDir = app.getPath('userData');
  installMenu(
    {
      send: (command) => mainWindow()?.webContents.send(IPC.menuCommand, command),
      about: () => void showAbout(mainWindow()),
      openLogsFolder: () => void openLogsFolder(),
      reloadWindow: () => {
        const window = mainWindow();
        if (window !== undefined) loadAppPage(window, page);
      },
    },
    { platform: process.platform, isPackaged: app.isPackaged },
  );
  core = startCoreProcess({ entry: coreEntry, userDataDir, logDir: logDir(), log });
  ipc = bindIpc(core, { isAppUrl: appUrlMatcher(page) });
  // The window can open at once: its port requests wait until core is ready.
  showWindow();
  await core.start();
}

runLifecycle({
  app,
  platform: process.platform,
  start,
  showWindow,
  shutdown: async () => {
    // Close every driver client before exiting: core disposes (bounded) and exits, or is killed.
    ipc?.abortAll();
    const closing = core;
    core = undefined;
    await closing?.shutdown();
  },
  fatal: (error) =>
    dialog.showErrorBox('Stackdeck could not start', error instanceof Error ? error.message : String(error)),
});
