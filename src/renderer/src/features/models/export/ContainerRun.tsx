import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ContainerRunEvent } from '../../../../../shared/contract/models';
import type { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';

type Running = Extract<ContainerRunEvent, { type: 'running' }>;
const MAX_LINES = 500;

/**
 * "Build & run" where a container engine answers: core builds the exported
 * context with it, runs the image on 127.0.0.1, smoke tests it and streams
 * its log. The subscription owns the container: Stop (or leaving the
 * screen) ends it, and core stops and removes the container.
 */
export function ContainerRun({ dir }: { dir: string }): ReactNode {
  const [base, setBase] = useState('');
  const [stages, setStages] = useState<string[]>([]);
  const [lines, setLines] = useState<string[]>([]);
  const [running, setRunning] = useState<Running | null>(null);
  const [error, setError] = useState<StackdeckError>();
  const [busy, setBusy] = useState(false);
  const cancel = useRef<(() => void) | null>(null);
  useEffect(() => () => cancel.current?.(), []);

  const keep = (more: string[]) => setLines((l) => [...l, ...more].slice(-MAX_LINES));
  const start = (): void => {
    setBusy(true);
    setStages([]);
    setLines([]);
    setRunning(null);
    setError(undefined);
    cancel.current = client.subscribe(
      'models.export.run',
      { dir, base: base.trim() },
      {
        onEvent: (e) => {
          if (e.type === 'stage') setStages((s) => [...s, `${e.stage}: ${e.detail}`]);
          else if (e.type === 'running') setRunning(e);
          else keep(e.lines);
        },
        onError: (err) => {
          setError(err);
          setBusy(false);
        },
        onEnd: () => setBusy(false),
      },
    );
  };
  const stop = (): void => {
    cancel.current?.();
    cancel.current = null;
    setBusy(false);
    setRunning(null);
    setStages((s) => [...s, 'stopped: the container is stopped and removed (the image stays)']);
  };

  return (
    <div role="group" aria-label="Build and run" data-testid="container-run">
      <div className="models-row">
        <label>
          Base image (ARG BASE){' '}
          <input
            className="input"
            aria-label="Base image"
            placeholder="python:3.11-slim"
            value={base}
            onChange={(e) => setBase(e.target.value)}
          />
        </label>
        <button type="button" className="btn" disabled={busy} onClick={start}>
          {busy && running === null ? 'Building…' : 'Build & run'}
        </button>
        {busy ? (
          <button type="button" className="btn btn-sm" onClick={stop}>
            {running ? 'Stop and remove' : 'Cancel'}
          </button>
        ) : null}
      </div>
      {stages.length > 0 ? (
        <ol className="models-steps" data-testid="container-stages">
          {stages.map((s, i) => (
            <li key={i}>{s}</li>
          ))}
        </ol>
      ) : null}
      <ErrorBanner error={error} />
      {running ? (
        <p data-testid="container-running">
          {running.image} runs at <code>{running.url}</code> ({running.engine}):{' '}
          {running.smoke.ok
            ? `smoke test ${running.smoke.status} in ${running.smoke.latencyMs.toFixed(0)} ms`
            : `smoke test FAILED: ${running.smoke.error ?? ''}`}
        </p>
      ) : null}
      {lines.length > 0 ? (
        <pre className="models-pre" data-testid="container-log">
          {lines.join('\n')}
        </pre>
      ) : null}
    </div>
  );
}
