import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { BundleTarget } from '../../../../../shared/contract/models';
import { client } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { useStep } from '../useStep';
import { ContainerRun } from './ContainerRun';

/**
 * "Export build context": the generated service as a container or SageMaker
 * build context (folder or zip), with the commands to build, run and deploy
 * it. Whether a container engine answers here is shown, and where one does,
 * Build & run (ContainerRun); Stackdeck never runs the cloud commands.
 */
export function ExportPanel({ dir }: { dir: string }): ReactNode {
  const [target, setTarget] = useState<BundleTarget>('container');
  const [format, setFormat] = useState<'zip' | 'folder'>('zip');
  const [out, setOut] = useState(`${dir}-container.zip`);
  const [engine, setEngine] = useState<{ message: string; answered: boolean } | null>(null);
  const exported = useStep(
    useCallback(
      (t: BundleTarget, f: 'zip' | 'folder', o: string) =>
        client.invoke('models.export.bundle', { dir, target: t, format: f, out: o }),
      [dir],
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
    setTarget(t);
    setFormat(f);
    setOut(`${dir}-${t}${f === 'zip' ? '.zip' : ''}`);
  };

  return (
    <div className="models-card" role="group" aria-label="Export build context">
      <h4>Export build context</h4>
      <div className="models-row">
        <label>
          Target{' '}
          <select value={target} onChange={(e) => choose(e.target.value as BundleTarget, format)}>
            <option value="container">Container image (Docker / Podman)</option>
            <option value="sagemaker">SageMaker container</option>
          </select>
        </label>
        <label>
          As{' '}
          <select value={format} onChange={(e) => choose(target, e.target.value as 'zip' | 'folder')}>
            <option value="zip">zip</option>
            <option value="folder">folder</option>
          </select>
        </label>
        <label>
          To <input aria-label="Export to" value={out} onChange={(e) => setOut(e.target.value)} size={60} />
        </label>
        <button
          type="button"
          className="btn"
          disabled={exported.busy || out === ''}
          onClick={() => void exported.go(target, format, out)}
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
            Wrote <code>{exported.data.path}</code>: {exported.data.entries.join(', ')}
          </p>
          <p className="models-muted">
            Run these where Docker{target === 'sagemaker' ? ' and the AWS CLI are' : ' or Podman is'} available (nothing
            was deployed):
          </p>
          <pre className="models-pre" data-testid="export-commands">
            {exported.data.commands.join('\n')}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
