import { useEffect, useState, type ReactNode } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DriftView } from '../../../../shared/contract/models';
import type { StackdeckError } from '../../../../shared/errors';
import { client } from '../../api/client';
import { ErrorBanner } from '../../ui/ErrorBanner';

const COLORS = ['#4f8cff', '#f5a524', '#e5484d', '#30a46c', '#8e4ec6'];

/**
 * Drift of one deployment: set a reference CSV, then PSI per feature between
 * it and the inputs of the last window (computed in core at each scrape), with
 * the 0.1 and 0.25 bands and the drifted features flagged.
 */
export function DriftPanel({ id }: { id: string }): ReactNode {
  const [csvPath, setCsvPath] = useState('');
  const [windowSec, setWindowSec] = useState('300');
  const [drift, setDrift] = useState<DriftView | null>(null);
  const [error, setError] = useState<StackdeckError>();

  useEffect(() => {
    let alive = true;
    const tick = async (): Promise<void> => {
      const r = await client.invoke('models.drift.get', { id }).catch(() => null);
      if (alive && r) setDrift(r.drift);
    };
    void tick();
    const timer = setInterval(() => void tick(), 2000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [id]);

  const setReference = async (): Promise<void> => {
    setError(undefined);
    try {
      setDrift(
        await client.invoke('models.drift.reference', {
          id,
          csvPath: csvPath.trim(),
          windowMs: Math.round(Number(windowSec) * 1000),
        }),
      );
    } catch (e) {
      setError(e as StackdeckError);
    }
  };

  const drifted = drift?.features.filter((f) => f.status === 'significant') ?? [];
  const measured = drift?.features.filter((f) => f.status !== 'not numeric').map((f) => f.name) ?? [];
  const rows = (drift?.points ?? []).map((p) => ({ t: new Date(p.at).toLocaleTimeString(), ...p.psi }));
  return (
    <details className="models-loadtest" data-testid="drift-panel">
      <summary>Drift{drifted.length > 0 ? ` — ${drifted.length} feature(s) drifted` : ''}</summary>
      <div className="models-row">
        <label>
          Reference CSV (training rows){' '}
          <input
            className="input"
            aria-label="Drift reference CSV path"
            value={csvPath}
            onChange={(e) => setCsvPath(e.target.value)}
          />
        </label>
        <label>
          Window (s){' '}
          <input
            className="input input-sm"
            aria-label="Drift window seconds"
            inputMode="numeric"
            value={windowSec}
            onChange={(e) => setWindowSec(e.target.value)}
          />
        </label>
        <button
          type="button"
          className="btn btn-sm"
          disabled={csvPath.trim() === ''}
          onClick={() => void setReference()}
        >
          Set reference
        </button>
      </div>
      <ErrorBanner error={error} />
      {drift ? (
        <>
          <p className="models-muted">
            Reference: {drift.reference.path} ({drift.reference.rows} rows); live window: last{' '}
            {drift.reference.windowMs / 1000} s of inputs. PSI &lt; 0.1 stable, 0.1–0.25 moderate, &gt; 0.25
            significant.
          </p>
          <table className="models-table" data-testid="drift-table">
            <thead>
              <tr>
                <th>Feature</th>
                <th>PSI</th>
                <th>Status</th>
                <th>Inputs in window</th>
              </tr>
            </thead>
            <tbody>
              {drift.features.map((f) => (
                <tr key={f.name} data-feature={f.name} data-status={f.status}>
                  <td>{f.name}</td>
                  <td>{f.psi === null ? '–' : f.psi.toFixed(3)}</td>
                  <td className={f.status === 'significant' ? 'models-warn' : undefined}>
                    {f.status === 'significant' ? 'drifted (significant)' : f.status}
                  </td>
                  <td>{f.windowCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length > 1 ? (
            <figure className="models-chart" aria-label="PSI over time">
              <figcaption>PSI over time</figcaption>
              <ResponsiveContainer width="100%" height={180}>
                <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="t" minTickGap={40} />
                  <YAxis width={48} />
                  <Tooltip />
                  <Legend />
                  <ReferenceLine y={0.1} stroke="#f5a524" strokeDasharray="4 4" label="0.1" />
                  <ReferenceLine y={0.25} stroke="#e5484d" strokeDasharray="4 4" label="0.25" />
                  {measured.map((name, i) => (
                    <Line
                      key={name}
                      dataKey={name}
                      dot={false}
                      isAnimationActive={false}
                      stroke={COLORS[i % COLORS.length]}
                      connectNulls={false}
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </figure>
          ) : null}
        </>
      ) : (
        <p className="models-muted">No reference yet: give a CSV of training rows with the feature columns.</p>
      )}
    </details>
  );
}
