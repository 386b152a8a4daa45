import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyCipher } from '../../../src/core/connections';
import { CoreSupervisor, type CoreChild } from '../../../src/core/process/supervisor';
import { PortClient } from '../../../src/preload/port-client';
import type { BridgeReply, BridgeStreamMessage } from '../../../src/shared/bridge';
import { isContractName } from '../../../src/shared/contract';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

/**
 * Core in its own process, driven as the desktop renderer drives it, without
 * Electron: the real entry point (src/core/process/entry.ts) runs in a Node
 * child process, main's supervisor starts and restarts it, the preload's port
 * client speaks the wire protocol to it, and the host channel's cipher is
 * answered in this (the "main") process. Against the real local Kafka.
 */

const ENTRY = resolve('src/core/process/entry.ts');

function nodeChild(exits: Array<number | null>): () => CoreChild {
  return () => {
    const child: ChildProcess = fork(ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    child.on('exit', (code) => exits.push(code));
    return {
      post: (message) => void child.send(message),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', (code) => listener(code)),
      kill: () => void child.kill('SIGKILL'),
      get pid() {
        return child.pid;
      },
    };
  };
}

const ok = (reply: BridgeReply): unknown => {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
};

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('core in a child process behind a port', () => {
  let dir: string;
  let supervisor: CoreSupervisor;
  let client: PortClient;
  let clientId = '';
  const frames: unknown[] = [];
  const exits: Array<number | null> = [];
  const restarts: number[] = [];
  const hostCalls: string[] = [];
  let kafkaId = '';
  const topic = `sd-desktop-${randomUUID().slice(0, 8)}`;
  const admin = new Kafka({ brokers: [KAFKA_BOOTSTRAP], logLevel: logLevel.NOTHING }).admin();

  /** What a window does: ask main for a port, then use it (again after a restart). */
  const openPort = (): void => {
    clientId = `w1.${randomUUID().slice(0, 6)}`;
    const id = clientId;
    supervisor.connect(id);
    client.attach({ postMessage: (message) => supervisor.portData(id, message) });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stackdeck-desktop-'));
    // The real cipher of this process stands in for safeStorage: main seals, core never holds the key.
    await mkdir(join(dir, 'main-keys'));
    const mainCipher = new FileKeyCipher(join(dir, 'main-keys'));
    client = new PortClient(isContractName);
    supervisor = new CoreSupervisor({
      spawn: nodeChild(exits),
      userDataDir: join(dir, 'userData'),
      cipher: { backend: 'test-safe-storage', needsConsent: false },
      host: {
        'cipher.encrypt': async (r) => {
          hostCalls.push(r.method);
          return (await mainCipher.encrypt(Buffer.from(r.data, 'base64'))).toString('base64');
        },
        'cipher.decrypt': async (r) => {
          hostCalls.push(r.method);
          return (await mainCipher.decrypt(Buffer.from(r.data, 'base64'))).toString('base64');
        },
        'dialog.save': async () => null,
        'dialog.confirm': async () => false,
      },
      onPortData: (id, data) => {
        if (id !== clientId) return;
        frames.push(data);
        client.receive(data);
      },
      restartDelayMs: 50,
    });
    supervisor.onRestart(({ generation }) => {
      restarts.push(generation);
      client.coreRestarted();
      openPort();
    });
    openPort(); // before start: the request waits for core, as a window opened early does
    await supervisor.start();
    await admin.connect();
  }, 60_000);

  afterAll(async () => {
    await supervisor?.shutdown();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers calls through the same contract and router, with secrets sealed by main', async () => {
    expect(ok(await client.invoke('connections.profiles.list', {}))).toMatchObject({ profiles: [] });
    const kafka = ok(
      await client.invoke('connections.profiles.create', {
        draft: { kind: 'kafka', name: 'desktop kafka', brokers: [KAFKA_BOOTSTRAP] },
      }),
    ) as { id: string };
    kafkaId = kafka.id;
    // A secret goes to the vault through main's cipher (the host channel), never in clear to disk.
    ok(
      await client.invoke('connections.profiles.create', {
        draft: {
          kind: 'redis',
          name: 'desktop redis',
          host: '127.0.0.1',
          port: 6379,
          password: { action: 'set', value: 'hunter2-desktop' },
        },
      }),
    );
    expect(hostCalls).toContain('cipher.encrypt');
    const files = await readdir(join(dir, 'userData'));
    for (const f of files.filter((name) => name.endsWith('.json'))) {
      expect(await readFile(join(dir, 'userData', f), 'utf8')).not.toContain('hunter2-desktop');
    }
    // Errors cross as {code, message}: input is parsed by core's router.
    const bad = await client.invoke('kafka.topics.list', { connectionId: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    // Names outside the contract never reach core.
    expect(await client.invoke('nope.nope', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    ok(
      await client.invoke('kafka.topics.create', {
        connectionId: kafkaId,
        name: topic,
        partitions: 1,
        replicationFactor: 1,
      }),
    );
    const topics = ok(await client.invoke('kafka.topics.list', { connectionId: kafkaId })) as {
      topics: Array<{ name: string }>;
    };
    expect(topics.topics.map((t) => t.name)).toContain(topic);
  });

  it('streams events and cancel stops the stream in core', async () => {
    const messages: BridgeStreamMessage[] = [];
    const stop = client.subscribe('kafka.messages.tail', { connectionId: kafkaId, topics: [topic] }, (m) =>
      messages.push(m),
    );
    await until('the tail to start', () =>
      messages.some((m) => m.type === 'event' && (m.event as { type: string }).type === 'started'),
    );
    ok(await client.invoke('kafka.messages.produce', { connectionId: kafkaId, topic, value: 'over the port' }));
    await until('the produced message', () =>
      messages.some(
        (m) =>
          m.type === 'event' &&
          (m.event as { type: string; messages?: Array<{ value: unknown }> }).messages?.some((x) =>
            JSON.stringify(x.value).includes('over the port'),
          ) === true,
      ),
    );
    const streamId = (frames.find((f) => (f as { type: string }).type === 'event') as { id: string } | undefined)?.id;
    stop();
    // Core itself ends the stream with CANCELLED: the work stopped there, not just the delivery.
    await until('core to end the stream', () =>
      frames.some((f) => {
        const m = f as { id: string; type: string; error?: { code: string } };
        return m.id === streamId && m.type === 'error' && m.error?.code === 'CANCELLED';
      }),
    );
    expect(client.inFlight).toBe(0);
  });

  it('survives a crash: the window is told, core restarts, connections reopen on demand', async () => {
    const before = supervisor.pid;
    const generation = supervisor.generation;
    const messages: BridgeStreamMessage[] = [];
    client.subscribe('kafka.messages.tail', { connectionId: kafkaId, topics: [topic] }, (m) => messages.push(m));
    await until('the tail to start', () => messages.some((m) => m.type === 'event'));
    const pending = client.invoke('kafka.topics.list', { connectionId: kafkaId }, 'slow-one');
    process.kill(before ?? 0, 'SIGKILL');
    // What was in flight fails at once with a clear error instead of hanging.
    await until('the stream to fail', () => messages.some((m) => m.type === 'error'));
    expect(messages.at(-1)).toMatchObject({ type: 'error', error: { code: 'UNREACHABLE' } });
    const lost = await pending;
    if (lost.ok)
      expect(lost.value).toBeDefined(); // it may have been answered just before the kill
    else expect(lost.error.code).toBe('UNREACHABLE');
    expect(restarts).toEqual([generation + 1]);
    await supervisor.whenReady();
    expect(supervisor.pid).not.toBe(before);
    expect(supervisor.state).toBe('ready');
    // Same user data: the profiles are there; the Kafka client is opened again by the first call that needs it.
    const listed = ok(await client.invoke('connections.profiles.list', {})) as { profiles: Array<{ id: string }> };
    expect(listed.profiles.map((p) => p.id)).toContain(kafkaId);
    const topics = ok(await client.invoke('kafka.topics.list', { connectionId: kafkaId })) as {
      topics: Array<{ name: string }>;
    };
    expect(topics.topics.map((t) => t.name)).toContain(topic);
  });

  it('shuts down cleanly: core disposes its clients and exits 0', async () => {
    const count = exits.length;
    await supervisor.shutdown();
    await until('the exit', () => exits.length > count);
    expect(exits.at(-1)).toBe(0);
    expect(supervisor.state).toBe('stopped');
  });
});
