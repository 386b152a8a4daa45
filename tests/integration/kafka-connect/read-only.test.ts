/**
 * The read-only guard for kafka.connect.*, as tests/integration/hardening/kafka-read-only.test.ts
 * does it for the broker, with the Connect worker's state as the oracle
 * (connectors, their configs and states, a fixture connector's offsets), read
 * straight from its REST API, not through Stackdeck.
 * (a) Every method flagged `writes`, with valid input, on a read-only profile:
 *     READ_ONLY, and the worker unchanged.
 * (b) Every method not flagged `writes` on a writable profile: the worker unchanged.
 * Every kafka.connect.* method must be classified here.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../src/shared/contract';
import { StackdeckError } from '../../../src/shared/errors';
import kafka, { KAFKA_BOOTSTRAP } from '../../stack/servers/kafka.js';
import { KAFKA_CONNECT_URL, kafkaConnect } from '../../stack/servers/kafka-connect.js';
import { startTestCore, type TestCore } from '../../support/core';
import { eventually, requireServer, uniqueName } from '../helpers/servers';

const SOURCE = 'org.apache.kafka.connect.file.FileStreamSourceConnector';
const F = uniqueName('sd-connect-ro');
const NEW = `${F}-new`;
const TOPIC = uniqueName('sd-connect-ro');

let t: TestCore;
let readOnlyId: string;
let writableId: string;
let dir: string;
let file: string;

type Input = Record<string, unknown>;
const config = (): Record<string, string> => ({ 'connector.class': SOURCE, file, topic: TOPIC, 'tasks.max': '1' });

const WRITERS: Record<string, () => Input> = {
  'kafka.connect.connectors.create': () => ({ name: NEW, config: config() }),
  'kafka.connect.connectors.update': () => ({ name: F, config: { ...config(), 'batch.size': '7' } }),
  'kafka.connect.connectors.pause': () => ({ name: F }),
  'kafka.connect.connectors.resume': () => ({ name: F }),
  'kafka.connect.connectors.stop': () => ({ name: F }),
  'kafka.connect.connectors.restart': () => ({ name: F, includeTasks: true }),
  'kafka.connect.connectors.delete': () => ({ name: F, confirmName: F }),
  'kafka.connect.offsets.alter': () => ({
    name: F,
    offsets: [{ partition: { filename: file }, offset: { position: 0 } }],
  }),
  'kafka.connect.offsets.reset': () => ({ name: F }),
};

const READERS: Record<string, () => Input> = {
  'kafka.connect.info': () => ({}),
  'kafka.connect.plugins': () => ({}),
  'kafka.connect.connectors.list': () => ({}),
  'kafka.connect.connectors.describe': () => ({ name: F }),
  'kafka.connect.connectors.validate': () => ({ config: { ...config(), name: NEW } }),
  'kafka.connect.offsets.get': () => ({ name: F }),
};

/** A GET straight to the worker; its 409 during a rebalance is asked again, as any client must. */
async function rest(path: string): Promise<unknown> {
  for (let i = 0; ; i++) {
    const res = await fetch(`${KAFKA_CONNECT_URL}${path}`, { signal: AbortSignal.timeout(10_000) });
    if (res.status !== 409 || i >= 60) return res.json();
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** What any Connect method could change, for the connectors of this file. */
async function snapshot(): Promise<string> {
  const all = (await rest('/connectors?expand=status&expand=info')) as Record<
    string,
    { status: { connector: { state: string }; tasks: { state: string }[] }; info: { config: unknown } }
  >;
  const mine = Object.entries(all)
    .filter(([name]) => name.startsWith(F))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, v]) => ({
      name,
      state: v.status.connector.state,
      tasks: v.status.tasks.map((x) => x.state),
      config: v.info.config,
    }));
  return JSON.stringify({ mine, offsets: await rest(`/connectors/${F}/offsets`) });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The worker's state once it holds still: a rebalance (the previous file's connectors going away)
 * moves task states through UNASSIGNED by itself, which is not a method's doing.
 */
async function settled(): Promise<string> {
  let last = await snapshot();
  for (let i = 0; i < 40; i++) {
    await sleep(500);
    const next = await snapshot();
    if (next === last) return next;
    last = next;
  }
  return last;
}

/** The state after a call: equal to `before` once settled, or what it settled to instead. */
async function after(before: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  let now = await snapshot();
  while (now !== before && Date.now() < deadline) {
    await sleep(500);
    now = await snapshot();
  }
  return now === before ? now : settled();
}

beforeAll(async () => {
  await Promise.all([requireServer(kafka), requireServer(kafkaConnect)]);
  dir = await mkdtemp(join(tmpdir(), 'sd-connect-ro-'));
  file = join(dir, 'in.txt');
  await writeFile(file, 'one\ntwo\n');
  t = await startTestCore();
  const profile = { brokers: [KAFKA_BOOTSTRAP], connect: { url: KAFKA_CONNECT_URL } };
  writableId = (await t.connect('kafka', { ...profile, name: `rw ${F}` })).id;
  readOnlyId = (await t.connect('kafka', { ...profile, name: `ro ${F}`, readOnly: true })).id;
  await t.router.call('kafka.topics.create', {
    connectionId: writableId,
    name: TOPIC,
    partitions: 1,
    replicationFactor: 1,
  });
  await t.router.call('kafka.connect.connectors.create', { connectionId: writableId, name: F, config: config() });
  // Settled: running, and its offsets flushed (the snapshot must not move by itself).
  await eventually(
    'fixture connector running with offsets',
    async () => {
      const o = (await rest(`/connectors/${F}/offsets`)) as { offsets?: unknown[] };
      const s = (await rest(`/connectors/${F}/status`)) as { connector?: { state?: string } };
      return s.connector?.state === 'RUNNING' && (o.offsets?.length ?? 0) > 0 ? true : undefined;
    },
    30_000,
    250,
  );
}, 60_000);

afterAll(async () => {
  if (t) {
    for (const name of [F, NEW]) {
      await t.router
        .call('kafka.connect.connectors.delete', { connectionId: writableId, name, confirmName: name })
        .catch(() => undefined);
    }
    await t.router
      .call('kafka.topics.delete', { connectionId: writableId, topic: TOPIC, confirmName: TOPIC })
      .catch(() => undefined);
    await t.close();
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function attempt(name: string, input: Input, connectionId: string): Promise<StackdeckError | null> {
  try {
    await t.router.call(name as MethodName, { connectionId, ...input } as never);
    return null;
  } catch (e) {
    return e as StackdeckError;
  }
}

it('every kafka.connect.* method is classified here, by the flag the guard reads', () => {
  const names = Object.keys(contract).filter((n) => n.startsWith('kafka.connect.'));
  expect(names.filter((n) => !(n in WRITERS) && !(n in READERS))).toEqual([]);
  for (const n of names) {
    const writes = (contract as Record<string, { writes?: boolean }>)[n]?.writes === true;
    expect({ n, writes }).toEqual({ n, writes: n in WRITERS });
  }
});

describe('methods not flagged as writing leave the worker unchanged (writable profile)', () => {
  it.each(Object.keys(READERS))('%s', async (name) => {
    const before = await settled();
    expect(await attempt(name, (READERS[name] as () => Input)(), writableId)).toBeNull();
    expect(await after(before)).toBe(before);
  });
});

describe('writing methods on a read-only profile: READ_ONLY and the worker unchanged', () => {
  it.each(Object.keys(WRITERS))('%s', async (name) => {
    const before = await settled();
    const err = await attempt(name, (WRITERS[name] as () => Input)(), readOnlyId);
    expect(err?.code).toBe('READ_ONLY');
    // Give a write that slipped through time to show.
    await sleep(300);
    expect(await after(before)).toBe(before);
  });
});
