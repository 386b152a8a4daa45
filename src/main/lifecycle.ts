/**
 * The app's lifecycle, apart from Electron so it can be tested with a fake
 * `app` (tests/unit/main/lifecycle.test.ts):
 *
 *  - one instance: a second launch hands over to the first, which focuses
 *    its window (the first owns the profile store and the live connections);
 *  - closing the last window quits, except on macOS, where the app keeps
 *    running until Quit and the Dock icon opens a window again (`activate`);
 *  - quitting waits for `shutdown` (core disposes every client and supervised
 *    child process, bounded; see CoreSupervisor.shutdown) before the app exits,
 *    and only once however many times Quit is chosen.
 */

export interface QuitEvent {
  preventDefault(): void;
}

export interface LifecycleApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(code: number): void;
  whenReady(): Promise<unknown>;
  on(event: 'second-instance' | 'activate' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: QuitEvent) => void): unknown;
}

export interface LifecycleDeps {
  app: LifecycleApp;
  platform: NodeJS.Platform;
  /** After `ready`: starts core and opens the window. */
  start(): Promise<void>;
  /** Focuses the window, or opens one if there is none. */
  showWindow(): void;
  /** Disposes everything core holds; must settle (bounded) even if core is stuck. */
  shutdown(): Promise<void>;
  /** Start failed: tell the user, then the app exits with 1. */
  fatal(error: unknown): void;
}

/** Returns false when another instance owns the app (this one quits). */
export function runLifecycle(deps: LifecycleDeps): boolean {
  const { app } = deps;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  let started = false;
  let quitting: Promise<void> | undefined;
  let disposed = false;

  app.on('second-instance', () => {
    if (started && quitting === undefined) deps.showWindow();
  });
  app.on('activate', () => {
    if (started && quitting === undefined) deps.showWindow();
  });
  app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    if (quitting !== undefined) return;
    quitting = deps
      .shutdown()
      .catch(() => undefined)
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });
  app
    .whenReady()
    .then(async () => {
      started = true;
      await deps.start();
    })
    .catch((error: unknown) => {
      deps.fatal(error);
      app.exit(1);
    });
  return true;
}
