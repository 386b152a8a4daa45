import { useEffect, useState } from 'react';
import type { StagePreview } from '../../../../../shared/contract/mongo/aggregate';
import type { StackdeckError } from '../../../../../shared/errors';
import { client } from '../../../api/client';
import type { StageCard } from './pipelineText';

const DEBOUNCE_MS = 600;

/** Per-stage previews, debounced: typing on cancels the previous preview in core. */
export function usePreview(
  target: { connectionId: string; db: string; collection: string },
  stages: readonly StageCard[],
  enabled: boolean,
): { previews: StagePreview[]; loading: boolean; error: StackdeckError | undefined } {
  const [previews, setPreviews] = useState<StagePreview[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<StackdeckError>();
  const key = JSON.stringify(stages.map((s) => [s.text, s.enabled]));
  useEffect(() => {
    if (!enabled || stages.length === 0) return;
    const ac = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      client
        .invoke(
          'mongo.aggregate.preview',
          { ...target, stages: stages.map((s) => ({ text: s.text, enabled: s.enabled })) },
          { signal: ac.signal },
        )
        .then(
          (res) => {
            if (ac.signal.aborted) return;
            setPreviews(res.stages);
            setError(undefined);
            setLoading(false);
          },
          (e: StackdeckError) => {
            if (ac.signal.aborted) return;
            setError(e);
            setLoading(false);
          },
        );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is the stages' content
  }, [key, enabled, target]);
  const on = enabled && stages.length > 0;
  return { previews: on ? previews : [], loading: on && loading, error: on ? error : undefined };
}
