import type { MessageBoxOptions, MessageBoxReturnValue, RenderProcessGoneDetails } from 'electron';

/**
 * When a window's renderer dies (crash, out of memory, killed), Chromium leaves
 * a blank window. Instead the window shows a short page saying what happened,
 * and a dialog offers to reload the app page at once (View > Reload Window
 * does the same later). Core is a separate process and keeps running: the
 * connections are still open when the page comes back.
 */

const REASONS: Record<string, string> = {
  crashed: 'crashed',
  oom: 'ran out of memory',
  killed: 'was stopped by the system',
  'abnormal-exit': 'exited unexpectedly',
  'launch-failed': 'could not start',
  'integrity-failure': 'failed a code integrity check',
};

export function describeGone(details: Pick<RenderProcessGoneDetails, 'reason' | 'exitCode'>): string {
  return `The Stackdeck window ${REASONS[details.reason] ?? 'stopped'} (reason: ${details.reason}, exit code ${details.exitCode}).`;
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** A self-contained page (no script, no network: its CSP allows inline styles only). */
export function crashPageHtml(message: string, reloadHint: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Stackdeck: the window stopped</title>
<style>
  body { margin: 0; height: 100vh; display: grid; place-items: center; background: #0f1722; color: #e6edf3;
         font: 15px/1.5 system-ui, sans-serif; }
  main { max-width: 560px; padding: 32px; }
  h1 { font-size: 20px; margin: 0 0 12px; }
  p { margin: 0 0 10px; color: #b6c2cf; }
  kbd { border: 1px solid #3a4a5c; border-radius: 4px; padding: 1px 6px; color: #e6edf3; }
</style></head><body><main data-testid="renderer-crashed">
<h1>This window stopped</h1>
<p>${escapeHtml(message)}</p>
<p>Your connections are still open in Stackdeck's core. ${escapeHtml(reloadHint)}</p>
</main></body></html>`;
}

export function crashPageUrl(message: string, platform: NodeJS.Platform): string {
  const hint = `Choose View › Reload Window (${platform === 'darwin' ? '⌘R' : 'Ctrl+R'}) to open it again.`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(crashPageHtml(message, hint))}`;
}

/** What `watchRendererCrash` needs of a BrowserWindow and of Electron (faked in tests). */
export interface CrashWindow {
  isDestroyed(): boolean;
  loadURL(url: string): Promise<void>;
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetails) => void): void;
  };
  on(event: 'unresponsive', listener: () => void): void;
}

export interface CrashDeps {
  platform: NodeJS.Platform;
  /** Loads the app page again. */
  reload(): void;
  close(): void;
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>;
  log(line: string): void;
}

export function watchRendererCrash(window: CrashWindow, deps: CrashDeps): void {
  let asking = false;
  const ask = async (options: MessageBoxOptions, onAnswer: (response: number) => void): Promise<void> => {
    if (asking) return;
    asking = true;
    try {
      const answer = await deps.showMessageBox(options);
      if (!window.isDestroyed()) onAnswer(answer.response);
    } finally {
      asking = false;
    }
  };

  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    const message = describeGone(details);
    deps.log(message);
    void window.loadURL(crashPageUrl(message, deps.platform)).catch(() => undefined);
    void ask(
      {
        type: 'error',
        message: 'This window stopped',
        detail: `${message}\nYour connections are still open. Reload the window?`,
        buttons: ['Reload Window', 'Close Window'],
        defaultId: 0,
        cancelId: 1,
        noLink: true,
      },
      (response) => (response === 0 ? deps.reload() : deps.close()),
    );
  });

  window.on('unresponsive', () => {
    void ask(
      {
        type: 'warning',
        message: 'The Stackdeck window is not responding',
        detail: 'You can wait for it, or reload the window (work in progress on this page is lost).',
        buttons: ['Wait', 'Reload Window'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      },
      (response) => {
        if (response === 1) deps.reload();
      },
    );
  });
}
