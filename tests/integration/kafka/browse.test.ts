/**
 * Group-less browsing against the real broker: newest-N pages across
 * partitions with cursors, offset and timestamp starts, bad offsets, raw bytes
 * (binary and null keys, tombstones, headers), gzip, a 1 MB record, and that
 * reading leaves no consumer group behind.
 */
import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWatermarks } from '../../../src/core/kafka/browse/offsets';
import { readPage, type Page } from '../../../src/core/kafka/browse/pages';
import { openPartitionReader } from '../../../src/core/kafka/browse/openReader';
import type { KafkaRecord } from '../../../src/core/kafka/protocol/records';
import { isStackdeckError } from '../../../src/shared/errors';
import { groupIds, kafkaFixture, type KafkaFixture } from './support';
import { KAFKA_LINES } from '../../support/kafka-brokers';

const { CompressionTypes } = kafkajs;

let fx: KafkaFixture;
let pagesTopic: string;
/** Message i goes to partition i % 3 with timestamp BASE + i s, so partition offset = floor(i / 3). */
const BASE = Date.now() - 3_600_000;
const N = 90;

const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));
const values = (records: readonly KafkaRecord[]): Array<string | null> => records.map((r) => text(r.value));
const range = (from: number, to: number, step = 1): string[] => {
  const out: string[] = [];
  for (let i = from; step > 0 ? i <= to : i >= to; i += step) out.push(`v${i}`);
  return out;
};

async function readAll(
  topic: string,
  isolation: 'read_committed' | 'read_uncommitted' = 'read_committed',
): Promise<KafkaRecord[]> {
  const { reader } = await openPartitionReader(fx.wire, {
    topic,
    partitions: { all: { kind: 'earliest' } },
    isolation,
    deadline: Date.now() + 20_000,
  });
  const out: KafkaRecord[] = [];
  for await (const chunk of reader) out.push(...chunk.records);
  return out;
}

// The group-less reader on both release lines the stack runs (tests/support/kafka-brokers.ts).
describe.each(KAFKA_LINES)('Kafka $line ($bootstrap)', ({ bootstrap }) => {
  beforeAll(async () => {
    fx = await kafkaFixture([bootstrap]);
    pagesTopic = await fx.topic('pages', 3);
    await fx.producer.send({
      topic: pagesTopic,
      messages: Array.from({ length: N }, (_, i) => ({
        key: `k${i}`,
        value: `v${i}`,
        partition: i % 3,
        timestamp: String(BASE + i * 1000),
      })),
    });
  });

  afterAll(async () => {
    await fx?.close();
  });

  describe('pages across partitions', () => {
    it('reads the newest N across 3 partitions, then older and newer pages by cursor', async () => {
      const first = await readPage(fx.wire, { topic: pagesTopic, start: { kind: 'newest' }, pageSize: 10 });
      expect(first.order).toBe('newest-first');
      expect(values(first.records)).toEqual(range(89, 80, -1));
      expect(first.newer).toBeNull();
      expect(first.older).not.toBeNull();
      // Cursors are plain JSON.
      const olderCursor = JSON.parse(JSON.stringify(first.older)) as NonNullable<Page['older']>;

      const second = await readPage(fx.wire, {
        topic: pagesTopic,
        start: { kind: 'cursor', cursor: olderCursor },
        pageSize: 10,
      });
      expect(values(second.records)).toEqual(range(79, 70, -1));
      expect(second.newer).not.toBeNull();

      const back = await readPage(fx.wire, {
        topic: pagesTopic,
        start: { kind: 'cursor', cursor: second.newer as NonNullable<Page['newer']> },
        pageSize: 10,
      });
      expect(back.order).toBe('oldest-first');
      expect(values(back.records)).toEqual(range(80, 89));
      expect(back.newer).toBeNull();
    });

    it('walks every record exactly once going back page by page', async () => {
      const seen: string[] = [];
      let page = await readPage(fx.wire, { topic: pagesTopic, start: { kind: 'newest' }, pageSize: 7 });
      for (;;) {
        seen.push(...values(page.records).map(String));
        if (!page.older) break;
        page = await readPage(fx.wire, {
          topic: pagesTopic,
          start: { kind: 'cursor', cursor: page.older },
          pageSize: 7,
        });
      }
      expect(seen).toEqual(range(N - 1, 0, -1));
    });

    it('starts from an offset in every partition', async () => {
      const page = await readPage(fx.wire, { topic: pagesTopic, start: { kind: 'offset', offset: 25 }, pageSize: 100 });
      expect(page.order).toBe('oldest-first');
      expect(values(page.records)).toEqual(range(75, 89));
      expect(page.newer).toBeNull();
      expect(page.older?.positions).toEqual([0, 1, 2].map((partition) => ({ partition, offset: 25 })));
    });

    it('starts from a timestamp (ListOffsets by time)', async () => {
      const page = await readPage(fx.wire, {
        topic: pagesTopic,
        start: { kind: 'timestamp', timestamp: BASE + 45_500 },
        pageSize: 5,
      });
      expect(values(page.records)).toEqual(range(46, 50));
      const ts = page.records.map((r) => r.timestamp);
      expect(ts).toEqual([...ts].sort((a, b) => a - b));
      expect(page.records.every((r) => r.timestampType === 'create')).toBe(true);
    });

    it('returns an empty page, noted, for a timestamp after the last record', async () => {
      const page = await readPage(fx.wire, {
        topic: pagesTopic,
        start: { kind: 'timestamp', timestamp: Date.now() + 86_400_000 },
        pageSize: 10,
      });
      expect(page.records).toEqual([]);
      expect(page.newer).toBeNull();
      expect(page.partitions.every((p) => p.note === 'timestamp-after-last-record')).toBe(true);
    });

    it('reads the last N of one partition', async () => {
      const { reader, starts } = await openPartitionReader(fx.wire, {
        topic: pagesTopic,
        partitions: [{ partition: 1, start: { kind: 'latest', count: 5 } }],
      });
      expect(starts[0]).toMatchObject({
        partition: 1,
        offset: 25,
        watermarks: { logStartOffset: 0, highWatermark: 30, lastStableOffset: 30 },
      });
      const got: KafkaRecord[] = [];
      for await (const c of reader) got.push(...c.records);
      expect(got.map((r) => r.offset)).toEqual([25, 26, 27, 28, 29]);
      expect(got.every((r) => r.partition === 1)).toBe(true);
    });
  });

  describe('bad input', () => {
    it('rejects an offset past the end with the valid range, and accepts the end itself', async () => {
      for (const attempt of [
        () => readPage(fx.wire, { topic: pagesTopic, start: { kind: 'offset', offset: 31 }, pageSize: 10 }),
        () =>
          openPartitionReader(fx.wire, {
            topic: pagesTopic,
            partitions: [{ partition: 0, start: { kind: 'offset', offset: 1000 } }],
          }),
      ]) {
        const err = await attempt().then(
          () => null,
          (e: unknown) => e,
        );
        expect(isStackdeckError(err) && err.code).toBe('INVALID_INPUT');
        expect(String((err as Error).message)).toMatch(/past the end of partition 0 .*from 0 to 30/);
      }
      const atEnd = await readPage(fx.wire, { topic: pagesTopic, start: { kind: 'offset', offset: 30 }, pageSize: 10 });
      expect(atEnd.records).toEqual([]);
      const clamped = await openPartitionReader(fx.wire, {
        topic: pagesTopic,
        partitions: [{ partition: 0, start: { kind: 'offset', offset: 1000 } }],
        outOfRange: 'clamp',
      });
      expect(clamped.starts[0]).toMatchObject({ offset: 30, note: 'clamped-to-end' });
    });

    it('reports a missing topic and a missing partition', async () => {
      const missing = await readPage(fx.wire, { topic: `${pagesTopic}-nope`, start: { kind: 'newest' } }).catch(
        (e: unknown) => e,
      );
      expect(isStackdeckError(missing) && missing.code).toBe('NOT_FOUND');
      const badPartition = await readPage(fx.wire, {
        topic: pagesTopic,
        partitions: [7],
        start: { kind: 'newest' },
      }).catch((e: unknown) => e);
      expect(isStackdeckError(badPartition) && badPartition.code).toBe('INVALID_INPUT');
    });
  });

  describe('raw bytes', () => {
    it('returns binary and null keys, tombstones and headers byte for byte', async () => {
      const topic = await fx.topic('bytes', 1);
      const binaryKey = Buffer.from([0xff, 0xfe, 0x00, 0x80]);
      const invalidUtf8 = Buffer.from([0xc3, 0x28, 0xa0, 0xa1]);
      await fx.producer.send({
        topic,
        messages: [
          { key: binaryKey, value: invalidUtf8, headers: { bin: Buffer.from([0x00, 0xff]), dup: ['a', 'b'] } },
          { key: null, value: 'no key' },
          { key: 'gone', value: null },
        ],
      });
      const [a, b, c] = await readAll(topic);
      expect(a?.key?.equals(binaryKey)).toBe(true);
      expect(a?.value?.equals(invalidUtf8)).toBe(true);
      expect(a?.headers.map((h) => [h.key, h.value?.toString('hex')])).toEqual([
        ['bin', '00ff'],
        ['dup', '61'],
        ['dup', '62'],
      ]);
      expect(b?.key).toBeNull();
      expect(text(b?.value ?? null)).toBe('no key');
      expect(text(c?.key ?? null)).toBe('gone');
      expect(c?.value).toBeNull();
      expect(a?.sizeBytes).toBeGreaterThan(binaryKey.length + invalidUtf8.length);
    });

    it('decompresses gzip batches', async () => {
      const topic = await fx.topic('gzip', 1);
      await fx.producer.send({
        topic,
        compression: CompressionTypes.GZIP,
        messages: Array.from({ length: 50 }, (_, i) => ({ value: `gz${i} ${'z'.repeat(100)}` })),
      });
      const got = await readAll(topic);
      expect(got.map((r) => text(r.value)?.split(' ')[0])).toEqual(Array.from({ length: 50 }, (_, i) => `gz${i}`));
    });

    it('reads a 1 MB record, and large batches in every partition however small the byte limit', async () => {
      const topic = await fx.topic('large', 2, [{ name: 'max.message.bytes', value: String(3 * 1024 * 1024) }]);
      const big = randomBytes(1024 * 1024);
      const mid = [randomBytes(300 * 1024), randomBytes(300 * 1024), randomBytes(300 * 1024)];
      // Separate sends: one batch each.
      for (const value of mid) await fx.producer.send({ topic, messages: [{ value, partition: 0 }] });
      await fx.producer.send({ topic, messages: [{ key: 'big', value: big, partition: 1 }] });
      await fx.producer.send({ topic, messages: [{ value: 'after', partition: 1 }] });
      // Every batch exceeds the 16 KiB partition limit. A Kafka 3.x broker serves only the first
      // partition of a request past its limit and returns the others empty; the reader rotates
      // the partition order so each gets its turn (otherwise partition 1 waits until 0 is drained).
      const { reader } = await openPartitionReader(fx.wire, {
        topic,
        partitions: { all: { kind: 'earliest' } },
        partitionMaxBytes: 16 * 1024,
      });
      const got: KafkaRecord[] = [];
      for await (const c of reader) got.push(...c.records);
      const large = got.find((r) => text(r.key) === 'big');
      expect(large?.value?.equals(big)).toBe(true);
      expect(large?.sizeBytes).toBeGreaterThan(1024 * 1024);
      expect(got.filter((r) => r.partition === 0).map((r) => r.value?.equals(mid[r.offset] as Buffer))).toEqual([
        true,
        true,
        true,
      ]);
      expect(got.map((r) => `${r.partition}:${r.offset}`).sort()).toEqual(['0:0', '0:1', '0:2', '1:0', '1:1']);
      // And with the defaults, through a page.
      const page = await readPage(fx.wire, { topic, start: { kind: 'newest' }, pageSize: 5 });
      expect(page.records.find((r) => text(r.key) === 'big')?.value?.equals(big)).toBe(true);
    });
  });

  describe('no group left behind', () => {
    it('lists the same consumer groups before and after browsing and tailing', async () => {
      const before = await groupIds(fx.admin);
      await readPage(fx.wire, { topic: pagesTopic, start: { kind: 'newest' }, pageSize: 20 });
      await readPage(fx.wire, { topic: pagesTopic, start: { kind: 'timestamp', timestamp: BASE }, pageSize: 20 });
      await readAll(pagesTopic);
      await fetchWatermarks(fx.wire, pagesTopic);
      const ac = new AbortController();
      const { reader } = await openPartitionReader(fx.wire, {
        topic: pagesTopic,
        partitions: { all: { kind: 'latest' } },
        follow: true,
        signal: ac.signal,
      });
      setTimeout(() => ac.abort(), 300);
      await (async () => {
        for await (const _ of reader) void _;
      })().catch(() => undefined);
      expect(await groupIds(fx.admin)).toEqual(before);
    });
  });
});
