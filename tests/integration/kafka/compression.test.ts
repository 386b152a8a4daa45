/**
 * Compressed record batches written by a real non-Java producer: kcat
 * (librdkafka) produces ~200 keyed records with headers and one ~100 KB value
 * per codec into a 3-partition topic; the group-less reader (readPage and
 * openPartitionReader) and the router (kafka.messages.browse / get) must return
 * them byte for byte. gzip is the control. A raw Fetch first checks that the
 * broker really stored batches with the expected codec, so a producer default
 * can't silently turn this into an uncompressed test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../src/core/kafka/browse/pages';
import { openPartitionReader } from '../../../src/core/kafka/browse/openReader';
import { codecOfAttributes, type CompressionCodec } from '../../../src/core/kafka/protocol/compression';
import { FetchApi } from '../../../src/core/kafka/protocol/fetch';
import { splitBatches, type KafkaRecord } from '../../../src/core/kafka/protocol/records';
import type { BrowsePage, KafkaMessage, MessageBytes } from '../../../src/shared/contract/kafka/messages';
import { closeEnv, messagesEnv, type MessagesEnv } from '../kafka-messages/setup';
import { BROKERS } from './support';

const CODECS: readonly CompressionCodec[] = ['gzip', 'snappy', 'lz4', 'zstd'];
const N = 200;
const BIG = 100 * 1024;
const HEADERS = [
  { key: 'trace-id', value: 'abc-123' },
  { key: 'source', value: 'kcat' },
];

interface Sent {
  readonly key: string;
  readonly value: string;
}

/** Fails with the install hint when kcat is missing or lacks a codec. */
function requireKcat(): void {
  const v = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
  if (v.error || v.status !== 0) {
    throw new Error(
      `kcat is needed to produce snappy/lz4/zstd batches and was not found (${String(v.error ?? v.stderr)}): apt-get install kcat`,
    );
  }
  for (const codec of CODECS) {
    if (!v.stdout.includes(codec))
      throw new Error(`kcat was built without ${codec}: apt-get install kcat (librdkafka with ${codec})`);
  }
}

/** Text values (no tab/newline: kcat splits on them), compressible but not trivially so. */
function messages(codec: CompressionCodec): Sent[] {
  return Array.from({ length: N }, (_, i) => ({
    key: `k-${codec}-${i}`,
    value:
      i === 7
        ? `big-${codec}-` + `${randomBytes(BIG / 4).toString('base64')}${'x'.repeat(BIG / 2)}`.slice(0, BIG)
        : JSON.stringify({ i, codec, status: i % 10 === 0 ? 'failed' : 'ok', pad: randomBytes(24).toString('hex') }),
  }));
}

async function produce(topic: string, codec: CompressionCodec, sent: readonly Sent[]): Promise<void> {
  const args = ['-P', '-b', BROKERS.join(','), '-t', topic, '-z', codec, '-K', '\\t', '-X', 'linger.ms=100'];
  for (const h of HEADERS) args.push('-H', `${h.key}=${h.value}`);
  const child = spawn('kcat', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  child.stdin.end(sent.map((m) => `${m.key}\t${m.value}\n`).join(''));
  const code = await done;
  if (code !== 0) throw new Error(`kcat exited with ${String(code)}: ${stderr}`);
}

let env: MessagesEnv;
const topics = new Map<CompressionCodec, { topic: string; sent: Sent[] }>();

beforeAll(async () => {
  requireKcat();
  env = await messagesEnv();
  for (const codec of CODECS) {
    const topic = await env.fx.topic(`compression-${codec}`, 3);
    const sent = messages(codec);
    await produce(topic, codec, sent);
    topics.set(codec, { topic, sent });
  }
});

afterAll(async () => closeEnv(env));

const byKey = <T>(list: readonly T[], key: (t: T) => string): T[] =>
  [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const sortedSent = (sent: readonly Sent[]): Sent[] => byKey(sent, (m) => m.key);

function expectRecords(records: readonly KafkaRecord[], sent: readonly Sent[]): void {
  expect(records).toHaveLength(sent.length);
  const got = byKey(records, (r) => r.key?.toString('utf8') ?? '');
  const want = sortedSent(sent);
  for (let i = 0; i < want.length; i++) {
    const r = got[i];
    const w = want[i];
    if (!r || !w) throw new Error('length mismatch');
    expect(r.key?.equals(Buffer.from(w.key))).toBe(true);
    expect(r.value?.equals(Buffer.from(w.value))).toBe(true);
    expect(r.headers.map((h) => ({ key: h.key, value: h.value?.toString('utf8') }))).toEqual(HEADERS);
  }
}

function text(b: MessageBytes | null): string | null {
  if (b === null) return null;
  return b.encoding === 'utf8' ? b.data : Buffer.from(b.data, 'base64').toString('utf8');
}

describe.each(CODECS)('%s batches produced by kcat', (codec) => {
  const entry = (): { topic: string; sent: Sent[] } => {
    const e = topics.get(codec);
    if (!e) throw new Error(`no topic for ${codec}`);
    return e;
  };

  it('are stored compressed with that codec', async () => {
    const { topic } = entry();
    const meta = await env.fx.admin.fetchTopicMetadata({ topics: [topic] });
    const seen = new Set<string>();
    for (const p of meta.topics[0]?.partitions ?? []) {
      const { value } = await env.fx.wire.call(p.leader, FetchApi, {
        topic,
        partitions: [{ partition: p.partitionId, fetchOffset: 0, maxBytes: 4 << 20 }],
        isolation: 'read_committed',
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 16 << 20,
      });
      for (const fp of value) {
        for (const b of splitBatches(fp.records, 0).batches) seen.add(String(codecOfAttributes(b.attributes)));
      }
    }
    expect([...seen]).toEqual([codec]);
  });

  it('read back byte for byte by openPartitionReader and readPage', async () => {
    const { topic, sent } = entry();
    const { reader } = await openPartitionReader(env.fx.wire, {
      topic,
      partitions: { all: { kind: 'earliest' } },
      isolation: 'read_committed',
      deadline: Date.now() + 30_000,
    });
    const all: KafkaRecord[] = [];
    for await (const chunk of reader) all.push(...chunk.records);
    expectRecords(all, sent);

    const page = await readPage(env.fx.wire, { topic, start: { kind: 'oldest' }, pageSize: 1000 });
    expectRecords(page.records, sent);
  });

  it('read back byte for byte through the router (kafka.messages.browse and get)', async () => {
    const { topic, sent } = entry();
    const page = (await env.t.router.call('kafka.messages.browse', {
      connectionId: env.connectionId,
      topic,
      pageSize: 1000,
      start: { kind: 'oldest' },
    })) as BrowsePage;
    expect(page.messages).toHaveLength(sent.length);
    const got = byKey(page.messages, (m) => text(m.key) ?? '');
    const want = sortedSent(sent);
    let big: KafkaMessage | undefined;
    for (let i = 0; i < want.length; i++) {
      const m = got[i];
      const w = want[i];
      if (!m || !w || !m.value) throw new Error(`message ${i} missing`);
      expect(text(m.key)).toBe(w.key);
      expect(m.value.size).toBe(Buffer.byteLength(w.value));
      if (m.value.truncated) {
        big = m;
        expect(w.value.startsWith(text(m.value) ?? '')).toBe(true);
      } else {
        expect(text(m.value)).toBe(w.value);
      }
      expect(m.headers.map((h) => ({ key: h.key, value: text(h.value) }))).toEqual(HEADERS);
    }
    // The ~100 KB value comes as a preview in pages; `get` returns all of it.
    if (!big) throw new Error('the big value was not truncated in the page');
    const full = (await env.t.router.call('kafka.messages.get', {
      connectionId: env.connectionId,
      topic,
      partition: big.partition,
      offset: big.offset,
    })) as KafkaMessage;
    expect(full.value?.truncated).toBe(false);
    expect(text(full.value)).toBe(want.find((w) => w.key === text(big.key))?.value);
  });
});
