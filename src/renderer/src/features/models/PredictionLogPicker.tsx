import { useEffect, useState, type ReactNode } from 'react';
import type { Profile } from '../../../../shared/contract/connections';
import type { PredictionLogSink } from '../../../../shared/contract/models';
import { client } from '../../api/client';

/**
 * The wizard's "prediction log" choice: off, or a saved Kafka / MongoDB
 * connection of this console with a topic / database + collection. Only the
 * connection's id goes to core; its credentials never leave core (and never
 * reach the Python service).
 */
export function PredictionLogPicker({
  onChange,
}: {
  onChange: (sink: PredictionLogSink | undefined) => void;
}): ReactNode {
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [connectionId, setConnectionId] = useState('');
  const [topic, setTopic] = useState('predictions');
  const [database, setDatabase] = useState('models');
  const [collection, setCollection] = useState('predictions');
  useEffect(() => {
    let alive = true;
    void client
      .invoke('connections.profiles.list', {})
      .then((l) => alive && setProfiles(l.profiles.filter((p) => p.kind === 'kafka' || p.kind === 'mongo')))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  const chosen = profiles.find((p) => p.id === connectionId);
  useEffect(() => {
    if (chosen === undefined) onChange(undefined);
    else if (chosen.kind === 'kafka') onChange({ kind: 'kafka', connectionId: chosen.id, topic });
    else onChange({ kind: 'mongo', connectionId: chosen.id, database, collection });
  }, [chosen, topic, database, collection, onChange]);
  return (
    <fieldset className="models-row" aria-label="Prediction log">
      <label>
        Prediction log{' '}
        <select
          aria-label="Prediction log connection"
          value={connectionId}
          onChange={(e) => setConnectionId(e.target.value)}
        >
          <option value="">Off</option>
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.kind === 'kafka' ? 'Kafka' : 'MongoDB'}: {p.name}
            </option>
          ))}
        </select>
      </label>
      {chosen?.kind === 'kafka' ? (
        <label>
          Topic <input aria-label="Prediction log topic" value={topic} onChange={(e) => setTopic(e.target.value)} />
        </label>
      ) : null}
      {chosen?.kind === 'mongo' ? (
        <>
          <label>
            Database{' '}
            <input
              aria-label="Prediction log database"
              value={database}
              onChange={(e) => setDatabase(e.target.value)}
            />
          </label>
          <label>
            Collection{' '}
            <input
              aria-label="Prediction log collection"
              value={collection}
              onChange={(e) => setCollection(e.target.value)}
            />
          </label>
        </>
      ) : null}
    </fieldset>
  );
}
