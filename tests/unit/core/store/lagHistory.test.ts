import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LagHistory, type LagSampleRow } from '../../../../src/core/store/lagHistory';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 0, 10, 0, 0, 0);

function row(ts: number, lag: number | null, over: Partial<LagSampleRow> = {}): LagSampleRow {
  return {
    cluster: 'c1',
    groupId: 'g1',
    topic: 't1',
    partition: -1,
    ts,
    stepMs: 10_000,
    lag,
    endOffset: 1_000 + ts / 1_000,
    committed: lag === null ? null : 1_000 + ts / 1_000 - lag,
    timeLagMs: lag === null ? null : lag * 10,
    productionRate: 5,
    consumptionRate: 4,
    ...over,
  };
}

describe('LagHistory', () => {
  let dir: string;
  let now = T0;
  const open = (o: Partial<ConstructorParameters<typeof LagHistory>[0]> = {}): LagHistory =>
    new LagHistory({ dataDir: dir, now: () => now, ...o });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sd-lag-'));
    now = T0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records samples, sums topics into the group total, and keeps them across a restart', () => {
    let h = open();
    now = T0 + 10 * MIN;
    const rows: LagSampleRow[] = [];
    for (let i = 0; i < 60; i++) {
      const ts = T0 + i * 10_000;
      rows.push(row(ts, i), row(ts, 100, { topic: 't2' }), row(ts, i, { partition: 0 }));
    }
    expect(h.record(rows)).toBe(180);
    h.close();
    h = open();
    expect(h.status.state).toBe('ok');
    const q = h.query({ cluster: 'c1', groupId: 'g1', range: { from: T0, to: T0 + 10 * MIN }, maxPoints: 1_000 });
    expect(q.bucketMs).toBe(1_000);
    expect(q.gaps).toEqual([]);
    expect(q.points).toHaveLength(60);
    expect(q.points[5]).toMatchObject({ t: T0 + 50_000, lag: 105, productionRate: 10, consumptionRate: 8, gap: false });
    const topic = h.query({
      cluster: 'c1',
      groupId: 'g1',
      topic: 't2',
      range: { from: T0, to: T0 + 10 * MIN },
      maxPoints: 1_000,
    });
    expect(topic.points.every((p) => p.lag === 100)).toBe(true);
    const part = h.query({
      cluster: 'c1',
      groupId: 'g1',
      topic: 't1',
      partition: 0,
      range: { from: T0, to: T0 + 10 * MIN },
      maxPoints: 1_000,
    });
    expect(part.points.map((p) => p.lag).slice(0, 3)).toEqual([0, 1, 2]);
    expect(h.seriesOf('c1', 'g1')).toEqual([
      { topic: 't1', partition: -1 },
      { topic: 't1', partition: 0 },
      { topic: 't2', partition: -1 },
    ]);
    expect(h.groupsOf('c1')).toEqual(['g1']);
    expect(h.groupsOf('other')).toEqual([]);
    h.close();
  });

  it('buckets long ranges (avg and max) and marks the period without samples as a gap', () => {
    const h = open();
    const rows: LagSampleRow[] = [];
    for (let i = 0; i < 30; i++) rows.push(row(T0 + i * 10_000, i % 2 === 0 ? 10 : 20)); // 0..5 min
    for (let i = 0; i < 30; i++) rows.push(row(T0 + 20 * MIN + i * 10_000, 30)); // 20..25 min
    h.record(rows);
    now = T0 + 30 * MIN;
    const q = h.query({ cluster: 'c1', groupId: 'g1', range: { from: T0, to: T0 + 30 * MIN }, maxPoints: 30 });
    expect(q.bucketMs).toBe(60_000);
    const first = q.points[0];
    expect(first).toMatchObject({ t: T0, lag: 15, lagMax: 20 });
    expect(q.gaps).toEqual([
      { from: T0 + 5 * MIN, to: T0 + 20 * MIN },
      { from: T0 + 25 * MIN, to: T0 + 30 * MIN },
    ]);
    const markers = q.points.filter((p) => p.gap);
    expect(markers.map((p) => p.t)).toEqual([T0 + 5 * MIN, T0 + 25 * MIN]);
    expect(markers.every((p) => p.lag === null)).toBe(true);
    // "no committed offset" stays null, never zero.
    h.record([row(T0 + 26 * MIN, null)]);
    const after = h.query({
      cluster: 'c1',
      groupId: 'g1',
      range: { from: T0 + 26 * MIN, to: T0 + 26 * MIN + 10_000 },
      maxPoints: 100,
    });
    expect(after.points[0]?.lag).toBeNull();
    h.close();
  });

  it('downsamples raw rows older than 24 h into 5-minute buckets keeping avg and max', () => {
    const h = open();
    const rows: LagSampleRow[] = [];
    // One hour of 10 s samples with lag cycling 0..29 per 5-minute bucket.
    for (let i = 0; i < 360; i++) rows.push(row(T0 + i * 10_000, i % 30));
    h.record(rows);
    now = T0 + 24 * HOUR + 30 * MIN; // the first 30 min are past 24 h
    const rep = h.maintain();
    expect(rep.downsampledRows).toBe(180);
    expect(rep.rows).toBe(6 + 180);
    expect(h.stats().rows).toBe(186);
    const q = h.query({ cluster: 'c1', groupId: 'g1', range: { from: T0, to: T0 + HOUR }, maxPoints: 10_000 });
    const buckets = q.points.filter((p) => p.t < T0 + 30 * MIN);
    expect(buckets).toHaveLength(6);
    for (const b of buckets) expect(b).toMatchObject({ lag: 14.5, lagMax: 29, timeLagMaxMs: 290, productionRate: 5 });
    expect(buckets[1]?.endOffset).toBe(1_000 + (T0 + 590_000) / 1_000); // the bucket keeps its last (max) end offset
    // Buckets followed by raw data: the 5-minute spacing is not a gap.
    expect(q.gaps).toEqual([]);
    // Idempotent: nothing left to downsample.
    expect(h.maintain().downsampledRows).toBe(0);
    h.close();
  });

  it('expires rows past retention and forgets empty series', () => {
    const h = open({ retentionMs: 2 * HOUR, rawMs: 24 * HOUR });
    h.record([row(T0, 1), row(T0 + HOUR, 2, { groupId: 'g2' }), row(T0 + 3 * HOUR, 3)]);
    now = T0 + 4 * HOUR;
    const rep = h.maintain();
    expect(rep.expiredRows).toBe(2);
    expect(h.stats().rows).toBe(1);
    expect(h.groupsOf('c1')).toEqual(['g1']);
    h.close();
  });

  it('caps the row count by pruning the oldest rows', () => {
    const h = open({ maxRows: 100 });
    const rows: LagSampleRow[] = [];
    for (let i = 0; i < 250; i++) rows.push(row(T0 + i * 10_000, i));
    h.record(rows);
    now = T0 + 250 * 10_000;
    const rep = h.maintain();
    expect(rep.prunedRows).toBe(160);
    expect(rep.rows).toBe(90);
    const q = h.query({ cluster: 'c1', groupId: 'g1', range: { from: T0, to: now }, maxPoints: 10_000 });
    expect(q.points.find((p) => !p.gap)?.lag).toBe(160);
    h.close();
  });

  it('caps the size in bytes and gives the pages back to the disk', () => {
    const h = open({ maxBytes: 400 * 1024 });
    for (let batch = 0; batch < 20; batch++) {
      const rows: LagSampleRow[] = [];
      for (let i = 0; i < 1_000; i++) rows.push(row(T0 + (batch * 1_000 + i) * 1_000, i, { partition: i % 7 }));
      h.record(rows);
    }
    now = T0 + 20_000 * 1_000;
    const before = h.stats().bytes;
    expect(before).toBeGreaterThan(400 * 1024);
    const rep = h.maintain();
    expect(rep.prunedRows).toBeGreaterThan(0);
    expect(rep.bytes).toBeLessThanOrEqual(400 * 1024);
    h.close();
    expect(statSync(join(dir, 'lag-history.db')).size).toBeLessThan(before);
  });

  it('sets a corrupt file aside, reports it, and keeps working', () => {
    writeFileSync(join(dir, 'lag-history.db'), Buffer.alloc(8192, 0x5a));
    const h = open();
    expect(h.status.state).toBe('recovered');
    const st = h.status;
    if (st.state !== 'recovered') throw new Error('unreachable');
    expect(existsSync(st.setAside)).toBe(true);
    expect(readdirSync(dir).some((f) => f.startsWith('lag-history.db.corrupt-'))).toBe(true);
    expect(h.record([row(T0, 1)])).toBe(1);
    expect(h.query({ cluster: 'c1', groupId: 'g1', range: { from: T0, to: T0 + 10_000 } }).points[0]?.lag).toBe(1);
    h.close();
  });

  it('detects damage inside a valid header (quick_check) and sets the file aside', () => {
    let h = open();
    const rows: LagSampleRow[] = [];
    for (let i = 0; i < 5_000; i++) rows.push(row(T0 + i * 1_000, i, { partition: i % 5 }));
    h.record(rows);
    h.close();
    const file = join(dir, 'lag-history.db');
    const size = statSync(file).size;
    // Scribble over the second half of the pages, leaving the 100-byte header intact.
    const junk = Buffer.alloc(Math.floor(size / 2), 0xab);
    writeFileSync(file, Buffer.concat([readFileSync(file).subarray(0, size - junk.length), junk]));
    h = open();
    expect(h.status.state).toBe('recovered');
    expect(h.stats().rows).toBe(0);
    h.close();
  });

  it('falls back to memory when the data directory cannot be written', () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const h = new LagHistory({ dataDir: join(blocker, 'sub'), now: () => now });
    expect(h.status.state).toBe('memory');
    expect(h.record([row(T0, 7)])).toBe(1);
    expect(h.query({ cluster: 'c1', groupId: 'g1', range: { from: T0, to: T0 + 10_000 } }).points[0]?.lag).toBe(7);
    h.close();
  });
});
