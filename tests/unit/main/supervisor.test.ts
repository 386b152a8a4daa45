import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ToCore } from '../../../src/core/process/protocol';
import { CoreSupervisor, type CoreChild, type HostServices } from '../../../src/core/process/supervisor';

/**
 * Main's supervisor of the core process, with the process faked (no fork): what
 * it is told, when it is restarted or given up on, and that quitting ends it
 * even when it hangs. tests/integration/desktop runs the real entry.
 */

class FakeChild implements CoreChild {
  static count = 0;
  readonly pid = ++FakeChild.count;
  readonly posted: ToCore[] = [];
  killed = false;
  private messageListeners: Array<(m: unknown) => void> = [];
  private exitListeners: Array<(code: number | null) => void> = [];
  /** What this fake does when told to shut down. */
  onShutdown: 'exit' | 'hang' = 'exit';
  post(message: ToCore): void {
    this.posted.push(message);
    if (message.type === 'shutdown' && this.onShutdown === 'exit') this.exit(0);
  }
  onMessage(listener: (m: unknown) => void): void {
    this.messageListeners.push(listener);
  }
  onExit(listener: (code: number | null) => void): void {
    this.exitListeners.push(listener);
  }
  kill(): void {
    this.killed = true;
    this.exit(null);
  }
  fromCore(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }
  exit(code: number | null): void {
    for (const l of [...this.exitListeners]) l(code);
  }
}

const host: HostServices = {
  'cipher.encrypt': async (r) => `sealed:${r.data}`,
  'cipher.decrypt': async (r) => r.data.replace(/^sealed:/, ''),
  'dialog.save': async () => null,
  'dialog.confirm': async () => true,
};

function setup(options: Partial<ConstructorParameters<typeof CoreSupervisor>[0]> = {}) {
  const children: FakeChild[] = [];
  const supervisor = new CoreSupervisor({
    spawn: () => {
      const child = new FakeChild();
      children.push(child);
      return child;
    },
    userDataDir: '/data',
    logDir: '/data/logs',
    cipher: { backend: 'fake', needsConsent: false },
    host,
    restartDelayMs: 10,
    ...options,
  });
  return { supervisor, children, last: () => children.at(-1) as FakeChild };
}

afterEach(() => vi.useRealTimers());

describe('core supervisor', () => {
  it('starts core with its directories, and holds window ports until core is ready', async () => {
    const { supervisor, last } = setup();
    const ready = supervisor.start();
    supervisor.connect('w1.1');
    expect(last().posted).toEqual([
      { type: 'init', userDataDir: '/data', cipher: { backend: 'fake', needsConsent: false }, logDir: '/data/logs' },
    ]);
    last().fromCore({ type: 'ready' });
    await ready;
    expect(supervisor.state).toBe('ready');
    expect(last().posted.at(-1)).toEqual({ type: 'connect', clientId: 'w1.1' });
  });

  it('answers core host requests with main services, errors included', async () => {
    const { supervisor, last } = setup({
      host: { ...host, 'dialog.save': async () => Promise.reject(new Error('no display')) },
    });
    const ready = supervisor.start();
    last().fromCore({ type: 'ready' });
    await ready;
    last().fromCore({ type: 'host', id: 1, request: { method: 'cipher.encrypt', data: 'abc' } });
    last().fromCore({ type: 'host', id: 2, request: { method: 'dialog.save', title: 't', fileName: 'f' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(last().posted.slice(-2)).toEqual([
      { type: 'host-reply', id: 1, ok: true, value: 'sealed:abc' },
      { type: 'host-reply', id: 2, ok: false, error: { code: 'SERVER_ERROR', message: 'no display' } },
    ]);
  });

  it('restarts core when it dies, tells the windows, and gives up after too many crashes', async () => {
    const { supervisor, children, last } = setup({ maxRestarts: 2 });
    const restarts: number[] = [];
    supervisor.onRestart(({ generation }) => restarts.push(generation));
    const ready = supervisor.start();
    last().fromCore({ type: 'ready' });
    await ready;
    last().exit(139);
    expect(supervisor.state).toBe('restarting');
    expect(restarts).toEqual([2]);
    await vi.waitFor(() => expect(children).toHaveLength(2));
    last().fromCore({ type: 'ready' });
    await supervisor.whenReady();
    last().exit(1);
    await vi.waitFor(() => expect(children).toHaveLength(3));
    last().exit(1);
    expect(supervisor.state).toBe('failed');
    await expect(supervisor.whenReady()).rejects.toThrow('could not be started');
    await new Promise((r) => setTimeout(r, 50));
    expect(children).toHaveLength(3);
  });

  it('quit: core is asked to dispose and exit, and killed if it hangs', async () => {
    vi.useFakeTimers();
    const { supervisor, last } = setup({ shutdownTimeoutMs: 6_000 });
    const ready = supervisor.start();
    last().fromCore({ type: 'ready' });
    await ready;
    last().onShutdown = 'hang';
    let done = false;
    const stopping = supervisor.shutdown().then(() => (done = true));
    expect(supervisor.shutdown()).toBe(supervisor.shutdown());
    expect(last().posted.at(-1)).toEqual({ type: 'shutdown' });
    await vi.advanceTimersByTimeAsync(5_999);
    expect(done).toBe(false);
    expect(last().killed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await stopping;
    expect(last().killed).toBe(true);
    expect(supervisor.state).toBe('stopped');
  });

  it('a core that exits cleanly on quit is not killed and not restarted', async () => {
    const { supervisor, children, last } = setup();
    const ready = supervisor.start();
    last().fromCore({ type: 'ready' });
    await ready;
    await supervisor.shutdown();
    expect(last().killed).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    expect(children).toHaveLength(1);
  });
});
