import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Profile } from '../../../../../shared/contract/connections';
import type {
  HostDeployEvent,
  HostKeyNotice,
  HostStep,
  HostStepId,
  HostTargetInput,
} from '../../../../../shared/contract/models';
import { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { emptyHop, HopFields, hopInput, hopReady, type HopDraft } from './HopFields';

type Trusted = Record<HostKeyNotice['hop'], string>;

const STEPS: readonly HostStepId[] = ['python', 'disk', 'upload', 'venv', 'port', 'start', 'health', 'smoke'];
const STEP_LABEL: Record<HostStepId, string> = {
  python: 'Python on the host',
  disk: 'Free disk space',
  upload: 'Upload (SFTP, SHA-256 checked)',
  venv: 'Virtual environment',
  port: 'Port free',
  start: 'Start the service',
  health: 'Health check',
  smoke: 'Smoke test',
};

const defaultVersion = () =>
  `v${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')
    .replace('T', '-')}`;

/**
 * The wizard's "Remote host over SSH" target: the host form (address, port,
 * user, the key — a saved connection's SSH key from the vault, or the SSH
 * agent — an optional jump host with the same fields, and the service's port
 * on the host), the rollout's steps as core reports them, the host key
 * prompt on first contact (one per hop: the jump host's first, then the
 * host's). The key itself never
 * reaches the renderer: only the saved connection's id goes to core.
 */
export function HostDeployForm({ dir, serviceName }: { dir: string; serviceName: string }): ReactNode {
  const [hop, setHop] = useState<HopDraft>(emptyHop);
  const [viaJump, setViaJump] = useState(false);
  const [jump, setJump] = useState<HopDraft>(emptyHop);
  /** Fingerprints the user trusted in the prompt, per hop ('' = the one core remembers). */
  const [trusted, setTrusted] = useState<Trusted>({ host: '', jump: '' });
  const [python, setPython] = useState('python3');
  const [remotePort, setRemotePort] = useState('8000');
  const [deployment, setDeployment] = useState(serviceName);
  const [version, setVersion] = useState(defaultVersion);
  const [keys, setKeys] = useState<Profile[]>([]);
  const [steps, setSteps] = useState<Partial<Record<HostStepId, HostStep>>>({});
  const [notice, setNotice] = useState<HostKeyNotice | null>(null);
  const [error, setError] = useState<StackdeckError>();
  const [done, setDone] = useState<Extract<HostDeployEvent, { type: 'done' }> | null>(null);
  const [busy, setBusy] = useState(false);
  const cancel = useRef<(() => void) | null>(null);

  useEffect(() => {
    let alive = true;
    void client
      .invoke('connections.profiles.list', {})
      .then((l) => alive && setKeys(l.profiles.filter((p) => p.ssh.privateKey.set)))
      .catch(() => undefined);
    return () => {
      alive = false;
      cancel.current?.();
    };
  }, []);

  const target = (t: Trusted): HostTargetInput => ({
    ...hopInput(hop, t.host),
    python: python.trim(),
    ...(viaJump ? { jump: hopInput(jump, t.jump) } : {}),
  });

  const deploy = (t: Trusted): void => {
    setTrusted(t);
    setBusy(true);
    setSteps({});
    setNotice(null);
    setError(undefined);
    setDone(null);
    cancel.current = client.subscribe(
      'models.host.deploy',
      {
        target: target(t),
        dir,
        deployment: deployment.trim(),
        version: version.trim(),
        remotePort: Number(remotePort),
      },
      {
        onEvent: (e) => {
          if (e.type === 'step') setSteps((s) => ({ ...s, [e.step.id]: e.step }));
          else if (e.type === 'hostKey') setNotice(e.notice);
          else {
            setDone(e);
            setVersion(defaultVersion());
          }
        },
        onError: (err) => {
          setError(err);
          setBusy(false);
        },
        onEnd: () => setBusy(false),
      },
    );
  };

  const ready = hopReady(hop) && (!viaJump || hopReady(jump)) && deployment.trim() !== '' && version.trim() !== '';
  const failedStep = typeof error?.detail?.failedStep === 'string' ? error.detail.failedStep : null;
  return (
    <div className="models-host" data-testid="host-deploy">
      <HopFields value={hop} onChange={setHop} keys={keys} prefix="" label="Remote host" />
      <label className="models-row">
        <input type="checkbox" checked={viaJump} onChange={(e) => setViaJump(e.target.checked)} /> Through a jump host
        (ssh -J): the host above is reached from it
      </label>
      {viaJump ? <HopFields value={jump} onChange={setJump} keys={keys} prefix="Jump host" label="Jump host" /> : null}
      <fieldset className="models-row" aria-label="Service on the host">
        <label>
          Python{' '}
          <input
            className="input"
            aria-label="Python on the host"
            value={python}
            onChange={(e) => setPython(e.target.value)}
          />
        </label>
        <label>
          Port on the host{' '}
          <input
            className="input"
            aria-label="Remote port"
            value={remotePort}
            onChange={(e) => setRemotePort(e.target.value)}
          />
        </label>
        <label>
          Deployment{' '}
          <input
            className="input"
            aria-label="Deployment name"
            value={deployment}
            onChange={(e) => setDeployment(e.target.value)}
          />
        </label>
        <label>
          Version{' '}
          <input className="input" aria-label="Version" value={version} onChange={(e) => setVersion(e.target.value)} />
        </label>
      </fieldset>
      <div className="models-row">
        <button type="button" className="btn" disabled={!ready || busy} onClick={() => deploy({ host: '', jump: '' })}>
          {busy ? 'Deploying to the host…' : 'Deploy to host'}
        </button>
        {busy ? (
          <button type="button" className="btn btn-sm" onClick={() => (cancel.current?.(), setBusy(false))}>
            Cancel
          </button>
        ) : null}
      </div>
      {notice ? (
        <div className="banner" role="alertdialog" aria-label="Trust the host key" data-testid="host-key-prompt">
          <div className="banner-text">
            <div className="banner-title">
              {notice.hop === 'jump' ? 'The jump host' : 'This host'} is not trusted yet. Nothing was uploaded.
            </div>
            <div className="banner-message">
              Host key of {notice.hop === 'jump' ? 'the jump host ' : ''}
              {notice.host}:{notice.port} ({notice.algorithm}):{' '}
              <code data-testid="host-key-fingerprint">{notice.fingerprint}</code>. Compare it with{' '}
              <code>ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub</code> on the host before trusting it.
            </div>
          </div>
          <button
            type="button"
            className="btn"
            onClick={() => deploy({ ...trusted, [notice.hop]: notice.fingerprint })}
          >
            Trust and deploy
          </button>
        </div>
      ) : null}
      {Object.keys(steps).length > 0 ? (
        <ol className="models-steps" data-testid="host-steps">
          {STEPS.map((id) => {
            const s = steps[id];
            const status = s?.status ?? (failedStep !== null || error ? 'not run' : 'pending');
            return (
              <li key={id} data-step={id} data-status={status}>
                <strong>{STEP_LABEL[id]}</strong> — {status}
                {s?.detail ? <pre className="models-pre">{s.detail}</pre> : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      <ErrorBanner error={error} />
      {done ? (
        <div data-testid="host-smoke">
          {done.smoke.ok ? (
            <p>
              Deployed {done.state.current} to {hop.host}: smoke test {done.smoke.status} in{' '}
              {done.smoke.latencyMs.toFixed(0)} ms (service on the host’s 127.0.0.1:{done.state.port}).
            </p>
          ) : (
            <p className="models-warn">Smoke test failed; the previous version (if any) runs again.</p>
          )}
          <pre className="models-pre">
            {done.smoke.ok ? JSON.stringify(done.smoke.response, null, 2) : done.smoke.error}
          </pre>
        </div>
      ) : null}
    </div>
  );
}
