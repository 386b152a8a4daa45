import { useCallback, useState, type ReactNode } from 'react';
import type {
  ArtifactOpened,
  InspectReport,
  PredictionLogSink,
  ServiceSchema,
  ServiceVariant,
} from '../../../../shared/contract/models';
import { client } from '../../api/client';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { DeployChoices, type DeployChoice } from './DeployChoices';
import { DeploymentsPanel } from './DeploymentsPanel';
import { ExportPanel } from './export/ExportPanel';
import { HostDeployForm } from './host/HostDeployForm';
import { ConversionReport, VariantChoice } from './onnx/Variant';
import { FileView, Report } from './ServiceViews';
import { PredictionLogPicker } from './PredictionLogPicker';
import { useStep } from './useStep';

type Feature = ServiceSchema['features'][number];

/**
 * The model deployment wizard: artifact -> trust -> inspect -> schema ->
 * generate -> deploy, then the deployments it runs. Every step is a core call;
 * nothing here loads a model.
 */
export default function ModelsScreen(): ReactNode {
  const [path, setPath] = useState('');
  const [python, setPython] = useState('python3');
  const [name, setName] = useState('churn');
  const [outputField, setOutputField] = useState('prediction');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [features, setFeatures] = useState<Feature[]>([]);
  const [shown, setShown] = useState<string | null>('app.py');
  const [refresh, setRefresh] = useState(0);
  const [predictionLog, setPredictionLog] = useState<PredictionLogSink | undefined>(undefined);
  const [target, setTarget] = useState<'local' | 'host'>('local');
  const [variant, setVariant] = useState<ServiceVariant>('sklearn');
  const [requireKey, setRequireKey] = useState(false);
  const [choice, setChoice] = useState<DeployChoice>({ apiKey: '', keep: false });

  const opened = useStep(useCallback((p: string) => client.invoke('models.artifact.open', { path: p }), []));
  const trust = useStep(
    useCallback(
      (o: ArtifactOpened) =>
        client.invoke('models.trust.set', { path: o.artifact.path, sha256: o.artifact.sha256, trusted: true }),
      [],
    ),
  );
  const inspected = useStep(
    useCallback(async (p: string, py: string): Promise<InspectReport> => {
      const r = await client.invoke('models.inspect', { path: p, interpreter: py });
      const names = r.featureNamesIn ?? Array.from({ length: r.nFeaturesIn ?? 0 }, (_, i) => `x${i}`);
      setFeatures(names.map((n) => ({ name: n, type: 'number', example: 0 })));
      setLabels(Object.fromEntries((r.classes ?? []).map((c) => [String(c), String(c)])));
      return r;
    }, []),
  );
  const generated = useStep(
    useCallback(
      (p: string, schema: ServiceSchema, v: ServiceVariant, py: string) =>
        client.invoke('models.service.generate', { path: p, schema, variant: v, interpreter: py }),
      [],
    ),
  );
  const deployed = useStep(
    useCallback(async (dir: string, py: string, log: PredictionLogSink | undefined, c: DeployChoice) => {
      const out = await client.invoke('models.deploy.start', {
        dir,
        python: py,
        ...(log ? { predictionLog: log } : {}),
        ...(c.apiKey !== '' ? { apiKey: c.apiKey } : {}),
        keep: c.keep,
      });
      setRefresh((n) => n + 1);
      return out;
    }, []),
  );

  const o = opened.data;
  const trusted = o !== undefined && (!o.scan.runsCode || o.trust.trusted || trust.data?.sha256 === o.artifact.sha256);
  const schema: ServiceSchema = { name, features, labels, outputField, probabilities: true, apiKey: requireKey };

  return (
    <div className="models-screen" data-testid="models-screen">
      <h2>Deploy a model</h2>
      <section className="models-card" aria-label="Artifact">
        <h3>1. Artifact</h3>
        <div className="models-row">
          <input
            className="input models-grow"
            aria-label="Model file path"
            placeholder="/path/to/model.pkl"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <button
            type="button"
            className="btn"
            disabled={path === '' || opened.busy}
            onClick={() => void opened.go(path)}
          >
            Open
          </button>
        </div>
        <ErrorBanner error={opened.error} />
        {o ? (
          <>
            <dl className="models-facts" data-testid="artifact-facts">
              <dt>SHA-256</dt>
              <dd>
                <code>{o.artifact.sha256}</code>
              </dd>
              <dt>Size</dt>
              <dd>{o.artifact.size} bytes</dd>
              <dt>Format</dt>
              <dd>{o.artifact.format}</dd>
              <dt>Saved with</dt>
              <dd>scikit-learn {o.scan.savedSklearn ?? 'unknown'}</dd>
            </dl>
            {!o.scan.readable ? <p className="models-warn">Not readable: {o.scan.error}</p> : null}
            <table className="models-table" data-testid="imports">
              <thead>
                <tr>
                  <th>Import</th>
                  <th>Verdict</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {o.scan.imports.map((i) => (
                  <tr key={`${i.module}.${i.name}`} data-verdict={i.verdict}>
                    <td>
                      <code>
                        {i.module}.{i.name}
                      </code>
                    </td>
                    <td>{i.verdict}</td>
                    <td>{i.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}
      </section>

      {o ? (
        <section className="models-card" aria-label="Trust">
          <h3>2. Trust</h3>
          {!o.scan.runsCode && !o.trust.trusted && trust.data?.sha256 !== o.artifact.sha256 ? (
            <p data-testid="trust-state">
              {o.artifact.format === 'onnx'
                ? 'An ONNX file runs no code when loaded: no trust decision is needed.'
                : 'Every type this skops file names is on the allow-list, so loading it runs no code of its own: no trust decision is needed.'}
            </p>
          ) : trusted ? (
            <p data-testid="trust-state">Trusted (this SHA-256 only).</p>
          ) : (
            <>
              <p className={o.scan.flagged > 0 ? 'models-warn' : undefined} data-testid="trust-state">
                {o.artifact.format === 'skops'
                  ? 'This skops file names types outside the allow-list: loading it can run code.'
                  : `Loading a ${o.artifact.format} file runs code.`}{' '}
                {o.scan.flagged} flagged and {o.scan.unknown} unknown imports.
              </p>
              <button type="button" className="btn" onClick={() => void trust.go(o)}>
                Trust this file
              </button>
            </>
          )}
          <ErrorBanner error={trust.error} />
        </section>
      ) : null}

      {o && trusted ? (
        <section className="models-card" aria-label="Inspect">
          <h3>3. Inspect</h3>
          <div className="models-row">
            <input
              className="input models-grow"
              aria-label="Python interpreter"
              value={python}
              onChange={(e) => setPython(e.target.value)}
            />
            <button
              type="button"
              className="btn"
              disabled={inspected.busy}
              onClick={() => void inspected.go(path, python)}
            >
              {inspected.busy ? 'Inspecting…' : 'Inspect'}
            </button>
          </div>
          <ErrorBanner error={inspected.error} />
          {inspected.data ? <Report r={inspected.data} /> : null}
        </section>
      ) : null}

      {inspected.data ? (
        <section className="models-card" aria-label="Schema">
          <h3>4. Schema</h3>
          <div className="models-row">
            <label>
              Service name{' '}
              <input
                className="input"
                aria-label="Service name"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <label>
              Output field{' '}
              <input
                className="input"
                aria-label="Output field"
                value={outputField}
                onChange={(e) => setOutputField(e.target.value)}
              />
            </label>
          </div>
          <table className="models-table">
            <thead>
              <tr>
                <th>Request field</th>
                <th>Type</th>
                <th>Example value</th>
              </tr>
            </thead>
            <tbody>
              {features.map((f, i) => (
                <tr key={i}>
                  <td>
                    <input
                      className="input"
                      aria-label={`Feature ${i + 1} name`}
                      value={f.name}
                      onChange={(e) =>
                        setFeatures(features.map((x, k) => (k === i ? { ...x, name: e.target.value } : x)))
                      }
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`Feature ${f.name} type`}
                      value={f.type}
                      onChange={(e) =>
                        setFeatures(
                          features.map((x, k) => (k === i ? { ...x, type: e.target.value as Feature['type'] } : x)),
                        )
                      }
                    >
                      <option value="number">number</option>
                      <option value="integer">integer</option>
                      <option value="string">string</option>
                      <option value="boolean">boolean</option>
                    </select>
                  </td>
                  <td>
                    <input
                      className="input"
                      aria-label={`Example ${f.name}`}
                      value={String(f.example)}
                      onChange={(e) => {
                        const n = Number(e.target.value);
                        const example = f.type === 'string' || Number.isNaN(n) ? e.target.value : n;
                        setFeatures(features.map((x, k) => (k === i ? { ...x, example } : x)));
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="models-row">
            {Object.keys(labels).map((c) => (
              <label key={c}>
                Class {c} →{' '}
                <input
                  className="input"
                  aria-label={`Label for class ${c}`}
                  value={labels[c]}
                  onChange={(e) => setLabels({ ...labels, [c]: e.target.value })}
                />
              </label>
            ))}
          </div>
          <VariantChoice value={variant} onChange={setVariant} />
          <label className="models-row">
            <input type="checkbox" checked={requireKey} onChange={(e) => setRequireKey(e.target.checked)} /> Require an
            API key (X-API-Key on /predict, /feedback and /metrics; kept in Stackdeck&apos;s vault, given to the service
            by environment)
          </label>
          <button
            type="button"
            className="btn"
            disabled={generated.busy}
            onClick={() => void generated.go(path, schema, variant, python)}
          >
            {generated.busy ? 'Generating…' : 'Generate service'}
          </button>
          <ErrorBanner error={generated.error} />
        </section>
      ) : null}

      {generated.data ? (
        <section className="models-card" aria-label="Service files">
          <h3>5. Service</h3>
          <p className="models-muted">
            Written to <code>{generated.data.dir}</code>
          </p>
          {generated.data.conversion ? <ConversionReport c={generated.data.conversion} /> : null}
          <div className="models-row" role="tablist">
            {generated.data.files.map((f) => (
              <button
                key={f.path}
                type="button"
                role="tab"
                aria-selected={shown === f.path}
                className="btn btn-sm"
                onClick={() => setShown(f.path)}
              >
                {f.path}
                {f.changed ? ' •' : ''}
              </button>
            ))}
          </div>
          <FileView file={generated.data.files.find((f) => f.path === shown)} />
          <fieldset className="models-row" aria-label="Deploy target">
            <label>
              <input
                type="radio"
                name="deploy-target"
                checked={target === 'local'}
                onChange={() => setTarget('local')}
              />{' '}
              This machine
            </label>
            <label>
              <input type="radio" name="deploy-target" checked={target === 'host'} onChange={() => setTarget('host')} />{' '}
              Remote host over SSH
            </label>
          </fieldset>
          {target === 'host' ? (
            <HostDeployForm key={`host:${generated.data.dir}`} dir={generated.data.dir} serviceName={name} />
          ) : (
            <>
              <PredictionLogPicker onChange={setPredictionLog} />
              <DeployChoices requiresKey={schema.apiKey === true} value={choice} onChange={setChoice} />
              <button
                type="button"
                className="btn"
                disabled={deployed.busy}
                onClick={() => void deployed.go(generated.data!.dir, python, predictionLog, choice)}
              >
                {deployed.busy ? 'Deploying…' : 'Deploy locally'}
              </button>
              <ErrorBanner error={deployed.error} />
              {deployed.data ? (
                <div data-testid="smoke">
                  {deployed.data.smoke.ok ? (
                    <p>
                      Smoke test passed: {deployed.data.smoke.status} in {deployed.data.smoke.latencyMs.toFixed(1)} ms
                      at <code>{deployed.data.deployment.url}</code>
                    </p>
                  ) : (
                    <p className="models-warn">Smoke test failed; the rollout stopped.</p>
                  )}
                  <pre className="models-pre">
                    {deployed.data.smoke.ok
                      ? JSON.stringify(deployed.data.smoke.response, null, 2)
                      : deployed.data.smoke.error}
                  </pre>
                </div>
              ) : null}
            </>
          )}
          <ExportPanel key={`export:${generated.data.dir}`} dir={generated.data.dir} python={python} />
        </section>
      ) : null}

      <section className="models-card" aria-label="Deployments">
        <h3>Deployments</h3>
        <DeploymentsPanel refresh={refresh} />
      </section>
    </div>
  );
}
