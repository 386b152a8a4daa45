import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../../src/shared/bridge';

/**
 * Main's port handover with Electron faked (there is no Electron binary here):
 * a fake ipcMain records the listener bindIpc registers, fake frames ask for a
 * port, and a fake supervisor records what core is told. The calls themselves
 * never pass through main (tests/integration/desktop drives them end to end).
 */

type Listener = (event: unknown, ...args: unknown[]) => void;
const electron = vi.hoisted(() => ({
  on: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
  channels: [] as Array<{ port1: { name: string }; port2: { name: string } }>,
}));

vi.mock('electron', () => ({
  ipcMain: {
    on: (channel: string, fn: Listener) => electron.on.set(channel, fn),
    removeListener: (channel: string) => electron.on.delete(channel),
  },
  MessageChannelMain: class {
    readonly port1 = { name: `p1-${electron.channels.length}` };
    readonly port2 = { name: `p2-${electron.channels.length}` };
    constructor() {
      electron.channels.push(this);
    }
  },
}));

const { bindIpc, senderProblem } = await import('../../../src/main/ipc');

const APP_URL = 'file:///opt/stackdeck/out/renderer/index.html';
const isAppUrl = (url: string): boolean => url.split('#')[0] === APP_URL;

class FakeFrame {
  readonly posted: unknown[][] = [];
  constructor(
    readonly url: string,
    readonly parent: FakeFrame | null,
  ) {}
  postMessage(...args: unknown[]): void {
    this.posted.push(args);
  }
}

class FakeWebContents extends EventEmitter {
  static next = 1;
  readonly id = FakeWebContents.next++;
  readonly sent: unknown[][] = [];
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
}

class FakeCore {
  readonly connected: Array<[string, unknown]> = [];
  readonly disconnected: string[] = [];
  private listener: ((info: { generation: number; code: number | null }) => void) | undefined;
  connect(clientId: string, transfer?: readonly unknown[]): void {
    this.connected.push([clientId, transfer]);
  }
  disconnect(clientId: string): void {
    this.disconnected.push(clientId);
  }
  onRestart(listener: (info: { generation: number; code: number | null }) => void): () => void {
    this.listener = listener;
    return () => (this.listener = undefined);
  }
  crash(): void {
    this.listener?.({ generation: 2, code: null });
  }
}

let core: FakeCore;
let contents: FakeWebContents;
let top: FakeFrame;
const request = (frame: FakeFrame | null, sender = contents): void =>
  electron.on.get(IPC.portRequest)?.({ sender, senderFrame: frame });

beforeEach(() => {
  electron.on.clear();
  electron.channels.length = 0;
  core = new FakeCore();
  contents = new FakeWebContents();
  top = new FakeFrame(`${APP_URL}#/connections`, null);
  bindIpc(core, { isAppUrl, log: () => undefined });
});

describe('sender validation', () => {
  it('accepts only the top-level frame showing the app page', () => {
    const event = (frame: FakeFrame | null) => ({ sender: contents, senderFrame: frame }) as never;
    expect(senderProblem(event(top), isAppUrl)).toBeUndefined();
    expect(senderProblem(event(new FakeFrame(APP_URL, top)), isAppUrl)).toMatch(/child frame/);
    expect(senderProblem(event(new FakeFrame('https://evil.example/', null)), isAppUrl)).toMatch(
      /not Stackdeck's own \(https:\/\/evil\.example\/\)/,
    );
    expect(senderProblem(event(null), isAppUrl)).toMatch(/gone/);
  });

  it('gives no port to a child frame, a foreign page or a frame that is gone', () => {
    const child = new FakeFrame(APP_URL, top);
    const foreign = new FakeFrame('https://evil.example/', null);
    for (const frame of [child, foreign, null]) request(frame);
    expect(electron.channels).toEqual([]);
    expect(core.connected).toEqual([]);
    expect(child.posted).toEqual([]);
    expect(foreign.posted).toEqual([]);
  });
});

describe('port handover', () => {
  it('hands one end to core and the other to the asking frame only', () => {
    request(top);
    expect(electron.channels).toHaveLength(1);
    const [channel] = electron.channels;
    expect(core.connected).toEqual([[expect.stringMatching(/^w\d+\.1$/), [channel?.port1]]]);
    expect(top.posted).toEqual([[IPC.port, null, [channel?.port2]]]);
  });

  it('a second request from the same window replaces its port (the old one is withdrawn in core)', () => {
    request(top);
    request(top);
    const [first, second] = core.connected.map(([id]) => id);
    expect(first).not.toBe(second);
    expect(core.disconnected).toEqual([first]);
  });

  it('withdraws the port when the page reloads, crashes or the window closes', () => {
    request(top);
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true });
    expect(core.disconnected).toEqual([]); // an in-page (hash) navigation keeps it
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false });
    expect(core.disconnected).toHaveLength(1);
    request(top);
    contents.emit('render-process-gone', {});
    expect(core.disconnected).toHaveLength(2);
    request(top);
    contents.emit('destroyed');
    expect(core.disconnected).toHaveLength(3);
  });

  it('tells every window when core restarted, so it asks again', () => {
    request(top);
    const other = new FakeWebContents();
    request(new FakeFrame(APP_URL, null), other);
    core.crash();
    expect(contents.sent).toEqual([[IPC.coreRestarted]]);
    expect(other.sent).toEqual([[IPC.coreRestarted]]);
    // The dead process's ports are not withdrawn one by one: they died with it.
    expect(core.disconnected).toEqual([]);
  });
});
