import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../../src/core/models/diff';
import { parseMetrics, quantile, toPoint, withRollingAccuracy } from '../../../../src/core/models/metrics';
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

describe('models rolling accuracy', () => {
  const fb = (correct: number, incorrect: number) =>
    `model_feedback_total{outcome="correct"} ${correct}.0\nmodel_feedback_total{outcome="incorrect"} ${incorrect}.0\n`;
  const series = (...scrapes: [number, string][]) => {
    const points: ReturnType<typeof toPoint>[] = [];
    let prev = null;
    for (const [at, text] of scrapes) {
      const cur = parseMetrics(scrape(1, 0, 1, 0) + text, at);
      points.push(withRollingAccuracy(points, toPoint(prev, cur), 60_000));
      prev = cur;
    }
    return points;
  };

  it('is the share correct among the feedback inside the window, none before the first feedback', () => {
    const p = series([0, ''], [10_000, fb(3, 1)], [20_000, fb(9, 1)]);
    expect(p[0]).toMatchObject({ accuracy: null, accuracyOf: 0, feedbackCorrect: 0 });
    expect(p[1]).toMatchObject({ accuracy: 0.75, accuracyOf: 4 });
    expect(p[2]).toMatchObject({ accuracy: 0.9, accuracyOf: 10 });
  });

  it('forgets feedback older than the window, and does not reach across a restart', () => {
    // 10 right early; then, past the window, 5 wrong of 10.
    const late = series([0, fb(0, 0)], [10_000, fb(10, 0)], [80_000, fb(15, 5)]);
    expect(late[2]).toMatchObject({ accuracy: 0.5, accuracyOf: 10 });
    const restarted = series([0, fb(0, 0)], [10_000, fb(10, 0)], [20_000, fb(1, 1)]);
    expect(restarted[2]).toMatchObject({ accuracy: 0.5, accuracyOf: 2 });
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
