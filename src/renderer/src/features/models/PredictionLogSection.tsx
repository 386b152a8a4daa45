import { useEffect, useState, type ReactNode } from 'react';
import type { PredictionLogStatus } from '../../../../shared/contract/models';
import { client } from '../../api/client';
import { useAppActions } from '../../app/actions';

/**
 * A deployment's prediction log as core reports it (forwarded, queued,
 * dropped, last error), refreshed every 2 s, with a link that opens the topic
 * or collection in Stackdeck's own browser.
 */
export function PredictionLogSection({ id }: { id: string }): ReactNode {
  const actions = useAppActions();
  const [status, setStatus] = useState<PredictionLogStatus | null>(null);
  useEffect(() => {
    let alive = true;
    const tick = (): void =>
      void client
        .invoke('models.predictionLog.status', { id })
        .then((s) => alive && setStatus(s.status))
        .catch(() => undefined);
    tick();
    const timer = setInterval(tick, 2000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [id]);
  if (status === null) return null;
  const s = status.sink;
  // Resource ids of the Kafka and Mongo tabs: `topic:<name>`, `coll:<db>/<collection>`.
  const resource = s.kind === 'kafka' ? `topic:${s.topic}` : `coll:${s.database}/${s.collection}`;
  const where = s.kind === 'kafka' ? `topic ${s.topic}` : `collection ${s.database}.${s.collection}`;
  return (
    <div className="models-row" data-testid="prediction-log">
      <span>
        Prediction log →{' '}
        <button
          type="button"
          className="btn btn-sm"
          onClick={() => actions.openTab({ type: 'resource', connectionId: s.connectionId, resource })}
        >
          {where} on {status.connectionName}
        </button>
      </span>
      <span data-testid="prediction-log-counts">
        forwarded {status.forwarded}, queued {status.queued}, dropped {status.dropped}
      </span>
      {status.lastError !== null ? <span className="models-warn">{status.lastError}</span> : null}
    </div>
  );
}
