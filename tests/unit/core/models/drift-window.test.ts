import { describe, expect, it } from 'vitest';
import { DriftMonitor } from '../../../../src/core/models/drift';
import type { Scrape } from '../../../../src/core/models/metrics';
import { FEATURE_BUCKETS } from '../../../../src/core/models/templates';

/**
 * The live window of DriftMonitor: the inputs since max(reference set,
 * now − window), measured between cumulative scrapes the way the service's
 * histograms report them.
 */
const features = [{ name: 'tenure', type: 'number' as const, example: 1 }];
const reference = Array.from({ length: 500 }, (_, i) => ({ tenure: i % 72 }));

/** A scrape whose tenure histogram has received `values` in total (cumulative buckets, as Prometheus has them). */
function scrape(at: number, values: readonly number[]): Scrape {
  const bounds = [...FEATURE_BUCKETS, Infinity];
  return {
    at,
    requests: values.length,
    errors: 0,
    buckets: [],
    byClass: {},
    features: { tenure: bounds.map((le) => ({ le, count: values.filter((v) => v <= le).length })) },
    feedback: { correct: 0, incorrect: 0 },
  };
}
const many = (n: number, v: number): number[] => Array.from({ length: n }, () => v);
const windowCount = (m: DriftMonitor): number => m.view().features[0]!.windowCount;

describe('models drift window', () => {
  it('counts the inputs between setting the reference and the first scrape, and none from before', () => {
    const before = many(1000, 50); // traffic before the reference: never in its window
    const m = new DriftMonitor(features, reference, 'ref.csv', 60_000, scrape(1_000, before));
    m.observe(scrape(2_000, [...before, ...many(300, 1)]));
    expect(windowCount(m)).toBe(300);
    expect(m.view().features[0]!.status).toBe('significant');
    // Without a baseline the first scrape is the base and those 300 are lost (the old behaviour).
    const late = new DriftMonitor(features, reference, 'ref.csv', 60_000);
    late.observe(scrape(2_000, [...before, ...many(300, 1)]));
    expect(windowCount(late)).toBe(0);
  });

  it('rolls: inputs older than the window drop out, to the resolution of the snapshots', () => {
    const m = new DriftMonitor(features, reference, 'ref.csv', 10_000, scrape(0, []));
    let seen: number[] = many(400, 1);
    m.observe(scrape(1_000, seen));
    expect(windowCount(m)).toBe(400);
    for (let t = 2_000; t <= 12_000; t += 1_000) m.observe(scrape(t, seen));
    expect(windowCount(m)).toBe(0);
    seen = [...seen, ...many(250, 30)];
    m.observe(scrape(13_000, seen));
    expect(windowCount(m)).toBe(250);
  });

  it('ignores a poll scrape older than the baseline; a counter reset starts the window again', () => {
    const m = new DriftMonitor(features, reference, 'ref.csv', 60_000, scrape(5_000, many(100, 5)));
    m.observe(scrape(4_900, many(90, 5))); // fetched before the baseline, arrived after
    m.observe(scrape(6_000, [...many(100, 5), ...many(220, 5)]));
    expect(windowCount(m)).toBe(220);
    m.observe(scrape(7_000, many(10, 5))); // the service restarted: its counters went back
    m.observe(scrape(8_000, many(230, 5)));
    expect(windowCount(m)).toBe(220);
  });
});
