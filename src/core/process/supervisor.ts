import { StackdeckError, type RpcErrorShape } from '../../shared/errors';
import {
  isFromCore,
  type CipherInfo,
  type FromCore,
  type HostAnswer,
  type HostMethod,
  type HostRequest,
  type ToCore,
} from './protocol';

/**
 * Main's side of core-in-its-own-process: starts the core process, answers its
 * host requests (safeStorage, dialogs), and restarts it when it dies. Generic
 * over how the process is made (`spawn`): Electron's `utilityProcess.fork` in
 * the app (src/main/core-process.ts), `child_process.fork` in the tests, so the
 * restart logic is tested without Electron.
 *
 * After a crash, `onRestart` listeners hear of it at once (windows fail what
 * was in flight and ask for a new port); `connect` calls made meanwhile wait
 * for the new process. Connections reopen on demand: the new core opens a
 * driver client the first time a call needs it, as after any start.
 */

export interface CoreChild {
  /** `transfer`: Electron MessagePortMain objects to hand over (a window's port). */
  post(message: ToCore, transfer?: readonly unknown[]): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type HostServices = {
  [M in HostMethod]: (request: Extract<HostRequest, { method: M }>) => Promise<HostAnswer[M]>;
};

export interface SupervisorOptions {
  spawn(): CoreChild;
  userDataDir: string;
  cipher: CipherInfo;
  logDir?: string;
  host: HostServices;
  /** Frames of windows connected without a transferable port (Node tests). */
  onPortData?(clientId: string, data: unknown): void;
  log?(line: string): void;
  /** Restarts allowed within `restartWindowMs` before giving up. Default 5 in 60 s. */
  maxRestarts?: number;
  restartWindowMs?: number;
  /** Waiting for a clean exit on shutdown before the process is killed. Default 6 s (core's dispose is bounded at 5 s). */
  shutdownTimeoutMs?: number;
  /** Base of the restart backoff (doubles per recent crash, capped at 5 s). Default 250 ms. */
  restartDelayMs?: number;
}

export type CoreState = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

export class CoreSupervisor {
  private child: CoreChild | undefined;
  private ready = false;
  private state_: CoreState = 'stopped';
  private queue: Array<{ message: ToCore; transfer?: readonly unknown[] }> = [];
  private crashes: number[] = [];
  private readonly restartListeners = new Set<(info: { generation: number; code: number | null }) => void>();
  private readyWaiters: Array<{ resolve(): void; reject(error: Error): void }> = [];
  private stopping: Promise<void> | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped per process started. */
  generation = 0;

  constructor(private readonly options: SupervisorOptions) {}

  get state(): CoreState {
    return this.state_;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts core; resolves when it is ready, rejects if it cannot be built. */
  start(): Promise<void> {
    if (this.child === undefined && this.stopping === undefined) this.spawn();
    return this.whenReady();
  }

  whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    if (this.state_ === 'failed') return Promise.reject(new Error('Stackdeck core could not be started.'));
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Called when core died and a new one is being started: windows must drop their port and ask again. */
  onRestart(listener: (info: { generation: number; code: number | null }) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Hands a window's port to core (queued while core is (re)starting). */
  connect(clientId: string, transfer?: readonly unknown[]): void {
    this.post({ type: 'connect', clientId }, transfer);
  }

  disconnect(clientId: string): void {
    if (this.child !== undefined) this.post({ type: 'disconnect', clientId });
  }

  /** A frame from a window connected without a transferable port. */
  portData(clientId: string, data: unknown): void {
    this.post({ type: 'port-data', clientId, data });
  }

  /** Asks core to dispose every client and exit; kills it after the timeout. Idempotent. */
  shutdown(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping;
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    const child = this.child;
    this.state_ = 'stopped';
    this.failWaiters(new Error('Stackdeck core was stopped.'));
    this.stopping = new Promise<void>((resolve) => {
      if (child === undefined) return resolve();
      const timer = setTimeout(() => {
        this.options.log?.('core did not exit in time; killing it');
        child.kill();
      }, this.options.shutdownTimeoutMs ?? 6_000);
      child.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      try {
        child.post({ type: 'shutdown' });
      } catch {
        child.kill();
      }
    });
    return this.stopping;
  }

  private post(message: ToCore, transfer?: readonly unknown[]): void {
    if (this.child === undefined || !this.ready) {
      if (message.type === 'connect' || message.type === 'port-data') this.queue.push({ message, transfer });
      return;
    }
    this.child.post(message, transfer);
  }

  private spawn(): void {
    this.generation++;
    this.state_ = this.generation === 1 ? 'starting' : 'restarting';
    this.ready = false;
    const child = this.options.spawn();
    this.child = child;
    child.onMessage((message) => this.onMessage(child, message));
    child.onExit((code) => this.onExit(child, code));
    child.post({
      type: 'init',
      userDataDir: this.options.userDataDir,
      cipher: this.options.cipher,
      ...(this.options.logDir === undefined ? {} : { logDir: this.options.logDir }),
    });
  }

  private onMessage(child: CoreChild, raw: unknown): void {
    if (child !== this.child || !isFromCore(raw)) return;
    const message: FromCore = raw;
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        this.state_ = 'ready';
        const queued = this.queue.splice(0);
        for (const q of queued) child.post(q.message, q.transfer);
        for (const w of this.readyWaiters.splice(0)) w.resolve();
        return;
      }
      case 'init-failed':
        this.options.log?.(`core could not start: ${message.message}`);
        return;
      case 'host':
        void this.answer(child, message.id, message.request);
        return;
      case 'port-data':
        this.options.onPortData?.(message.clientId, message.data);
        return;
      case 'disposed':
        return;
    }
  }

  private async answer(child: CoreChild, id: number, request: HostRequest): Promise<void> {
    let reply: ToCore;
    try {
      const service = this.options.host[request.method] as (r: HostRequest) => Promise<unknown>;
      if (typeof service !== 'function') throw new StackdeckError('NOT_FOUND', `Main cannot do "${request.method}".`);
      reply = { type: 'host-reply', id, ok: true, value: await service(request) };
    } catch (error) {
      const shape: RpcErrorShape =
        error instanceof StackdeckError
          ? error.toShape()
          : { code: 'SERVER_ERROR', message: error instanceof Error ? error.message : String(error) };
      reply = { type: 'host-reply', id, ok: false, error: shape };
    }
    if (child === this.child) child.post(reply);
  }

  private onExit(child: CoreChild, code: number | null): void {
    if (child !== this.child) return;
    this.child = undefined;
    this.ready = false;
    if (this.stopping !== undefined || this.state_ === 'stopped') return;
    const now = Date.now();
    const windowMs = this.options.restartWindowMs ?? 60_000;
    this.crashes = [...this.crashes.filter((t) => now - t < windowMs), now];
    // Ports of the dead process are gone: windows ask again once they hear of the restart.
    this.queue = [];
    if (this.crashes.length > (this.options.maxRestarts ?? 5)) {
      this.state_ = 'failed';
      this.options.log?.(`core exited (code ${String(code)}) too often; not restarting`);
      this.failWaiters(new Error('Stackdeck core keeps stopping; see the log file.'));
      for (const l of this.restartListeners) l({ generation: this.generation, code });
      return;
    }
    this.options.log?.(`core exited unexpectedly (code ${String(code)}); restarting`);
    this.state_ = 'restarting';
    const delay = Math.min(5_000, (this.options.restartDelayMs ?? 250) * 2 ** (this.crashes.length - 1));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping === undefined) this.spawn();
    }, delay);
    for (const l of this.restartListeners) l({ generation: this.generation + 1, code });
  }

  private failWaiters(error: Error): void {
    for (const w of this.readyWaiters.splice(0)) w.reject(error);
  }
}
