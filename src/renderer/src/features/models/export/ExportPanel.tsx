import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { BundleTarget, LambdaSettings } from '../../../../../shared/contract/models';
import { client } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { useStep } from '../useStep';
import { LambdaSizeCheckView } from './LambdaSizeCheck';
import { ContainerRun } from './ContainerRun';

type LambdaPython = LambdaSettings['pythonVersion'];

/**
 * "Export build context": the generated service as a container or SageMaker
 * build context (folder or zip), or an AWS Lambda zip (the ONNX variant with
 * its dependencies vendored by pip and a SAM template), with the commands to
 * build, run and deploy it. Whether a container engine answers here is shown,
 * and where one does, Build & run (ContainerRun); Stackdeck never runs the
 * cloud commands.
 */
export function ExportPanel({ dir, python }: { dir: string; python: string }): ReactNode {
  const [target, setTarget] = useState<BundleTarget>('container');
  const [format, setFormat] = useState<'zip' | 'folder'>('zip');
  const [out, setOut] = useState(`${dir}-container.zip`);
  const [lambdaPython, setLambdaPython] = useState<LambdaPython>('3.12');
  const [engine, setEngine] = useState<{ message: string; answered: boolean } | null>(null);
  const exported = useStep(
    useCallback(
      (t: BundleTarget, f: 'zip' | 'folder', o: string, v: LambdaPython) =>
        client.invoke('models.export.bundle', {
          dir,
          target: t,
          format: f,
          out: o,
          python,
          lambda: { pythonVersion: v, memoryMb: 1024, timeoutS: 30 },
        }),
      [dir, python],
    ),
  );

  useEffect(() => {
    let live = true;
    client.invoke('models.export.engines', {}).then(
      (r) => live && setEngine({ message: r.message, answered: r.engines.some((e) => e.answered) }),
      () => live && setEngine({ message: 'Could not check for a container engine.', answered: false }),
    );
    return () => {
      live = false;
    };
  }, []);

  const choose = (t: BundleTarget, f: 'zip' | 'folder') => {
    // A Lambda bundle is always a zip.
    const fmt = t === 'lambda' ? 'zip' : f;
    setTarget(t);
    setFormat(fmt);
    setOut(`${dir}-${t}${fmt === 'zip' ? '.zip' : ''}`);
  };
  const where =
    target === 'lambda'
      ? 'the AWS SAM CLI is'
      : target === 'sagemaker'
        ? 'Docker and the AWS CLI are'
        : 'Docker or Podman is';

  return (
    <div className="models-card" role="group" aria-label="Export build context">
      <h4>Export build context</h4>
      <div className="models-row">
        <label>
          Target{' '}
          <select value={target} onChange={(e) => choose(e.target.value as BundleTarget, format)}>
            <option value="container">Container image (Docker / Podman)</option>
            <option value="sagemaker">SageMaker container</option>
            <option value="lambda">AWS Lambda zip (ONNX)</option>
          </select>
        </label>
        <label>
          As{' '}
          <select
            value={format}
            disabled={target === 'lambda'}
            onChange={(e) => choose(target, e.target.value as 'zip' | 'folder')}
          >
            <option value="zip">zip</option>
            <option value="folder">folder</option>
          </select>
        </label>
        {target === 'lambda' ? (
          <label>
            Dependencies for{' '}
            <select value={lambdaPython} onChange={(e) => setLambdaPython(e.target.value as LambdaPython)}>
              <option value="3.12">Lambda python3.12</option>
              <option value="3.13">Lambda python3.13</option>
              <option value="3.11">Lambda python3.11</option>
              <option value="local">this machine’s Python (to run it here)</option>
            </select>
          </label>
        ) : null}
        <label>
          To <input aria-label="Export to" value={out} onChange={(e) => setOut(e.target.value)} size={60} />
        </label>
        <button
          type="button"
          className="btn"
          disabled={exported.busy || out === ''}
          onClick={() => void exported.go(target, format, out, lambdaPython)}
        >
          {exported.busy ? 'Exporting…' : 'Export build context'}
        </button>
      </div>
      <p className="models-muted" data-testid="engine-status">
        {engine?.message ?? 'Checking for a container engine…'}
      </p>
      {engine?.answered && target === 'container' ? <ContainerRun dir={dir} /> : null}
      <ErrorBanner error={exported.error} />
      {exported.data ? (
        <div data-testid="export-result">
          <p>
            Wrote <code>{exported.data.path}</code>:{' '}
            {exported.data.sizeCheck ? `${exported.data.entries.length} files` : exported.data.entries.join(', ')}
          </p>
          {exported.data.sizeCheck ? <LambdaSizeCheckView c={exported.data.sizeCheck} /> : null}
          <p className="models-muted">Run these where {where} available (nothing was deployed):</p>
          <pre className="models-pre" data-testid="export-commands">
            {exported.data.commands.join('\n')}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
