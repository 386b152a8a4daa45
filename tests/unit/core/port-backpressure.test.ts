import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_UNACKED_EVENTS, servePort } from '../../../src/core/process/port-rpc';
import { createRouter } from '../../../src/core/router';
import { PortClient } from '../../../src/preload/port-client';
import { createProbe, createTestHandlers, testContract } from '../../support/test-contract';

/**
 * Backpressure on the desktop's message-port path (issue #8), over a real
 * MessageChannel: core counts each stream's events not yet acknowledged and
 * ends a stream whose window stops handling them, as the WebSocket path does
 * with its bufferedAmount; the preload's PortClient acknowledges as it
 * delivers, so a window that keeps up gets every event.
 */

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function serve() {
  const probe = createProbe();
  const router = createRouter({
    contract: testContract,
    handlers: createTestHandlers(probe),
    readOnly: { isReadOnly: async () => false },
  });
  const channel = new MessageChannel();
  channels.push(channel);
  const session = servePort(channel.port1, router);
  channel.port1.on('message', (m: unknown) => session.receive(m));
  return { probe, session, client: channel.port2 };
}

type Frame = { id: string; type: string; error?: { message: string } };

describe('stream flow control on the message port', () => {
  it('a window that never acknowledges has its stream ended near the bound, and the work stops', async () => {
    const { probe, session, client } = serve();
    const frames: Frame[] = [];
    const ended = new Promise<Frame>((resolve) =>
      client.on('message', (m: Frame) => {
        frames.push(m);
        if (m.type === 'error' || m.type === 'end') resolve(m);
      }),
    );
    client.postMessage({ id: 's1', type: 'subscribe', name: 'test.counter.watch', input: { intervalMs: 1 } });
    const end = await ended;
    expect(end.type).toBe('error');
    expect(end.error?.message).toMatch(/not keeping up/);
    expect(frames.filter((f) => f.type === 'event')).toHaveLength(MAX_UNACKED_EVENTS);
    expect(probe.sawAbort).toContain('test.counter.watch');
    expect(session.inFlight).toBe(0);
  }, 30_000);

  it("a window that keeps up (PortClient's acks) gets every event, well past the bound", async () => {
    const { client } = serve();
    const pc = new PortClient();
    pc.attach(client as MessagePort);
    client.on('message', (m: unknown) => pc.receive(m));
    const limit = MAX_UNACKED_EVENTS * 2 + 100;
    let events = 0;
    const end = await new Promise<string>((resolve) => {
      pc.subscribe('test.counter.watch', { intervalMs: 1, limit }, (m) => {
        if (m.type === 'event') events++;
        else resolve(m.type);
      });
    });
    expect(end).toBe('end');
    expect(events).toBe(limit);
  }, 30_000);
});
