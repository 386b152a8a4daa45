import { useEffect, useState, type ReactNode } from 'react';
import { client } from '../../api/client';

const KEEP = 500;

/** The service's log as core streams it (the lines so far, then new ones); the last KEEP lines are shown. */
export function DeploymentLog({ id }: { id: string }): ReactNode {
  const [lines, setLines] = useState<string[]>([]);
  useEffect(() => {
    return client.subscribe(
      'models.deploy.logs',
      { id },
      { onEvent: (e) => setLines((prev) => [...prev, ...e.lines].slice(-KEEP)) },
    );
  }, [id]);
  return (
    <details className="models-log">
      <summary>Log ({lines.length} lines)</summary>
      <pre className="models-pre" data-testid="deployment-log">
        {lines.join('\n')}
      </pre>
    </details>
  );
}
