/**
 * Transactions, compaction, watermarks, tailing and cancellation against the
 * real broker: committed and aborted transactions under both isolation
 * levels, an open transaction holding the last stable offset back, a topic
 * actually compacted by the log cleaner (non-contiguous offsets), live tail,
 * and AbortSignal/deadline handling.
 */
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWatermarks } from '../../../src/core/kafka/browse/offsets';
import { readPage } from '../../../src/core/kafka/browse/pages';
import { openPartitionReader } from '../../../src/core/kafka/browse/openReader';
import type { KafkaRecord } from '../../../src/core/kafka/protocol/records';
import { isStackdeckError } from '../../../src/shared/errors';
import { eventually, kafkaFixture, RUN_ID, type KafkaFixture } from './support';

let fx: KafkaFixture;
let tx: Producer;

const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

async function readAll(topic: string, isolation: 'read_committed' | 'read_uncommitted'): Promise<KafkaRecord[]> {
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

beforeAll(async () => {
  fx = await kafkaFixture();
  tx = fx.kafka.producer({ transactionalId: `sd-it-tx-${RUN_ID}`, idempotent: true, maxInFlightRequests: 1 });
  await tx.connect();
});

afterAll(async () => {
  await tx?.disconnect();
  await fx?.close();
});

describe('transactions', () => {
  it('hides aborted records in read_committed, shows them in read_uncommitted, skips markers', async () => {
    const topic = await fx.topic('txn', 1);
    const committed = await tx.transaction();
    await committed.send({ topic, messages: [{ value: 'c0' }, { value: 'c1' }, { value: 'c2' }] });
    await committed.commit();
    const aborted = await tx.transaction();
    await aborted.send({ topic, messages: [{ value: 'a0' }, { value: 'a1' }] });
    await aborted.abort();
    await fx.producer.send({ topic, messages: [{ value: 'p0' }] });

    const rc = await readAll(topic, 'read_committed');
    expect(rc.map((r) => text(r.value))).toEqual(['c0', 'c1', 'c2', 'p0']);
    // Offset 3 is the commit marker, 4-5 the aborted records: a non-contiguous sequence. The
    // coordinator writes the abort marker after EndTxn returns, so p0 lands at 6 or 7 (marker after or before it).
    const p0Offset = rc[3]?.offset;
    expect([6, 7]).toContain(p0Offset);
    expect(rc.map((r) => r.offset)).toEqual([0, 1, 2, p0Offset]);
    expect(rc.map((r) => r.transactional)).toEqual([true, true, true, false]);

    const ru = await readAll(topic, 'read_uncommitted');
    expect(ru.map((r) => text(r.value))).toEqual(['c0', 'c1', 'c2', 'a0', 'a1', 'p0']);
    expect(ru.map((r) => r.offset)).toEqual([0, 1, 2, 4, 5, p0Offset]);

    // Pages cross the gaps and know there is nothing older.
    const page = await readPage(fx.wire, { topic, start: { kind: 'newest' }, pageSize: 10 });
    expect(page.records.map((r) => text(r.value))).toEqual(['p0', 'c2', 'c1', 'c0']);
    expect(page.older).toBeNull();
    const small = await readPage(fx.wire, { topic, start: { kind: 'newest' }, pageSize: 2 });
    expect(small.records.map((r) => text(r.value))).toEqual(['p0', 'c2']);
    const rest = await readPage(fx.wire, {
      topic,
      start: { kind: 'cursor', cursor: small.older as NonNullable<typeof small.older> },
      pageSize: 2,
    });
    expect(rest.records.map((r) => text(r.value))).toEqual(['c1', 'c0']);
    expect(rest.older).toBeNull();
  });

  it('reports the high watermark and the last stable offset apart while a transaction is open', async () => {
    const topic = await fx.topic('txn-open', 1);
    await fx.producer.send({ topic, messages: [{ value: 'before' }] });
    const open = await tx.transaction();
    try {
      await open.send({ topic, messages: [{ value: 'pending' }] });
      const [w] = await fetchWatermarks(fx.wire, topic);
      expect(w).toEqual({ partition: 0, logStartOffset: 0, highWatermark: 2, lastStableOffset: 1 });
      // kafkajs's admin.fetchTopicOffsets reads at READ_COMMITTED: its "high" is the LSO.
      const [kjs] = await fx.admin.fetchTopicOffsets(topic);
      expect(kjs?.high).toBe('1');

      expect((await readAll(topic, 'read_committed')).map((r) => text(r.value))).toEqual(['before']);
      expect((await readAll(topic, 'read_uncommitted')).map((r) => text(r.value))).toEqual(['before', 'pending']);
    } finally {
      await open.abort();
    }
    // The coordinator writes the abort marker after EndTxn returns: the LSO catches up once it lands.
    const after = await eventually(async () => {
      const [w] = await fetchWatermarks(fx.wire, topic);
      return w !== undefined && w.highWatermark === 3 ? w : undefined;
    });
    expect(after.lastStableOffset).toBe(after.highWatermark);
  });
});

describe('compaction', () => {
  it('reads a compacted partition across the gaps the cleaner left', { timeout: 90_000 }, async () => {
    const topic = await fx.topic('compact', 1, [
      { name: 'cleanup.policy', value: 'compact' },
      // Segments roll by time (Kafka 4 refuses segment.bytes below 1 MiB, so size cannot force it).
      { name: 'segment.ms', value: '100' },
      { name: 'min.cleanable.dirty.ratio', value: '0.0001' },
      { name: 'min.compaction.lag.ms', value: '0' },
      { name: 'delete.retention.ms', value: '0' },
    ]);
    // Even offsets overwrite one key, odd offsets are unique: compaction leaves every odd
    // offset and only the last "dup", so offsets become 1, 3, 5, ... with holes between.
    for (let round = 0; round < 3; round++) {
      await fx.producer.send({
        topic,
        messages: Array.from({ length: 20 }, (_, j) => {
          const i = round * 20 + j;
          return { key: i % 2 === 0 ? 'dup' : `u${i}`, value: `v${i}` };
        }),
      });
      await new Promise((r) => setTimeout(r, 150));
    }
    // The cleaner never touches the active segment: keep rolling it until a pass has run.
    const survivors = await eventually(
      async () => {
        await fx.producer.send({ topic, messages: [{ key: 'roll', value: 'roll' }] });
        const all = await readAll(topic, 'read_committed');
        return all.some((r) => r.offset === 0) ? undefined : all;
      },
      60_000,
      2_000,
    );

    const offsets = survivors.map((r) => r.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(offsets.some((o, i) => i > 0 && o !== (offsets[i - 1] ?? 0) + 1)).toBe(true);
    const vals = survivors.map((r) => text(r.value));
    for (let i = 1; i < 60; i += 2) expect(vals).toContain(`v${i}`);
    expect(survivors.filter((r) => text(r.key) === 'dup').map((r) => text(r.value))).toEqual(['v58']);
    const [w] = await fetchWatermarks(fx.wire, topic);
    expect(w?.logStartOffset).toBe(0); // compaction keeps the log start; the gaps are inside

    // Page backwards through the holes: every survivor exactly once.
    const seen: Array<string | null> = [];
    let page = await readPage(fx.wire, { topic, start: { kind: 'newest' }, pageSize: 6 });
    for (;;) {
      seen.push(...page.records.map((r) => text(r.value)));
      if (!page.older) break;
      page = await readPage(fx.wire, { topic, start: { kind: 'cursor', cursor: page.older }, pageSize: 6 });
    }
    expect(seen.reverse()).toEqual(vals);
  });
});

describe('tail and cancellation', () => {
  it('follows new records as they arrive', async () => {
    const topic = await fx.topic('tail', 2);
    await fx.producer.send({ topic, messages: [{ value: 'old', partition: 0 }] });
    const ac = new AbortController();
    const { reader } = await openPartitionReader(fx.wire, {
      topic,
      partitions: { all: { kind: 'latest' } },
      follow: true,
      signal: ac.signal,
    });
    setTimeout(() => {
      void fx.producer.send({
        topic,
        messages: [
          { value: 'n0', partition: 0 },
          { value: 'n1', partition: 1 },
          { value: 'n2', partition: 1 },
        ],
      });
    }, 300);
    const got: string[] = [];
    for await (const chunk of reader) {
      got.push(...chunk.records.map((r) => String(text(r.value))));
      if (got.length >= 3) break;
    }
    ac.abort();
    expect(got.sort()).toEqual(['n0', 'n1', 'n2']);
  });

  it('stops within a second of an abort while waiting on the broker', async () => {
    const topic = await fx.topic('cancel', 1);
    const ac = new AbortController();
    const { reader } = await openPartitionReader(fx.wire, {
      topic,
      partitions: { all: { kind: 'latest' } },
      follow: true,
      signal: ac.signal,
      maxWaitMs: 5_000,
    });
    const started = Date.now();
    setTimeout(() => ac.abort(), 200);
    const err = await (async () => {
      for await (const _ of reader) void _;
    })().then(
      () => null,
      (e: unknown) => e,
    );
    const stoppedAfter = Date.now() - started;
    expect(isStackdeckError(err) && err.code).toBe('CANCELLED');
    expect(stoppedAfter).toBeLessThan(1_000);
  });

  it('ends with TIMEOUT at the deadline', async () => {
    const topic = await fx.topic('deadline', 1);
    const { reader } = await openPartitionReader(fx.wire, {
      topic,
      partitions: { all: { kind: 'latest' } },
      follow: true,
      deadline: Date.now() + 400,
    });
    const err = await (async () => {
      for await (const _ of reader) void _;
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isStackdeckError(err) && err.code).toBe('TIMEOUT');
  });

  it('is cancelled before it starts when the signal is already aborted', async () => {
    const err = await readPage(fx.wire, {
      topic: 'anything',
      start: { kind: 'newest' },
      signal: AbortSignal.abort(),
    }).catch((e: unknown) => e);
    expect(isStackdeckError(err) && err.code).toBe('CANCELLED');
  });
});
