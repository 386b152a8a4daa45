import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../../src/renderer/src/features/kafka/messages/latest';

/** A stale browse page is discarded (issue #8). */

describe('latestOnly (browse pages)', () => {
  it('only the newest request may answer: an earlier page arriving late is dropped', () => {
    const guard = latestOnly();
    const topicA = guard.begin();
    const topicB = guard.begin();
    expect(topicA()).toBe(false);
    expect(topicB()).toBe(true);
    const next = guard.begin();
    expect(topicB()).toBe(false);
    expect(next()).toBe(true);
  });
});
