import { describe, expect, it } from 'vitest';
import { needsRetraining, parseThreshold } from '../../../src/renderer/src/features/models/accuracy';
import type { MetricsPoint } from '../../../src/shared/contract/models';

const point = (accuracy: number | null, accuracyOf: number): MetricsPoint => ({
  at: 0,
  requests: 0,
  errors: 0,
  requestsPerSec: null,
  errorRate: null,
  p50: null,
  p95: null,
  p99: null,
  byClass: {},
  feedbackCorrect: 0,
  feedbackIncorrect: 0,
  accuracy,
  accuracyOf,
});

describe('models accuracy mark', () => {
  it('marks needs retraining under the threshold only with at least 10 feedbacks', () => {
    expect(needsRetraining(point(0.6, 5), 0.85)).toBe(false);
    expect(needsRetraining(point(0.6, 20), 0.85)).toBe(true);
    expect(needsRetraining(point(0.6, 20), 0.5)).toBe(false);
    expect(needsRetraining(point(null, 0), 0.85)).toBe(false);
  });

  it('takes a threshold from 0 to 100 percent', () => {
    expect(parseThreshold('85')).toBe(85);
    expect(parseThreshold('92.5')).toBe(92.5);
    expect(parseThreshold('101')).toBeNull();
    expect(parseThreshold('abc')).toBeNull();
    expect(parseThreshold('')).toBeNull();
  });
});
