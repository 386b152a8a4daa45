/**
 * Kafka Connect through the router of the whole core, against the real
 * distributed worker of the stack (`kafka-connect`, REST 127.0.0.1:8083, on
 * the default 4.x broker `kafka`): a FileStreamSource connector reads a temp file into a
 * topic (the records are read back from the topic with a plain kafkajs
 * consumer, not through Stackdeck), validation, pause/resume/restart, offsets
 * (KIP-875) read and altered while stopped, delete. The read-only guard is
 * read-only.test.ts.
 */
import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { Profile } from '../../../src/shared/contract/connections';
import { StackdeckError } from '../../../src/shared/errors';
import kafka, { KAFKA_BOOTSTRAP } from '../../stack/servers/kafka.js';
import { KAFKA_CONNECT_URL, kafkaConnect } from '../../stack/servers/kafka-connect.js';
import { startTestCore, type TestCore } from '../../support/core';
import { eventually, requireServer, uniqueName } from '../helpers/servers';
import { newClient4 } from '../kafka-4/helpers';

const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';

let t: TestCore;
let id: string;
let admin: Admin;
let dir: string;
const topics: string[] = [];
const connectors: string[] = [];

async function failure(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StackdeckError);
    return e as StackdeckError;
  }
  throw new Error('expected the call to fail');
}

const profile = { brokers: [KAFKA_BOOTSTRAP], connect: { url: KAFKA_CONNECT_URL } };

async function newTopic(): Promise<string> {
  const name = uniqueName('sd-connect');
  topics.push(name);
  await t.router.call('kafka.topics.create', { connectionId: id, name, partitions: 1, replicationFactor: 1 });
  return name;
}

/** Every record value of the topic, read with a throwaway kafkajs consumer group (deleted afterwards). */
async function topicValues(topic: string, expect: number): Promise<string[]> {
  const kafka = newClient4('sd-connect-reader');
  const groupId = uniqueName('sd-connect-reader');
  const consumer = kafka.consumer({ groupId, sessionTimeout: 6_000, heartbeatInterval: 1_000 });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        values.push(message.value?.toString('utf8') ?? '<null>');
      },
    });
    await eventually(`${expect} records in ${topic}`, async () => (values.length >= expect ? true : undefined), 30_000);
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return values;
}

async function stateOf(name: string): Promise<{ state: string; tasks: string[] }> {
  const d = await t.router.call('kafka.connect.connectors.describe', { connectionId: id, name });
  return { state: d.state, tasks: d.tasks.map((x) => x.state) };
}

async function waitState(name: string, state: string, tasks: string[] = [state]): Promise<void> {
  await eventually(
    `${name} ${state}`,
    async () => {
      const s = await stateOf(name);
      return s.state === state && JSON.stringify(s.tasks) === JSON.stringify(tasks) ? true : undefined;
    },
    30_000,
    250,
  );
}

beforeAll(async () => {
  await Promise.all([requireServer(kafka), requireServer(kafkaConnect)]);
  t = await startTestCore();
  id = (await t.connect('kafka', profile)).id;
  admin = newClient4('sd-connect-admin').admin();
  await admin.connect();
  dir = await mkdtemp(join(tmpdir(), 'sd-connect-'));
}, 60_000);

afterAll(async () => {
  if (t) {
    for (const name of connectors) {
      await t.router
        .call('kafka.connect.connectors.delete', { connectionId: id, name, confirmName: name })
        .catch(() => undefined);
    }
    for (const topic of topics) {
      await t.router
        .call('kafka.topics.delete', { connectionId: id, topic, confirmName: topic })
        .catch(() => undefined);
    }
    await t.close();
  }
  await admin?.disconnect();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the worker', () => {
  it('reports its version and the file connectors among its plugins', async () => {
    const info = await t.router.call('kafka.connect.info', { connectionId: id });
    expect(info).toMatchObject({ url: KAFKA_CONNECT_URL, version: '4.3.1' });
    expect(info.kafkaClusterId).toMatch(/\S+/);
    const plugins = await t.router.call('kafka.connect.plugins', { connectionId: id });
    expect(plugins.map((p) => p.className)).toEqual(
      expect.arrayContaining([SOURCE, 'org.apache.kafka.connect.file.FileStreamSinkConnector']),
    );
  });

  it('says UNREACHABLE for a worker that is not there, and INVALID_INPUT when no URL is set', async () => {
    const gone = (await t.connect('kafka', { brokers: [KAFKA_BOOTSTRAP], connect: { url: 'http://127.0.0.1:1' } })).id;
    const e = await failure(t.router.call('kafka.connect.connectors.list', { connectionId: gone }));
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toContain('http://127.0.0.1:1');
    const none = (await t.connect('kafka', { brokers: [KAFKA_BOOTSTRAP] })).id;
    const e2 = await failure(t.router.call('kafka.connect.connectors.list', { connectionId: none }));
    expect(e2.code).toBe('INVALID_INPUT');
    expect(e2.message).toMatch(/no Kafka Connect URL/);
  });
});

describe('a file source connector', () => {
  let topic: string;
  let file: string;
  const name = uniqueName('sd-file-source');

  it('refuses a bad config with the errors per field and creates nothing', async () => {
    topic = await newTopic();
    const bad = { 'connector.class': SOURCE, topic, 'tasks.max': 'many', 'batch.size': '-3' };
    const v = await t.router.call('kafka.connect.connectors.validate', { connectionId: id, config: { ...bad, name } });
    expect(v.errorCount).toBeGreaterThanOrEqual(1);
    const tasksMax = v.fields.find((f) => f.name === 'tasks.max');
    expect(tasksMax?.errors.join(' ')).toMatch(/many/);
    const e = await failure(t.router.call('kafka.connect.connectors.create', { connectionId: id, name, config: bad }));
    expect(e.code).toBe('INVALID_INPUT');
    // Refused by our validation step (the worker's POST would refuse it too, with less structure).
    expect(e.detail?.reason).toBe('connect-validation');
    expect(e.message).toMatch(/tasks\.max/);
    const list = await t.router.call('kafka.connect.connectors.list', { connectionId: id });
    expect(list.map((c) => c.name)).not.toContain(name);
    // An unknown plugin class: Connect's own error text comes through.
    const e2 = await failure(
      t.router.call('kafka.connect.connectors.validate', {
        connectionId: id,
        config: { 'connector.class': 'com.example.NoSuchConnector', name },
      }),
    );
    expect(e2.message).toMatch(/NoSuchConnector/);
  });

  it('creates the connector from JSON, sees it RUNNING with its task, and the lines arrive in the topic', async () => {
    file = join(dir, 'source.txt');
    await writeFile(file, 'line-1\nline-2\nline-3\n');
    connectors.push(name);
    const created = await t.router.call('kafka.connect.connectors.create', {
      connectionId: id,
      name,
      config: { 'connector.class': SOURCE, file, topic, 'tasks.max': '1' },
    });
    expect(created.config).toMatchObject({ file, topic, name });
    await waitState(name, 'RUNNING');
    const list = await t.router.call('kafka.connect.connectors.list', { connectionId: id });
    const row = list.find((c) => c.name === name);
    expect(row).toMatchObject({ type: 'source', className: SOURCE, state: 'RUNNING', workerId: '127.0.0.1:8083' });
    expect(row?.tasks).toEqual([{ id: 0, state: 'RUNNING', workerId: '127.0.0.1:8083', trace: null }]);
    expect(await topicValues(topic, 3)).toEqual(['line-1', 'line-2', 'line-3']);
    // Creating it again is Connect's 409, not a silent replace.
    const again = await failure(
      t.router.call('kafka.connect.connectors.create', { connectionId: id, name, config: created.config }),
    );
    expect(again.code).toBe('CONFLICT');
  }, 60_000);

  it('pauses (PAUSED) and resumes (RUNNING), and restarts the connector with its tasks', async () => {
    await t.router.call('kafka.connect.connectors.pause', { connectionId: id, name });
    await waitState(name, 'PAUSED');
    await t.router.call('kafka.connect.connectors.resume', { connectionId: id, name });
    await waitState(name, 'RUNNING');
    await t.router.call('kafka.connect.connectors.restart', { connectionId: id, name, includeTasks: true });
    await waitState(name, 'RUNNING');
    await t.router.call('kafka.connect.connectors.restart', {
      connectionId: id,
      name,
      includeTasks: true,
      onlyFailed: true,
    });
    await waitState(name, 'RUNNING');
    const e = await failure(
      t.router.call('kafka.connect.connectors.restart', { connectionId: id, name: `${name}-missing` }),
    );
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/Unknown connector/);
  }, 90_000);

  it('reads its offsets, refuses to alter them while running, and alters them once stopped', async () => {
    const read = await eventually(
      'source offsets flushed',
      async () => {
        const o = await t.router.call('kafka.connect.offsets.get', { connectionId: id, name });
        return o.offsets.length > 0 ? o : undefined;
      },
      20_000,
      500,
    );
    // FileStreamSource's offset is the byte position after the lines read: 3 lines of 7 bytes.
    expect(read.offsets).toEqual([{ partition: { filename: file }, offset: { position: 21 } }]);

    const running = await failure(
      t.router.call('kafka.connect.offsets.alter', {
        connectionId: id,
        name,
        offsets: [{ partition: { filename: file }, offset: { position: 0 } }],
      }),
    );
    expect(running.message).toMatch(/STOPPED/);

    await t.router.call('kafka.connect.connectors.stop', { connectionId: id, name });
    await waitState(name, 'STOPPED', []);
    const altered = await t.router.call('kafka.connect.offsets.alter', {
      connectionId: id,
      name,
      offsets: [{ partition: { filename: file }, offset: { position: 7 } }],
    });
    expect(altered.message).toMatch(/offsets/i);
    expect((await t.router.call('kafka.connect.offsets.get', { connectionId: id, name })).offsets).toEqual([
      { partition: { filename: file }, offset: { position: 7 } },
    ]);
    // Resumed from byte 7, it reads lines 2 and 3 again, and the new line 4.
    await appendFile(file, 'line-4\n');
    await t.router.call('kafka.connect.connectors.resume', { connectionId: id, name });
    await waitState(name, 'RUNNING');
    expect(await topicValues(topic, 6)).toEqual(['line-1', 'line-2', 'line-3', 'line-2', 'line-3', 'line-4']);
  }, 90_000);

  it('edits the config (validated first) and keeps the connector running', async () => {
    const before = await t.router.call('kafka.connect.connectors.describe', { connectionId: id, name });
    const bad = await failure(
      t.router.call('kafka.connect.connectors.update', {
        connectionId: id,
        name,
        config: { ...before.config, 'batch.size': 'lots' },
      }),
    );
    expect(bad.code).toBe('INVALID_INPUT');
    expect((await t.router.call('kafka.connect.connectors.describe', { connectionId: id, name })).config).toEqual(
      before.config,
    );
    const after = await t.router.call('kafka.connect.connectors.update', {
      connectionId: id,
      name,
      config: { ...before.config, 'batch.size': '500' },
    });
    expect(after.config['batch.size']).toBe('500');
    await waitState(name, 'RUNNING');
  }, 60_000);

  it('deletes only with the name typed', async () => {
    const wrong = await failure(
      t.router.call('kafka.connect.connectors.delete', { connectionId: id, name, confirmName: 'nope' }),
    );
    expect(wrong.code).toBe('INVALID_INPUT');
    expect((await stateOf(name)).state).toBe('RUNNING');
    const res = await t.router.call('kafka.connect.connectors.delete', { connectionId: id, name, confirmName: name });
    expect(res).toEqual({ name, deleted: true });
    await eventually('connector gone', async () => {
      const list = await t.router.call('kafka.connect.connectors.list', { connectionId: id });
      return list.some((c) => c.name === name) ? undefined : true;
    });
    const e = await failure(t.router.call('kafka.connect.connectors.describe', { connectionId: id, name }));
    expect(e.code).toBe('NOT_FOUND');
  }, 30_000);
});

describe('the Connect password', () => {
  it('is kept only while the Connect URL stays the same', async () => {
    const p = await t.connect('kafka', {
      ...profile,
      connect: { url: KAFKA_CONNECT_URL, username: 'ops', password: { action: 'set', value: 's3cret-connect' } },
    });
    expect(p.kind === 'kafka' && p.connect.password).toEqual({ set: true });
    const draftFor = (url: string) => ({
      kind: 'kafka' as const,
      name: p.name,
      brokers: [KAFKA_BOOTSTRAP],
      connect: { url, username: 'ops', password: { action: 'keep' as const } },
    });
    const e = await failure(
      t.router.call('connections.profiles.update', { id: p.id, draft: draftFor('http://127.0.0.2:8083') }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/Kafka Connect password.*Connect URL changed/);
    expect(e.message).not.toContain('s3cret-connect');
    // Same URL, other path spelling of the same place: kept.
    const saved = Profile.parse(
      await t.router.call('connections.profiles.update', { id: p.id, draft: draftFor(`${KAFKA_CONNECT_URL}/`) }),
    );
    expect(saved.kind === 'kafka' && saved.connect.password).toEqual({ set: true });
  });
});
