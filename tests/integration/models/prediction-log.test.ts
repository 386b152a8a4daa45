import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../src/core/app';
import { FileKeyCipher } from '../../../src/core/connections';
import { createModelsArea } from '../../../src/core/models';
import type {
  ArtifactOpened,
  Deployment,
  GeneratedFile,
  PredictionLogSink,
  PredictionLogStatus,
  SmokeResult,
} from '../../../src/shared/contract/models';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import { modelsPython } from '../../support/models-venv';
import { eventually } from '../helpers/servers';
import { churnModel, churnSchema } from './fixtures';
import { KAFKA_BOOTSTRAP } from '../../support/kafka-brokers';

/**
 * The prediction log against the real Kafka (9092) and FerretDB (27017): the
 * generated service (2 gunicorn workers) appends one line per prediction,
 * core tails the file and forwards through a saved connection; every record
 * is read back from the topic / collection with every field. A sink that is
 * down keeps records queued, then drops the oldest past the bound, counted.
 */
let dir: string;
let core: Core;
let python: string;
let model: string;
const tag = Date.now().toString(36);

const call = <T>(name: string, input: unknown) => core.router.call(name as never, input as never) as Promise<T>;

async function save(d: ProfileDraftInput): Promise<string> {
  return (await call<{ id: string }>('connections.profiles.create', { draft: d })).id;
}

async function deploy(name: string, predictionLog: PredictionLogSink): Promise<Deployment> {
  const gen = await call<{ dir: string; files: GeneratedFile[] }>('models.service.generate', {
    path: model,
    schema: churnSchema(name),
  });
  const out = await call<{ deployment: Deployment; smoke: SmokeResult }>('models.deploy.start', {
    dir: gen.dir,
    python,
    workers: 2,
    predictionLog,
  });
  expect(out.smoke.ok, out.smoke.error ?? '').toBe(true);
  return out.deployment;
}

/** 5 single rows and one batch of 10 (plus the smoke test's row): 16 predictions. */
async function predict(url: string): Promise<Record<string, unknown>[]> {
  const rows = Array.from({ length: 15 }, (_, i) => ({ tenure: i, monthly_charges: 20 + i, total_charges: 100 * i }));
  for (const r of rows.slice(0, 5)) {
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': `single-${r.tenure}` },
      body: JSON.stringify(r),
    });
    expect(res.status).toBe(200);
  }
  const res = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'batch-1' },
    body: JSON.stringify(rows.slice(5)),
  });
  expect(res.status).toBe(200);
  return rows;
}

const status = async (id: string) =>
  (await call<{ status: PredictionLogStatus | null }>('models.predictionLog.status', { id })).status;

function checkRecords(records: Record<string, unknown>[], rows: Record<string, unknown>[], sha256: string): void {
  expect(records).toHaveLength(16);
  for (const r of records) {
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining([
        'id',
        'request_id',
        'row',
        'time',
        'inputs',
        'output',
        'probabilities',
        'latency_ms',
        'model_sha256',
        'version',
      ]),
    );
    expect(r.model_sha256).toBe(sha256);
    expect(['Yes', 'No']).toContain(r.output);
    expect(Object.keys(r.probabilities as object).sort()).toEqual(['No', 'Yes']);
    expect(typeof r.latency_ms).toBe('number');
    expect(Number.isNaN(Date.parse(String(r.time)))).toBe(false);
  }
  const batch = records.filter((r) => r.request_id === 'batch-1').sort((a, b) => Number(a.row) - Number(b.row));
  expect(batch.map((r) => r.inputs)).toEqual(rows.slice(5));
  for (let i = 0; i < 5; i++) expect(records.find((r) => r.request_id === `single-${i}`)?.inputs).toEqual(rows[i]);
  expect(new Set(records.map((r) => r.id)).size).toBe(16);
}

beforeAll(async () => {
  python = modelsPython();
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-it-predlog-'));
  model = churnModel(dir);
  core = await createCore({
    userDataDir: join(dir, 'data'),
    cipher: new FileKeyCipher(dir),
    validateOutputs: true,
    areas: [
      (env) => createModelsArea(env, { supervisor: { pollMs: 1000 }, predictionLog: { pollMs: 200, maxQueue: 20 } }),
    ],
  });
  const o = await call<ArtifactOpened>('models.artifact.open', { path: model });
  await call('models.trust.set', { path: model, sha256: o.artifact.sha256, trusted: true });
  await call('models.inspect', { path: model, interpreter: python });
}, 900_000);

afterAll(async () => {
  await core?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('models: prediction log', () => {
  it('refuses a bad topic or collection name before starting anything', async () => {
    const before = (await call<{ deployments: Deployment[] }>('models.deploy.list', {})).deployments.length;
    const gen = await call<{ dir: string }>('models.service.generate', {
      path: model,
      schema: churnSchema(`predlog-bad-${tag}`),
    });
    for (const predictionLog of [
      { kind: 'kafka', connectionId: 'x', topic: 'bad topic!' },
      { kind: 'mongo', connectionId: 'x', database: 'a/b', collection: 'c' },
      { kind: 'mongo', connectionId: 'x', database: 'a', collection: 'system.users' },
    ]) {
      const err = await call('models.deploy.start', { dir: gen.dir, python, predictionLog }).then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
      expect(err?.code).toBe('INVALID_INPUT');
    }
    expect((await call<{ deployments: Deployment[] }>('models.deploy.list', {})).deployments).toHaveLength(before);
  });

  it('forwards every prediction to a Kafka topic through a saved connection', async () => {
    const connectionId = await save({ kind: 'kafka', name: `predlog-kafka-${tag}`, brokers: [KAFKA_BOOTSTRAP] });
    const topic = `predlog-${tag}`;
    const d = await deploy(`predlog-k-${tag}`, { kind: 'kafka', connectionId, topic });
    const rows = await predict(d.url);
    const s = await eventually(
      'the Kafka sink forwarded 16',
      async () => {
        const st = await status(d.id);
        return st !== null && st.forwarded >= 16 ? st : undefined;
      },
      60_000,
      200,
    );
    expect(s).toMatchObject({ forwarded: 16, dropped: 0, queued: 0, malformed: 0, lastError: null });
    const kafka = new kafkajs.Kafka({ brokers: [KAFKA_BOOTSTRAP], logLevel: kafkajs.logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `predlog-it-${tag}` });
    const records: Record<string, unknown>[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const r = JSON.parse(message.value!.toString()) as Record<string, unknown>;
          expect(message.key?.toString()).toBe(r.id);
          records.push(r);
        },
      });
      await eventually(
        '16 records read from the topic',
        async () => (records.length >= 16 ? true : undefined),
        60_000,
        200,
      );
      await new Promise((r) => setTimeout(r, 500)); // nothing more than the 16
    } finally {
      await consumer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
    checkRecords(records, rows, d.sha256);
    const final = await call<Deployment>('models.deploy.stop', { id: d.id });
    expect(final.status).toBe('stopped');
    expect((await status(d.id))?.forwarded).toBe(16);
  }, 180_000);

  it('forwards every prediction to a MongoDB collection (FerretDB) through a saved connection', async () => {
    const connectionId = await save({
      kind: 'mongo',
      name: `predlog-mongo-${tag}`,
      endpoint: { mode: 'fields', hosts: ['127.0.0.1:27017'] },
    });
    const database = `predlog_${tag}`;
    const d = await deploy(`predlog-m-${tag}`, { kind: 'mongo', connectionId, database, collection: 'predictions' });
    const rows = await predict(d.url);
    const s = await eventually(
      'the Mongo sink forwarded 16',
      async () => {
        const st = await status(d.id);
        return st !== null && st.forwarded >= 16 ? st : undefined;
      },
      60_000,
      200,
    );
    expect(s).toMatchObject({ forwarded: 16, dropped: 0, queued: 0, lastError: null });
    const client = new MongoClient('mongodb://127.0.0.1:27017/?directConnection=true');
    try {
      const docs = await client.db(database).collection<{ _id: string }>('predictions').find({}).toArray();
      for (const doc of docs) expect(doc._id).toBe((doc as unknown as { id: string }).id);
      checkRecords(docs as unknown as Record<string, unknown>[], rows, d.sha256);
    } finally {
      await client
        .db(database)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    }
    await call('models.deploy.stop', { id: d.id });
  }, 180_000);

  it('keeps records queued while the sink is down, drops the oldest past the bound (counted), and recovers', async () => {
    // A saved connection to a port nothing listens on: every send fails.
    const connectionId = await save({
      kind: 'mongo',
      name: `predlog-down-${tag}`,
      endpoint: { mode: 'fields', hosts: ['127.0.0.1:1'] },
    });
    const d = await deploy(`predlog-d-${tag}`, {
      kind: 'mongo',
      connectionId,
      database: `predlog_down_${tag}`,
      collection: 'predictions',
    });
    await predict(d.url);
    await predict(d.url); // 31 predictions for a queue of 20
    const s = await eventually(
      'records queued while the sink is down',
      async () => {
        const st = await status(d.id);
        return st !== null && st.lastError !== null && st.queued + st.dropped >= 31 ? st : undefined;
      },
      60_000,
      200,
    );
    expect(s.forwarded).toBe(0);
    expect(s.queued).toBe(20);
    expect(s.dropped).toBe(11);
    // The connection is fixed (edited to the real server): the queued records go out, the dropped stay counted.
    const database = `predlog_down_${tag}`;
    await call('connections.profiles.update', {
      id: connectionId,
      draft: { kind: 'mongo', name: `predlog-down-${tag}`, endpoint: { mode: 'fields', hosts: ['127.0.0.1:27017'] } },
    });
    const recovered = await eventually(
      'the queued records forwarded after the fix',
      async () => {
        const st = await status(d.id);
        return st !== null && st.forwarded >= 20 ? st : undefined;
      },
      90_000,
      200,
    );
    expect(recovered).toMatchObject({ forwarded: 20, queued: 0, dropped: 11, lastError: null });
    const client = new MongoClient('mongodb://127.0.0.1:27017/?directConnection=true');
    try {
      expect(await client.db(database).collection('predictions').countDocuments()).toBe(20);
    } finally {
      await client
        .db(database)
        .dropDatabase()
        .catch(() => undefined);
      await client.close();
    }
    const final = await call<Deployment>('models.deploy.stop', { id: d.id });
    expect(final.status).toBe('stopped');
  }, 240_000);
});
