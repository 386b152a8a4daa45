import { BrowserWindow, dialog, nativeTheme, screen } from 'electron';
import { watchRendererCrash } from './crash';
import type { AppPage } from './security';
import { MIN_SIZE, loadWindowState, placeWindow, trackWindowState } from './window-state';

/**
 * The main window. Every webPreference that matters for security is spelled
 * out, even where it is Electron's default, so a reader (or a future default
 * change) cannot miss one. Its size, position and maximized state come back
 * from the last run (window-state.ts); a renderer crash shows a page with a
 * reload offer instead of a blank window (crash.ts).
 */

export interface MainWindowOptions {
  page: AppPage;
  preload: string;
  /** `<userData>/window-state.json`. */
  stateFile: string;
  /** The window icon on Linux (Windows and macOS take the executable's). */
  icon?: string | undefined;
  log(line: string): void;
}

/** Loads the app page: the dev server in `npm run dev`, the built file otherwise. */
export function loadAppPage(window: BrowserWindow, page: AppPage): void {
  if (window.isDestroyed()) return;
  if (page.devServerUrl !== undefined) void window.loadURL(page.devServerUrl);
  else void window.loadFile(page.rendererFile);
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const placement = placeWindow(
    loadWindowState(options.stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const window = new BrowserWindow({
    width: placement.width,
    height: placement.height,
    ...(placement.x === undefined || placement.y === undefined ? {} : { x: placement.x, y: placement.y }),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Stackdeck',
    // The page's own --bg (tokens.css) for the OS theme, so a reload or resize never flashes the wrong colour.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1d21' : '#ffffff',
    autoHideMenuBar: true,
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    webPreferences: {
      preload: options.preload,
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
    },
  });
  if (placement.maximized) window.maximize();
  if (placement.fullScreen) window.setFullScreen(true);
  trackWindowState(window, options.stateFile);
  watchRendererCrash(window, {
    platform: process.platform,
    reload: () => loadAppPage(window, options.page),
    close: () => window.close(),
    showMessageBox: (box) => dialog.showMessageBox(window, box),
    log: options.log,
  });
  window.once('ready-to-show', () => window.show());
  loadAppPage(window, options.page);
  return window;
}
