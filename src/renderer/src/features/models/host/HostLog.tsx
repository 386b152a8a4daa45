import { useEffect, useState, type ReactNode } from 'react';
import type { HostTarget } from '../../../../../shared/contract/models';
import type { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';

const KEEP = 500;

/** The service log on the host (tail -F over SSH), followed only while it is open: closing it ends the stream and its session. */
export function HostLog({ target, deployment }: { target: HostTarget; deployment: string }): ReactNode {
  const [open, setOpen] = useState(false);
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<StackdeckError>();
  useEffect(() => {
    if (!open) return;
    return client.subscribe(
      'models.host.logs',
      { target, deployment },
      { onEvent: (e) => setLines((prev) => [...prev, ...e.lines].slice(-KEEP)), onError: setError },
    );
    // The target object is rebuilt on every poll; what identifies the stream is the deployment and host.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, deployment, target.host, target.port, target.username]);
  return (
    <details
      className="models-log"
      onToggle={(e) => {
        const now = (e.target as HTMLDetailsElement).open;
        if (now) {
          setLines([]);
          setError(undefined);
        }
        setOpen(now);
      }}
    >
      <summary>Logs on the host ({lines.length} lines)</summary>
      <ErrorBanner error={error} />
      <pre className="models-pre" data-testid="host-log">
        {lines.join('\n')}
      </pre>
    </details>
  );
}
