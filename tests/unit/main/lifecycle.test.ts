import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runLifecycle, type LifecycleApp } from '../../../src/main/lifecycle';

/** One instance, macOS keeps running, quit disposes core once: with a fake `app`. */

class FakeApp extends EventEmitter implements LifecycleApp {
  lock = true;
  quits = 0;
  exitCode: number | undefined;
  private ready!: () => void;
  readonly readyPromise = new Promise<void>((r) => (this.ready = r));
  requestSingleInstanceLock(): boolean {
    return this.lock;
  }
  quit(): void {
    this.quits++;
    // Electron emits before-quit from quit(); the app exits if nobody prevents it.
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exitCode = 0;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  becomeReady(): void {
    this.ready();
  }
}

function setup(platform: NodeJS.Platform, options: { lock?: boolean; startFails?: boolean } = {}) {
  const app = new FakeApp();
  app.lock = options.lock ?? true;
  const did: string[] = [];
  let finishShutdown!: () => void;
  const first = runLifecycle({
    app,
    platform,
    start: async () => {
      did.push('start');
      if (options.startFails) throw new Error('no core');
    },
    showWindow: () => did.push('show'),
    shutdown: () => {
      did.push('shutdown');
      return new Promise<void>((r) => (finishShutdown = r));
    },
    fatal: (error) => did.push(`fatal: ${(error as Error).message}`),
  });
  return { app, did, first, finishShutdown: () => finishShutdown() };
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('app lifecycle', () => {
  it('a second instance quits at once; the first focuses its window', async () => {
    const second = setup('linux', { lock: false });
    expect(second.first).toBe(false);
    expect(second.app.quits).toBe(1);
    expect(second.did).toEqual([]);

    const { app, did } = setup('linux');
    app.emit('second-instance');
    expect(did).toEqual([]); // not ready yet: nothing to focus
    app.becomeReady();
    await settle();
    app.emit('second-instance');
    expect(did).toEqual(['start', 'show']);
  });

  it('closing the last window quits on Linux and Windows, not on macOS (the Dock reopens it)', async () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { app } = setup(platform);
      app.emit('window-all-closed');
      expect(app.quits).toBe(1);
    }
    const mac = setup('darwin');
    mac.app.becomeReady();
    await settle();
    mac.app.emit('window-all-closed');
    expect(mac.app.quits).toBe(0);
    mac.app.emit('activate');
    expect(mac.did).toEqual(['start', 'show']);
  });

  it('quit waits for core to dispose everything, once, then exits', async () => {
    const { app, did, finishShutdown } = setup('linux');
    app.becomeReady();
    await settle();
    app.quit();
    app.quit(); // a second Quit while disposing changes nothing
    expect(did).toEqual(['start', 'shutdown']);
    expect(app.exitCode).toBeUndefined();
    app.emit('second-instance'); // no window comes back while quitting
    finishShutdown();
    await settle();
    expect(app.exitCode).toBe(0);
    expect(did).toEqual(['start', 'shutdown']);
  });

  it('a failed start tells the user and exits with 1', async () => {
    const { app, did } = setup('linux', { startFails: true });
    app.becomeReady();
    await settle();
    expect(did).toEqual(['start', 'fatal: no core']);
    expect(app.exitCode).toBe(1);
  });
});
