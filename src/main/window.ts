import { BrowserWindow } from 'electron';
import type { AppPage } from './security';

/**
 * The main window. Every webPreference that matters for security is spelled
 * out, even where it is Electron's default, so a reader (or a future default
 * change) cannot miss one.
 */
export function createMainWindow(page: AppPage, preload: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Stackdeck',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
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
  window.once('ready-to-show', () => window.show());
  if (page.devServerUrl !== undefined) void window.loadURL(page.devServerUrl);
  else void window.loadFile(page.rendererFile);
  return window;
}
