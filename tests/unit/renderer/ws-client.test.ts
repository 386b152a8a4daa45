import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createWsTransport, defaultWsUrl } from '../../../src/renderer/src/api/ws-client';
import { StackdeckError } from '../../../src/shared/errors';

/**
 * The web-mode client transport against a scripted WebSocket. The happy path
 * against the real server is covered end to end by the e2e tests; this drives
 * the cases a real server is awkward to produce on cue: a drop mid-call, a
 * failed reconnect, replies arriving after a cancel.
 */

class FakeWs {
  static instances: FakeWs[] = [];
  readyState = 0;
  sent: Array<Record<string, unknown>> = [];
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeWs.instances.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    this.drop();
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(message: Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
}

const latest = (): FakeWs => {
  const ws = FakeWs.instances.at(-1);
  if (ws === undefined) throw new Error('no socket');
  return ws;
};
const tick = () => new Promise((r) => setTimeout(r, 0));

function transport() {
  return createWsTransport({
    url: 'ws://127.0.0.1:1/api/ws',
    WebSocketImpl: FakeWs as unknown as new (url: string) => WebSocket,
    initialBackoffMs: 5,
    maxBackoffMs: 20,
  });
}

beforeEach(() => {
  FakeWs.instances = [];
});

describe('ws transport', () => {
  it('builds the endpoint URL from the page address, keeping a token in the query', () => {
    expect(defaultWsUrl({ protocol: 'http:', host: '127.0.0.1:5000', search: '' })).toBe('ws://127.0.0.1:5000/api/ws');
    expect(defaultWsUrl({ protocol: 'http:', host: 'localhost:5000', search: '?token=a%2Bb' })).toBe(
      'ws://localhost:5000/api/ws?token=a%2Bb',
    );
  });

  it('connects at once, queues a call until open, and resolves with the result', async () => {
    const t = transport();
    expect(t.status()).toBe('connecting');
    const result = t.invoke('connections.profiles.get', { id: 'p1' });
    await tick();
    expect(latest().sent).toEqual([]);
    latest().open();
    await tick();
    expect(t.status()).toBe('open');
    expect(latest().sent).toEqual([{ id: 1, type: 'call', name: 'connections.profiles.get', input: { id: 'p1' } }]);
    latest().reply({ id: 1, type: 'result', value: { ok: 1 } });
    await expect(result).resolves.toEqual({ ok: 1 });
  });

  it('checks the input against the contract before sending', async () => {
    const t = transport();
    latest().open();
    await expect(t.invoke('connections.profiles.get', { id: '' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      detail: { fields: 'id' },
    });
    await expect(t.invoke('nope.nope.nope', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(latest().sent).toEqual([]);
  });

  it('rejects with the server error as a StackdeckError', async () => {
    const t = transport();
    latest().open();
    const result = t.invoke('connections.profiles.get', { id: 'p1' });
    await tick();
    latest().reply({ id: 1, type: 'error', error: { code: 'NOT_FOUND', message: 'No such profile.' } });
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StackdeckError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'No such profile.' });
  });

  it('cancels a call through its signal: sends cancel and rejects CANCELLED at once', async () => {
    const t = transport();
    latest().open();
    const controller = new AbortController();
    const result = t.invoke('connections.profiles.get', { id: 'p1' }, { signal: controller.signal });
    await tick();
    controller.abort();
    await expect(result).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(latest().sent.at(-1)).toEqual({ id: 1, type: 'cancel' });
    latest().reply({ id: 1, type: 'error', error: { code: 'CANCELLED', message: 'x' } }); // late reply: ignored
  });

  it('streams events, and cancel sends cancel and drops later messages', async () => {
    const t = transport();
    latest().open();
    const onEvent = vi.fn();
    const onError = vi.fn();
    const stop = t.subscribe('connections.status.watch', {}, { onEvent, onError });
    await tick();
    expect(latest().sent).toEqual([{ id: 1, type: 'subscribe', name: 'connections.status.watch', input: {} }]);
    latest().reply({ id: 1, type: 'event', event: { a: 1 } });
    latest().reply({ id: 1, type: 'event', event: { a: 2 } });
    stop();
    expect(latest().sent.at(-1)).toEqual({ id: 1, type: 'cancel' });
    latest().reply({ id: 1, type: 'event', event: { a: 3 } });
    latest().reply({ id: 1, type: 'error', error: { code: 'CANCELLED', message: 'x' } });
    expect(onEvent.mock.calls).toEqual([[{ a: 1 }], [{ a: 2 }]]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('on a drop, rejects pending calls and ends streams with UNREACHABLE, then reconnects', async () => {
    const t = transport();
    const statuses: string[] = [];
    t.onStatus((s) => statuses.push(s));
    latest().open();
    const call = t.invoke('connections.profiles.get', { id: 'p1' });
    const onError = vi.fn();
    t.subscribe('connections.status.watch', {}, { onEvent: () => undefined, onError });
    await tick();
    const first = latest();
    first.drop();
    await expect(call).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'UNREACHABLE' });
    await vi.waitFor(() => expect(FakeWs.instances.length).toBe(2));
    latest().open();
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
    const again = t.invoke('connections.profiles.get', { id: 'p2' });
    await tick();
    latest().reply({ id: latest().sent[0]?.id, type: 'result', value: 'ok' });
    await expect(again).resolves.toBe('ok');
  });

  it('fails a call fast with UNREACHABLE when the server cannot be reached', async () => {
    const t = transport();
    const call = t.invoke('connections.profiles.get', { id: 'p1' });
    await tick();
    latest().drop(); // the connection attempt fails
    await expect(call).rejects.toMatchObject({ code: 'UNREACHABLE' });
  });

  it('reports invalid stream input through onError, never by throwing', async () => {
    const t = transport();
    const onError = vi.fn();
    expect(() =>
      t.subscribe('connections.probe.run', { stageTimeoutMs: 1 }, { onEvent: () => undefined, onError }),
    ).not.toThrow();
    await tick();
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
