import { describe, expect, it } from 'vitest';
import { Ring } from '../../../src/core/kafka/messages/ring';

/** Memory bounds (issue #8): the tail's ring buffer (the browse page guard is in tests/unit/renderer/kafka-latest.test.ts). */

describe('Ring (the tail buffer between flushes)', () => {
  it('keeps the newest items in order and counts what it dropped', () => {
    const ring = new Ring<number>(3);
    const dropped = [1, 2, 3, 4, 5].map((n) => ring.push(n)).filter(Boolean).length;
    expect(dropped).toBe(2);
    expect(ring.drain()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(0);
    ring.push(6);
    expect(ring.drain()).toEqual([6]);
  });

  it('costs the same per record when full, whatever its capacity (no shift per record)', () => {
    const ring = new Ring<number>(1000);
    const started = performance.now();
    for (let i = 0; i < 2_000_000; i++) ring.push(i);
    expect(performance.now() - started).toBeLessThan(1_000);
    const out = ring.drain();
    expect(out).toHaveLength(1000);
    expect(out[0]).toBe(1_999_000);
    expect(out.at(-1)).toBe(1_999_999);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});
