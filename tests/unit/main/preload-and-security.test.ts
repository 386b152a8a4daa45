import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StackdeckBridge } from '../../../src/shared/bridge';
import { IPC } from '../../../src/shared/bridge';

/**
 * The preload bridge and the main-process URL checks, with Electron faked.
 */

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  sent: [] as unknown[][],
  listeners: new Map<string, (...args: unknown[]) => void>(),
  opened: [] as string[],
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    send: (...args: unknown[]) => electron.sent.push(args),
    on: (channel: string, fn: (...args: unknown[]) => void) => electron.listeners.set(channel, fn),
  },
  shell: { openExternal: (url: string) => (electron.opened.push(url), Promise.resolve()) },
  app: {},
  session: {},
}));

/** The DOM MessagePort main hands over, faked: records what the preload posts, lets the test play core. */
class FakePort {
  readonly posted: Array<{ id: string; type: string; name?: string; input?: unknown }> = [];
  private listener: ((event: { data: unknown }) => void) | undefined;
  started = false;
  closed = false;
  addEventListener(_type: 'message', listener: (event: { data: unknown }) => void): void {
    this.listener = listener;
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
  postMessage(message: never): void {
    this.posted.push(message);
  }
  fromCore(data: unknown): void {
    this.listener?.({ data });
  }
}

// The page's `window` (Node has Event and EventTarget, but globalThis is not one).
const page = new EventTarget();
Object.assign(globalThis, { dispatchEvent: page.dispatchEvent.bind(page) });
const restartedEvents: string[] = [];
page.addEventListener('stackdeck:core-restarted', () => restartedEvents.push('restarted'));

await import('../../../src/preload/index');
const { appUrlMatcher, externalUrl, openExternal } = await import('../../../src/main/security');
const bridge = electron.exposed.get('stackdeck') as StackdeckBridge;
const deliverPort = (port: FakePort): void => electron.listeners.get(IPC.port)?.({ ports: [port] });

beforeEach(() => {
  electron.opened.length = 0;
});

describe('preload bridge', () => {
  it('asks main for a port to core at once, and exposes only invoke, subscribe, cancel and menu commands', () => {
    expect(electron.sent[0]).toEqual([IPC.portRequest]);
    expect([...electron.exposed.keys()]).toEqual(['stackdeck']);
    expect(Object.keys(bridge).sort()).toEqual(['cancel', 'invoke', 'onMenuCommand', 'subscribe']);
  });

  it('passes native menu commands to the page by name, and nothing that is not a menu command', () => {
    const heard: string[] = [];
    const stop = bridge.onMenuCommand?.((command) => heard.push(command));
    const fromMain = electron.listeners.get(IPC.menuCommand);
    fromMain?.({ sender: 'the IPC event stays in the preload' }, 'connection.new');
    fromMain?.({}, 'tab.close');
    fromMain?.({}, 'shell.openExternal');
    fromMain?.({}, { toString: () => 'connection.new' });
    expect(heard).toEqual(['connection.new', 'tab.close']);
    stop?.();
    fromMain?.({}, 'view.theme');
    expect(heard).toEqual(['connection.new', 'tab.close']);
  });

  it('queues calls until the port arrives, then speaks the wire protocol on it with namespaced ids', async () => {
    const early = bridge.invoke('connections.profiles.list', {}, '7');
    const port = new FakePort();
    deliverPort(port);
    expect(port.started).toBe(true);
    expect(port.posted).toEqual([{ id: 'c:7', type: 'call', name: 'connections.profiles.list', input: {} }]);
    bridge.cancel('7');
    expect(port.posted.at(-1)).toEqual({ id: 'c:7', type: 'cancel' });
    port.fromCore({ id: 'c:7', type: 'error', error: { code: 'CANCELLED', message: 'Cancelled.' } });
    expect(await early).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'Cancelled.' } });
    const next = bridge.invoke('connections.profiles.list', {});
    const id = port.posted.at(-1)?.id;
    port.fromCore({ id, type: 'result', value: 'from core' });
    expect(await next).toEqual({ ok: true, value: 'from core' });
  });

  it('refuses names outside the contract without touching the port', async () => {
    const port = new FakePort();
    deliverPort(port);
    for (const name of ['nope.nope', '__proto__', 'constructor']) {
      expect(await bridge.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const messages: unknown[] = [];
    bridge.subscribe('nope.stream', {}, (m) => messages.push(m));
    await Promise.resolve();
    expect(messages).toMatchObject([{ type: 'error', error: { code: 'NOT_FOUND' } }]);
    expect(port.posted).toEqual([]);
  });

  it('routes stream frames to their subscriber until the end, and unsubscribing cancels in core', () => {
    const port = new FakePort();
    deliverPort(port);
    const messages: unknown[] = [];
    const stop = bridge.subscribe('connections.status.watch', {}, (m) => messages.push(m));
    const sub = port.posted[0];
    expect(sub).toMatchObject({ type: 'subscribe', name: 'connections.status.watch' });
    expect(sub?.id).toMatch(/^s:/);
    port.fromCore({ id: sub?.id, type: 'event', event: 1 });
    port.fromCore({ id: 'other', type: 'event', event: 'not mine' });
    stop();
    expect(port.posted.at(-1)).toEqual({ id: sub?.id, type: 'cancel' });
    port.fromCore({ id: sub?.id, type: 'event', event: 2 });
    expect(messages).toEqual([{ type: 'event', event: 1 }]);
  });

  it('when core restarts: fails what was in flight, tells the page, and asks for a new port', async () => {
    const port = new FakePort();
    deliverPort(port);
    const call = bridge.invoke('connections.profiles.list', {});
    const messages: unknown[] = [];
    bridge.subscribe('connections.status.watch', {}, (m) => messages.push(m));
    const before = electron.sent.length;
    electron.listeners.get(IPC.coreRestarted)?.({});
    expect(await call).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    expect(messages).toMatchObject([{ type: 'error', error: { code: 'UNREACHABLE' } }]);
    expect(port.closed).toBe(true);
    expect(electron.sent.slice(before)).toEqual([[IPC.portRequest]]);
    expect(restartedEvents).toEqual(['restarted']);
    // The next port carries on.
    const fresh = new FakePort();
    deliverPort(fresh);
    const again = bridge.invoke('connections.profiles.list', {});
    fresh.fromCore({ id: fresh.posted[0]?.id, type: 'result', value: [] });
    expect(await again).toEqual({ ok: true, value: [] });
  });
});

describe('main: URL checks', () => {
  const isApp = appUrlMatcher({ rendererFile: '/opt/stackdeck/out/renderer/index.html' });

  it('recognises only the app page (any hash or query), or the dev server in development', () => {
    expect(isApp('file:///opt/stackdeck/out/renderer/index.html')).toBe(true);
    expect(isApp('file:///opt/stackdeck/out/renderer/index.html#/kafka')).toBe(true);
    expect(isApp('file:///opt/stackdeck/out/renderer/other.html')).toBe(false);
    expect(isApp('file:///etc/passwd')).toBe(false);
    expect(isApp('https://evil.example/')).toBe(false);
    expect(isApp('not a url')).toBe(false);
    const dev = appUrlMatcher({ rendererFile: '/x/index.html', devServerUrl: 'http://localhost:5173/' });
    expect(dev('http://localhost:5173/#/a')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });

  it('opens only plain http(s) links externally', async () => {
    expect(externalUrl('https://kafka.apache.org/documentation/')?.href).toBe(
      'https://kafka.apache.org/documentation/',
    );
    for (const bad of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:pw@example.com/',
      'nonsense',
    ]) {
      expect(externalUrl(bad)).toBeUndefined();
      expect(await openExternal(bad)).toBe(false);
    }
    expect(await openExternal('http://example.com/')).toBe(true);
    expect(electron.opened).toEqual(['http://example.com/']);
  });
});
