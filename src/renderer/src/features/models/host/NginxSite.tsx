import { useState, type ReactNode } from 'react';
import type { HostTarget } from '../../../../../shared/contract/models';
import type { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';

interface Site {
  path: string;
  content: string;
  commands: string[];
  ran: boolean;
  output: string;
}

/**
 * The nginx site for a host deployment (port 80 -> the service on the host's
 * 127.0.0.1) and the commands to enable it. Shown only; Stackdeck writes and
 * runs them on the host only after the user confirms, and only where the
 * remote user may sudo without a password.
 */
export function NginxSite({ target, deployment }: { target: HostTarget; deployment: string }): ReactNode {
  const [serverName, setServerName] = useState('_');
  const [site, setSite] = useState<Site | null>(null);
  const [error, setError] = useState<StackdeckError>();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const call = async (enable: boolean): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      setSite(await client.invoke('models.host.nginx', { target, deployment, serverName, enable }));
      setConfirm(false);
    } catch (e) {
      setError(e as StackdeckError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="models-log">
      <summary>nginx site</summary>
      <div className="models-row">
        <label>
          Server name{' '}
          <input
            className="input"
            aria-label="nginx server name"
            value={serverName}
            onChange={(e) => setServerName(e.target.value)}
          />
        </label>
        <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void call(false)}>
          Show site file
        </button>
      </div>
      <ErrorBanner error={error} />
      {site ? (
        <>
          <p className="models-muted">
            <code>{site.path}</code>
          </p>
          <pre className="models-pre" data-testid="nginx-site">
            {site.content}
          </pre>
          <p className="models-muted">To enable it, run on the host:</p>
          <pre className="models-pre" data-testid="nginx-commands">
            {site.commands.join('\n')}
          </pre>
          {site.ran ? <pre className="models-pre">{site.output || 'Enabled.'}</pre> : null}
          <label>
            <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} /> Run these
            commands on the host with sudo
          </label>{' '}
          <button type="button" className="btn btn-sm" disabled={busy || !confirm} onClick={() => void call(true)}>
            Enable on the host
          </button>
        </>
      ) : null}
    </details>
  );
}
