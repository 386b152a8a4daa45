import { app, session, shell } from 'electron';
import { pathToFileURL } from 'node:url';

/**
 * The Electron security checklist, in one place: no navigation, no new windows,
 * no webviews, no permissions, no network from the renderer (it talks to core
 * over IPC only), and external links only through `openExternal`.
 * The Content-Security-Policy is the page's own <meta> tag (src/renderer/index.html),
 * which applies to the file:// page and the dev server alike.
 */

export interface AppPage {
  /** Absolute path of the built out/renderer/index.html. */
  rendererFile: string;
  /** electron-vite's dev server (ELECTRON_RENDERER_URL), only in development. */
  devServerUrl?: string | undefined;
}

/** True for the app's own page, whatever its hash or query: the built file, or the dev server's origin. */
export function appUrlMatcher(page: AppPage): (url: string) => boolean {
  const fileHref = pathToFileURL(page.rendererFile).href;
  const devOrigin = page.devServerUrl === undefined ? undefined : new URL(page.devServerUrl).origin;
  return (raw: string) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.protocol === 'file:') {
      url.hash = '';
      url.search = '';
      return url.href === fileHref;
    }
    return devOrigin !== undefined && url.origin === devOrigin;
  };
}

/** Only plain http(s) links leave the app, and only to the default browser; never file:, javascript:, custom schemes. */
export function externalUrl(raw: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url;
}

export async function openExternal(raw: string): Promise<boolean> {
  const url = externalUrl(raw);
  if (url === undefined) return false;
  await shell.openExternal(url.href);
  return true;
}

/** Call once, before `app` is ready. */
export function hardenApp(page: AppPage): void {
  const isAppUrl = appUrlMatcher(page);
  const devOrigin = page.devServerUrl === undefined ? undefined : new URL(page.devServerUrl).origin;

  app.on('web-contents-created', (_event, contents) => {
    // The UI is a single page: any navigation is a link the user clicked (open it
    // outside) or something trying to take over the window (refuse it).
    contents.on('will-navigate', (event) => {
      event.preventDefault();
      void openExternal(event.url);
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAppUrl(event.url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      void openExternal(url);
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(() => {
    const ses = session.defaultSession;
    ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.setDevicePermissionHandler(() => false);
    // Defence in depth: the renderer never needs the network (core does), so a
    // compromised page cannot exfiltrate through fetch, images or WebSockets.
    ses.webRequest.onBeforeRequest(
      { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] },
      (details, callback) => {
        let allowed = false;
        if (devOrigin !== undefined) {
          try {
            const url = new URL(details.url.replace(/^ws/, 'http'));
            allowed = url.origin === devOrigin;
          } catch {
            allowed = false;
          }
        }
        callback({ cancel: !allowed });
      },
    );
  });
}
