import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../../src/core/models/diff';
import { parseMetrics, quantile, toPoint } from '../../../../src/core/models/metrics';
import { classify } from '../../../../src/core/models/artifact';
import { py } from '../../../../src/core/models/templates';

const scrape = (n200: number, n422: number, fast: number, slow: number) => `# HELP model_requests_total Requests
model_requests_total{path="/predict",status="200"} ${n200}.0
model_requests_total{path="/predict",status="422"} ${n422}.0
model_requests_total{path="/health",status="200"} 99.0
model_request_latency_seconds_bucket{le="0.01",path="/predict"} ${fast}.0
model_request_latency_seconds_bucket{le="0.1",path="/predict"} ${fast + slow}.0
model_request_latency_seconds_bucket{le="+Inf",path="/predict"} ${fast + slow}.0
model_predictions_total{label="Yes"} ${n200}.0
`;

describe('models metrics', () => {
  it('totals /predict only, counts 4xx as errors, and rates between scrapes', () => {
    const a = parseMetrics(scrape(10, 0, 10, 0), 0);
    const b = parseMetrics(scrape(100, 10, 60, 50), 10_000);
    expect(b.requests).toBe(110);
    expect(b.errors).toBe(10);
    expect(b.byClass).toEqual({ Yes: 100 });
    const p = toPoint(a, b);
    expect(p.requestsPerSec).toBeCloseTo(10);
    expect(p.errorRate).toBeCloseTo(10 / 100);
    // 50 fast and 50 slow in the interval: the median sits at the 10 ms bound, p99 near 100 ms.
    expect(p.p50).toBeCloseTo(10);
    expect(p.p99).toBeCloseTo(98.2);
  });

  it('a counter reset (restart) is a gap, not a negative rate', () => {
    const p = toPoint(parseMetrics(scrape(100, 0, 100, 0), 0), parseMetrics(scrape(3, 0, 3, 0), 5000));
    expect(p.requestsPerSec).toBeNull();
    expect(quantile(0.5, [])).toBeNull();
  });
});

describe('models import classification', () => {
  it('allows scikit-learn and numpy, flags os/subprocess/eval, and marks the rest unknown', () => {
    expect(classify('sklearn.linear_model._logistic', 'LogisticRegression').verdict).toBe('allowed');
    expect(classify('numpy._core.multiarray', '_reconstruct').verdict).toBe('allowed');
    expect(classify('posix', 'system').verdict).toBe('flagged');
    expect(classify('subprocess', 'Popen').verdict).toBe('flagged');
    expect(classify('builtins', 'eval').verdict).toBe('flagged');
    expect(classify('numpy.testing._private.utils', 'runstring').verdict).toBe('flagged');
    expect(classify('xgboost.core', 'Booster').verdict).toBe('unknown');
  });
});

describe('models generation helpers', () => {
  it('diffs lines with context and says nothing for equal text', () => {
    expect(unifiedDiff('a\nb\nc', 'a\nb\nc', 'f')).toBeNull();
    expect(unifiedDiff('a\nb\nc', 'a\nB\nc', 'f')).toBe('--- f (previous)\n+++ f\n a\n-b\n+B\n c');
  });

  it('writes Python literals', () => {
    expect(py({ a: true, b: null, c: [1, 'x'] })).toBe('{"a": True, "b": None, "c": [1, "x"]}');
  });
});
