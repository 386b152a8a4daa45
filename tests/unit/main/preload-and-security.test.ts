import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StackdeckBridge } from '../../../src/shared/bridge';
import { IPC } from '../../../src/shared/bridge';

/**
 * The preload bridge and the main-process URL checks, with Electron faked.
 */

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  sent: [] as unknown[][],
  listeners: new Map<string, (...args: unknown[]) => void>(),
  opened: [] as string[],
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      electron.invoked.push(args);
      return Promise.resolve({ ok: true, value: 'from main' });
    },
    send: (...args: unknown[]) => electron.sent.push(args),
    on: (channel: string, fn: (...args: unknown[]) => void) => electron.listeners.set(channel, fn),
  },
  shell: { openExternal: (url: string) => (electron.opened.push(url), Promise.resolve()) },
  app: {},
  session: {},
}));

await import('../../../src/preload/index');
const { appUrlMatcher, externalUrl, openExternal } = await import('../../../src/main/security');
const bridge = electron.exposed.get('stackdeck') as StackdeckBridge;

beforeEach(() => {
  electron.invoked.length = 0;
  electron.sent.length = 0;
  electron.opened.length = 0;
});

describe('preload bridge', () => {
  it('exposes only invoke, subscribe and cancel as window.stackdeck', () => {
    expect([...electron.exposed.keys()]).toEqual(['stackdeck']);
    expect(Object.keys(bridge).sort()).toEqual(['cancel', 'invoke', 'subscribe']);
  });

  it('forwards contract names to main, with the call id namespaced', async () => {
    expect(await bridge.invoke('connections.profiles.list', {}, '7')).toEqual({ ok: true, value: 'from main' });
    expect(electron.invoked).toEqual([[IPC.invoke, 'connections.profiles.list', {}, 'c:7']]);
    bridge.cancel('7');
    expect(electron.sent).toEqual([[IPC.cancel, 'c:7']]);
  });

  it('refuses names outside the contract without touching IPC', async () => {
    for (const name of ['nope.nope', '__proto__', 'constructor']) {
      expect(await bridge.invoke(name, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const messages: unknown[] = [];
    bridge.subscribe('nope.stream', {}, (m) => messages.push(m));
    await Promise.resolve();
    expect(messages).toMatchObject([{ type: 'error', error: { code: 'NOT_FOUND' } }]);
    expect(electron.invoked).toEqual([]);
    expect(electron.sent).toEqual([]);
  });

  it('routes stream messages to their subscriber until the end, and cancel sends the stream id', () => {
    const messages: unknown[] = [];
    const stop = bridge.subscribe('connections.status.watch', {}, (m) => messages.push(m));
    const [channel, id, name] = electron.sent[0] as [string, string, string];
    expect([channel, name]).toEqual([IPC.subscribe, 'connections.status.watch']);
    expect(id).toMatch(/^s:/);
    const deliver = electron.listeners.get(IPC.stream);
    deliver?.({}, id, { type: 'event', event: 1 });
    deliver?.({}, 'other', { type: 'event', event: 'not mine' });
    stop();
    expect(electron.sent.at(-1)).toEqual([IPC.cancel, id]);
    deliver?.({}, id, { type: 'event', event: 2 });
    expect(messages).toEqual([{ type: 'event', event: 1 }]);
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
