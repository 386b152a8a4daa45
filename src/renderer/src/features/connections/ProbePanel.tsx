import type { ReactNode } from 'react';
import type { ProfileKind } from '../../../../shared/contract/connections';
import { ErrorBanner } from '../../ui/ErrorBanner';
import { IconAlert, IconCheckCircle, IconCircle, IconMinusCircle, IconSpinner, IconXCircle } from '../../ui/icons';
import { STAGE_LABEL, adviceFor, failedStage, type ProbeView, type StageView } from './probe';
import { codePhrase, formatMs } from './probeText';

export interface ProbePanelProps {
  view: ProbeView;
  kind: ProfileKind;
  onCancel: () => void;
  /** The user trusts the SSH host key the ssh stage reported (then the dialog tests again). */
  onTrustHostKey?: (hop: 'bastion' | 'jump', fingerprint: string) => void;
}

function StageIcon({ status }: { status: StageView['status'] }): ReactNode {
  switch (status) {
    case 'running':
      return <IconSpinner className="stage-icon stage-running" />;
    case 'ok':
      return <IconCheckCircle className="stage-icon stage-ok" />;
    case 'failed':
      return <IconXCircle className="stage-icon stage-failed" />;
    case 'skipped':
    case 'cancelled':
      return <IconMinusCircle className="stage-icon stage-skipped" />;
    default:
      return <IconCircle className="stage-icon stage-pending" />;
  }
}

const STATUS_TEXT: Record<StageView['status'], string> = {
  pending: 'waiting',
  running: 'running',
  ok: 'ok',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

/** The staged connection test, one row per stage, with the failing stage explained. */
export function ProbePanel({ view, kind, onCancel, onTrustHostKey }: ProbePanelProps): ReactNode {
  if (view.phase === 'idle') return null;
  const failed = failedStage(view);
  return (
    <section
      className={`probe probe-${view.phase}`}
      aria-label="Connection test"
      data-testid="probe-panel"
      data-phase={view.phase}
    >
      <div className="probe-head" role="status" aria-live="polite">
        <Summary view={view} failed={failed} />
        {view.phase === 'running' ? (
          <button type="button" className="btn btn-sm" onClick={onCancel}>
            Cancel test
          </button>
        ) : null}
      </div>
      {view.error ? <ErrorBanner error={view.error} /> : null}
      <ol className="probe-stages">
        {view.stages.map((stage) => (
          <li
            key={stage.name}
            className={`probe-stage probe-stage-${stage.status}`}
            data-testid={`probe-stage-${stage.name}`}
            data-status={stage.status}
          >
            <StageIcon status={stage.status} />
            <span className="probe-stage-name">{STAGE_LABEL[stage.name]}</span>
            <span className="probe-stage-status">
              {stage.status === 'skipped' && view.done?.ok ? 'not needed' : STATUS_TEXT[stage.status]}
            </span>
            <span className="probe-stage-code">{stage.code ? <code>{stage.code}</code> : null}</span>
            <span className="probe-stage-ms">{stage.elapsedMs !== null ? formatMs(stage.elapsedMs) : ''}</span>
            {stage.message && stage.status !== 'pending' ? (
              <span className="probe-stage-msg">{stage.message}</span>
            ) : null}
            {stage.sshHostKey ? <HostKeyPrompt stage={stage} onTrust={onTrustHostKey} /> : null}
            {stage.tunnelled && stage.tunnelled.length > 0 ? (
              <span className="probe-tunnelled" data-testid={`probe-tunnelled-${stage.name}`}>
                Through the tunnel: {stage.tunnelled.map((t) => `${t.target} → ${t.local}`).join(', ')}
              </span>
            ) : null}
            {stage.status === 'failed' ? (
              <p className="probe-advice">
                <strong>What to do: </strong>
                {adviceFor(stage, kind)}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
      {view.done && view.done.warnings.length > 0 ? (
        <ul className="probe-warnings">
          {view.done.warnings.map((w) => (
            <li key={w}>
              <IconAlert size={14} /> {w}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** First use: show the fingerprint and offer to trust it. Changed: warn; trusting the new key is a deliberate second choice. */
function HostKeyPrompt({
  stage,
  onTrust,
}: {
  stage: StageView;
  onTrust: ProbePanelProps['onTrustHostKey'];
}): ReactNode {
  const key = stage.sshHostKey;
  if (!key) return null;
  const changed = key.status === 'changed';
  return (
    <div
      className={`probe-hostkey${changed ? ' danger-zone danger-on' : ''}`}
      data-testid="ssh-hostkey"
      data-status={key.status}
    >
      <p>
        {changed ? <IconAlert size={14} /> : null}{' '}
        {changed
          ? `The host key of ${key.host}:${key.port} has changed. It is now:`
          : `${key.hop === 'jump' ? 'The jump host' : 'The SSH server'} ${key.host}:${key.port} presented this host key:`}
      </p>
      <p>
        <code data-testid="ssh-hostkey-fingerprint">{key.fingerprint}</code>{' '}
        <span className="muted">{key.algorithm}</span>
      </p>
      {onTrust ? (
        <button
          type="button"
          className={`btn btn-sm${changed ? ' btn-danger' : ''}`}
          onClick={() => onTrust(key.hop, key.fingerprint)}
        >
          {changed ? 'I checked it: trust the new key' : 'Trust this key and test again'}
        </button>
      ) : null}
    </div>
  );
}

function Summary({ view, failed }: { view: ProbeView; failed: StageView | undefined }): ReactNode {
  if (view.phase === 'running') {
    return (
      <span className="probe-summary">
        <IconSpinner /> Testing connection…
      </span>
    );
  }
  if (view.phase === 'cancelled') return <span className="probe-summary muted">Test cancelled.</span>;
  if (view.phase === 'error') return <span className="probe-summary probe-summary-bad">The test could not run.</span>;
  const done = view.done;
  if (done?.ok) {
    return (
      <span className="probe-summary probe-summary-ok" data-testid="probe-summary">
        <IconCheckCircle /> Connection OK{done.serverVersion ? ` · ${done.serverVersion}` : ''} ·{' '}
        {formatMs(done.elapsedMs)}
      </span>
    );
  }
  const stage = failed ?? view.stages.find((s) => s.name === done?.failedStage);
  return (
    <span className="probe-summary probe-summary-bad" data-testid="probe-summary">
      <IconXCircle /> Failed at {stage ? STAGE_LABEL[stage.name].replace(/ \(DNS\)$/, '') : 'an unknown stage'}
      {stage ? `: ${codePhrase(stage)}` : ''}
    </span>
  );
}
