import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter, type Router } from '../../../src/core/router';
import { IPC, type BridgeReply, type BridgeStreamMessage } from '../../../src/shared/bridge';
import { createProbe, createTestHandlers, testContract, type Probe } from '../../support/test-contract';

/**
 * The IPC binder with Electron faked (there is no Electron binary here): a fake
 * ipcMain records the handlers bindIpc registers, and the tests play the
 * renderer by calling them with fake events whose sender frame is the app's own
 * page, a child frame, or a foreign page.
 */

type Handler = (event: unknown, ...args: unknown[]) => unknown;
const registry = vi.hoisted(() => ({ handle: new Map<string, Handler>(), on: new Map<string, Handler>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => registry.handle.set(channel, fn),
    on: (channel: string, fn: Handler) => registry.on.set(channel, fn),
    removeHandler: (channel: string) => registry.handle.delete(channel),
    removeListener: (channel: string) => registry.on.delete(channel),
  },
}));

const { bindIpc, senderProblem } = await import('../../../src/main/ipc');

const APP_URL = 'file:///opt/stackdeck/out/renderer/index.html';
const isAppUrl = (url: string): boolean => url.split('#')[0] === APP_URL;

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

class FakeWebContents extends EventEmitter {
  static next = 1;
  readonly id = FakeWebContents.next++;
  readonly sent: Array<[string, string, BridgeStreamMessage]> = [];
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, id: string, message: BridgeStreamMessage): void {
    this.sent.push([channel, id, message]);
  }
  messages(id: string): BridgeStreamMessage[] {
    return this.sent.filter(([, sid]) => sid === id).map(([, , m]) => m);
  }
}

const top: FakeFrame = { url: `${APP_URL}#/connections`, parent: null };
const child: FakeFrame = { url: APP_URL, parent: top };
const foreign: FakeFrame = { url: 'https://evil.example/', parent: null };

let probe: Probe;
let router: Router;
let contents: FakeWebContents;
const event = (frame: FakeFrame | null, sender = contents) => ({ sender, senderFrame: frame });

const invoke = (frame: FakeFrame | null, name: unknown, input: unknown, callId?: string): Promise<BridgeReply> =>
  registry.handle.get(IPC.invoke)?.(event(frame), name, input, callId) as Promise<BridgeReply>;
const subscribe = (frame: FakeFrame | null, id: string, name: unknown, input: unknown): void => {
  registry.on.get(IPC.subscribe)?.(event(frame), id, name, input);
};
const cancel = (frame: FakeFrame | null, id: string): void => {
  registry.on.get(IPC.cancel)?.(event(frame), id);
};

beforeEach(() => {
  registry.handle.clear();
  registry.on.clear();
  probe = createProbe();
  router = createRouter({
    contract: testContract,
    handlers: createTestHandlers(probe),
    readOnly: { isReadOnly: (id) => id === 'ro' },
  });
  contents = new FakeWebContents();
  bindIpc(router, { isAppUrl, log: () => undefined });
});

describe('sender validation', () => {
  it('accepts only the top-level frame showing the app page', () => {
    expect(senderProblem(event(top) as never, isAppUrl)).toBeUndefined();
    expect(senderProblem(event(child) as never, isAppUrl)).toMatch(/child frame/);
    expect(senderProblem(event(foreign) as never, isAppUrl)).toMatch(
      /not Stackdeck's own \(https:\/\/evil\.example\/\)/,
    );
    expect(senderProblem(event(null) as never, isAppUrl)).toMatch(/gone/);
  });

  it('refuses invoke from a child frame or a foreign page without running any handler', async () => {
    for (const frame of [child, foreign, null]) {
      const reply = await invoke(frame, 'test.echo.run', { text: 'x' });
      expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Request refused/) } });
    }
    expect(probe.ran).toEqual([]);
  });

  it('sends nothing back to a foreign frame that subscribes', async () => {
    subscribe(foreign, 's:1', 'test.counter.watch', { limit: 1 });
    await new Promise((r) => setTimeout(r, 30));
    expect(contents.sent).toEqual([]);
    expect(probe.ran).toEqual([]);
  });
});

describe('calls', () => {
  it('calls the router and returns its result', async () => {
    expect(await invoke(top, 'test.echo.run', { text: 'ab', times: 2 }, 'c:1')).toEqual({
      ok: true,
      value: { text: 'abab' },
    });
  });

  it('rejects unknown names before the router', async () => {
    for (const name of ['test.nope', '__proto__', 42]) {
      expect(await invoke(top, name, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('returns schema and read-only errors as closed codes', async () => {
    expect(await invoke(top, 'test.echo.run', { text: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', detail: { fields: 'text' } },
    });
    expect(await invoke(top, 'test.items.delete', { connectionId: 'ro', key: 'k' })).toMatchObject({
      ok: false,
      error: { code: 'READ_ONLY' },
    });
    expect(probe.ran).toEqual([]);
  });

  it('cancels a call by id, and the handler observes the abort', async () => {
    const pending = invoke(top, 'test.slow.wait', { ms: 250 }, 'c:7');
    await new Promise((r) => setTimeout(r, 20));
    cancel(top, 'c:7');
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(probe.sawAbort).toEqual(['test.slow.wait']);
  });

  it('refuses a call id already in flight', async () => {
    const first = invoke(top, 'test.slow.wait', { ms: 50 }, 'c:dup');
    expect(await invoke(top, 'test.echo.run', { text: 'x' }, 'c:dup')).toMatchObject({ ok: false });
    expect(await first).toEqual({ ok: true, value: { waited: 50 } });
  });
});

describe('streams', () => {
  it('delivers events then end to the sender', async () => {
    subscribe(top, 's:1', 'test.counter.watch', { limit: 2 });
    await vi.waitFor(() => expect(contents.messages('s:1').at(-1)).toEqual({ type: 'end' }));
    expect(contents.messages('s:1')).toEqual([
      { type: 'event', event: { n: 1 } },
      { type: 'event', event: { n: 2 } },
      { type: 'end' },
    ]);
    expect(contents.sent.every(([channel]) => channel === IPC.stream)).toBe(true);
  });

  it('stops the work in core on cancel', async () => {
    subscribe(top, 's:2', 'test.counter.watch', { intervalMs: 5 });
    await vi.waitFor(() => expect(contents.messages('s:2').length).toBeGreaterThan(1));
    cancel(top, 's:2');
    await vi.waitFor(() =>
      expect(contents.messages('s:2').at(-1)).toMatchObject({ type: 'error', error: { code: 'CANCELLED' } }),
    );
    expect(probe.sawAbort).toContain('test.counter.watch');
  });

  it('stops the work when the window reloads or is destroyed', async () => {
    subscribe(top, 's:3', 'test.counter.watch', { intervalMs: 5 });
    await vi.waitFor(() => expect(contents.messages('s:3').length).toBeGreaterThan(0));
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false, url: APP_URL });
    await vi.waitFor(() => expect(probe.sawAbort).toContain('test.counter.watch'));

    probe.sawAbort.length = 0;
    subscribe(top, 's:4', 'test.counter.watch', { intervalMs: 5 });
    await vi.waitFor(() => expect(contents.messages('s:4').length).toBeGreaterThan(0));
    contents.destroyed = true;
    contents.emit('destroyed');
    await vi.waitFor(() => expect(probe.sawAbort).toContain('test.counter.watch'));
  });

  it('answers an unknown stream name with an error message', async () => {
    subscribe(top, 's:5', 'test.nope', {});
    expect(contents.messages('s:5')).toMatchObject([{ type: 'error', error: { code: 'NOT_FOUND' } }]);
  });
});
