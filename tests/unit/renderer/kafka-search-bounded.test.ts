import { describe, expect, it } from 'vitest';
import {
  appendBounded,
  emptyHeld,
  MAX_HELD_MATCHES,
} from '../../../src/renderer/src/features/kafka/messages/boundedMatches';

/** Search matches held by the renderer are bounded, the oldest dropped with a count (issue #8). */

const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('appendBounded (search matches in the renderer)', () => {
  it('keeps everything while under the bound', () => {
    const held = appendBounded(appendBounded(emptyHeld<number>(), [1, 2], 5), [3], 5);
    expect(held).toEqual({ items: [1, 2, 3], dropped: 0 });
  });

  it('drops the oldest past the bound and counts them', () => {
    let held = emptyHeld<number>();
    held = appendBounded(held, range(0, 4), 5);
    held = appendBounded(held, range(4, 3), 5);
    expect(held).toEqual({ items: [2, 3, 4, 5, 6], dropped: 2 });
    // A batch larger than the bound keeps its own newest.
    held = appendBounded(held, range(7, 8), 5);
    expect(held).toEqual({ items: [10, 11, 12, 13, 14], dropped: 10 });
  });

  it('holds at most MAX_HELD_MATCHES of a search at its 100,000 limit, received in batches', () => {
    let held = emptyHeld<number>();
    for (let i = 0; i < 100_000; i += 500) held = appendBounded(held, range(i, 500));
    expect(held.items.length).toBe(MAX_HELD_MATCHES);
    expect(held.items[0]).toBe(100_000 - MAX_HELD_MATCHES);
    expect(held.items.at(-1)).toBe(99_999);
    expect(held.dropped).toBe(100_000 - MAX_HELD_MATCHES);
  });

  it('an empty batch changes nothing (same object, no re-render)', () => {
    const held = appendBounded(emptyHeld<number>(), [1]);
    expect(appendBounded(held, [])).toBe(held);
  });
});
