import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetricsHistory } from '../../../../src/core/models/metricsHistory';
import type { MetricsPoint } from '../../../../src/shared/contract/models';

/** The stored deployment metrics as the charts read them: buckets, gaps, restart survival, bounds. */
let dir: string;
let now: number;
const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);

const point = (at: number, requests: number, rps: number | null, p99: number | null): MetricsPoint => ({
  at,
  requests,
  errors: Math.floor(requests / 10),
  requestsPerSec: rps,
  errorRate: rps === null ? null : 0.1,
  p50: p99 === null ? null : p99 / 4,
  p95: p99 === null ? null : p99 / 2,
  p99,
  byClass: { Yes: requests / 2, No: requests / 2 },
  feedbackCorrect: 0,
  feedbackIncorrect: 0,
  accuracy: null,
  accuracyOf: 0,
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stackdeck-metrics-history-'));
  now = T0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('MetricsHistory', () => {
  it('buckets a range: mean rates and percentiles, the last scrape’s counters; other deployments apart', () => {
    const h = new MetricsHistory(dir, () => now);
    // 30 minutes of 5 s scrapes, one hour ago, then nothing: a 1 h range has 10 s buckets.
    for (let i = 0; i < 360; i++)
      h.record('a', point(T0 + i * 5000, 100 + i, 10 + (i % 2) * 10, 40 + (i % 2) * 20), 5000);
    h.record('b', point(T0, 999, 1, 1), 5000);
    now = T0 + 45 * 60_000;
    const s = h.series('a', '1h');
    expect(s.bucketMs).toBe(10_000);
    const real = s.points.filter((p) => p.gap !== true);
    expect(real).toHaveLength(180);
    // Each bucket holds two scrapes (rps 10 and 20, p99 40 and 60) and shows the second one's counters.
    expect(real[0]).toMatchObject({ requestsPerSec: 15, p99: 50, requests: 101, byClass: { Yes: 50.5, No: 50.5 } });
    expect(real.at(-1)).toMatchObject({ requests: 459, at: T0 + 359 * 5000 });
    // Sampling began 15 min into the range and stopped 15 min before its end: a gap each side, each marked.
    expect(s.gaps).toEqual([
      { from: now - 3_600_000, to: T0 },
      { from: T0 + 359 * 5000 - ((T0 + 359 * 5000) % 10_000) + 10_000, to: now },
    ]);
    expect(s.points[0]).toMatchObject({ gap: true, requestsPerSec: null, p99: null });
    expect(s.points.at(-1)).toMatchObject({ gap: true });
    expect(
      h
        .series('b', '1h')
        .points.filter((p) => p.gap !== true)
        .map((p) => p.requests),
    ).toEqual([999]);
    h.close();
  });

  it('shows a silence between scrapes as a gap, and keeps what it stored across a reopen (a core restart)', () => {
    const h = new MetricsHistory(dir, () => now);
    for (let i = 0; i < 10; i++) h.record('a', point(T0 + i * 1000, i, 1, 10), 1000);
    for (let i = 0; i < 10; i++) h.record('a', point(T0 + 120_000 + i * 1000, 20 + i, 1, 10), 1000);
    h.close();
    now = T0 + 130_000;
    const again = new MetricsHistory(dir, () => now);
    const s = again.series('a', '15m');
    expect(s.bucketMs).toBe(5000);
    const inside = s.gaps.filter((g) => g.from > T0 && g.to < now);
    expect(inside).toEqual([{ from: T0 + 10_000, to: T0 + 120_000 }]);
    const marker = s.points.findIndex((p) => p.gap === true && p.at === T0 + 10_000);
    expect(marker).toBeGreaterThan(0);
    expect(s.points[marker - 1]!.requests).toBe(9);
    expect(s.points[marker + 1]!.requests).toBe(24);
    again.close();
  });

  it('forgets points older than 7 days when it prunes', () => {
    const h = new MetricsHistory(dir, () => now);
    h.record('a', point(T0, 1, 1, 1), 5000);
    h.record('a', point(T0 + 6 * 86_400_000, 2, 1, 1), 5000);
    now = T0 + 7 * 86_400_000 + 60_000;
    h.prune();
    const kept = h.series('a', '7d').points.filter((p) => p.gap !== true);
    expect(kept.map((p) => p.requests)).toEqual([2]);
    h.close();
  });
});
