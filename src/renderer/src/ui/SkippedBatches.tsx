import type { ReactNode } from 'react';

/** A source batch a scan left out as too large to read (Kafka `oversizeBatches: skip`). */
export interface SkippedBatchView {
  readonly partition: number;
  readonly offset: number;
}

/**
 * Says which batches a search, tail or export left out because they would
 * decompress past what Stackdeck holds for one batch: the count, and where the
 * first ones are, so the user can look at them with another tool.
 */
export function SkippedBatches(props: { batches: readonly SkippedBatchView[]; testId: string }): ReactNode {
  if (props.batches.length === 0) return null;
  const shown = props.batches.slice(0, 5);
  return (
    <div className="km-dropped" role="status" data-testid={props.testId}>
      {props.batches.length.toLocaleString()} {props.batches.length === 1 ? 'batch was' : 'batches were'} too large to
      read and left out: {shown.map((b) => `partition ${b.partition} at offset ${b.offset}`).join(', ')}
      {props.batches.length > shown.length ? ', …' : ''}.
    </div>
  );
}
