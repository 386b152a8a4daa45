import { useState, type ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsPoint } from '../../../../shared/contract/models';
import { needsRetraining, MIN_FEEDBACK, parseThreshold } from './accuracy';

/**
 * Rolling accuracy from the service's POST /feedback counters (core computes it
 * over the last 10 minutes at each scrape) against a threshold the user sets,
 * 85% by default and remembered per deployment name in this browser. Under the
 * threshold, with enough feedback to mean something, the deployment is marked
 * "needs retraining".
 */
export function AccuracyPanel({ name, url, points }: { name: string; url: string; points: MetricsPoint[] }): ReactNode {
  const storageKey = `stackdeck.models.accuracyThreshold.${name}`;
  const [threshold, setThreshold] = useState(() => localStorage.getItem(storageKey) ?? '85');
  const pct = parseThreshold(threshold);
  const last = points.at(-1);
  const rows = points.map((p) => ({
    t: new Date(p.at).toLocaleTimeString(),
    accuracy: p.accuracy === null ? null : Math.round(p.accuracy * 1000) / 10,
  }));
  const mark = last !== undefined && pct !== null && needsRetraining(last, pct / 100);
  return (
    <details className="models-loadtest" data-testid="accuracy-panel" open={mark || undefined}>
      <summary>
        Accuracy
        {last?.accuracy != null ? ` — ${(last.accuracy * 100).toFixed(1)}% of ${last.accuracyOf}` : ''}
        {mark ? (
          <span className="models-warn" data-testid="needs-retraining">
            {' '}
            needs retraining
          </span>
        ) : null}
      </summary>
      <div className="models-row">
        <label>
          Threshold (%){' '}
          <input
            className="input input-sm"
            aria-label="Accuracy threshold percent"
            inputMode="decimal"
            value={threshold}
            onChange={(e) => {
              setThreshold(e.target.value);
              if (parseThreshold(e.target.value) !== null) localStorage.setItem(storageKey, e.target.value);
            }}
          />
        </label>
        {pct === null ? <span className="models-warn">a percentage from 0 to 100</span> : null}
      </div>
      <p className="models-muted" data-testid="accuracy-summary">
        {last === undefined || (last.feedbackCorrect === 0 && last.feedbackIncorrect === 0)
          ? `No feedback yet. Clients send the true label of a prediction to POST ${url}/feedback with {"request_id": "<the x-request-id header of the prediction's response>", "label": "…"}.`
          : `${last.feedbackCorrect} correct and ${last.feedbackIncorrect} incorrect since the service started; the rolling accuracy covers the last 10 minutes` +
            (last.accuracyOf < MIN_FEEDBACK ? ` (marked only from ${MIN_FEEDBACK} feedbacks on).` : '.')}
      </p>
      {rows.some((r) => r.accuracy !== null) ? (
        <figure className="models-chart" aria-label="Rolling accuracy">
          <figcaption>Rolling accuracy (%)</figcaption>
          <ResponsiveContainer width="100%" height={160}>
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="t" minTickGap={40} />
              <YAxis width={48} domain={[0, 100]} />
              <Tooltip />
              {pct !== null ? <ReferenceLine y={pct} stroke="#e5484d" strokeDasharray="4 4" label={`${pct}%`} /> : null}
              <Line
                dataKey="accuracy"
                dot={rows.length < 4}
                isAnimationActive={false}
                stroke="#30a46c"
                connectNulls={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      ) : null}
    </details>
  );
}
