import { useCallback, useState, type ReactNode } from 'react';
import type { MessageFilter } from '../../../../../shared/contract/kafka/messages';
import { client } from '../../../api/client';
import { ExportDialog } from '../../../ui/ExportDialog';
import type { StartExport } from '../../../ui/useExportRun';
import { DEFAULT_RANGE, RangeFields, toRange, type RangeDraft } from './RangeFields';

/**
 * Export messages through the generic export dialog (ui/ExportDialog: format,
 * CSV formula guard, limit, progress with Cancel, download or Save…), with
 * Kafka's own fields: the range, and "only messages matching the current
 * search filter". Keys and values are written as their bytes (base64 where
 * not UTF-8).
 */
export function ExportMessages(props: {
  connectionId: string;
  topic: string;
  partitions: number[] | undefined;
  isolation: 'read_committed' | 'read_uncommitted';
  searchFilter: MessageFilter | null;
  onClose(): void;
}): ReactNode {
  const { connectionId, topic, partitions, isolation, searchFilter } = props;
  const [range, setRange] = useState<RangeDraft>(DEFAULT_RANGE);
  const [useFilter, setUseFilter] = useState(searchFilter !== null);
  const [skipOversize, setSkipOversize] = useState(false);
  const start = useCallback<StartExport>(
    (options, handlers) => {
      const r = toRange(range);
      // check() has refused an invalid range before start is called.
      if (typeof r === 'string') throw new Error(r);
      return client.subscribe(
        'kafka.messages.export',
        {
          connectionId,
          topic,
          ...(partitions ? { partitions } : {}),
          isolation,
          range: r,
          filter: useFilter && searchFilter ? searchFilter : { kind: 'none' },
          oversizeBatches: skipOversize ? 'skip' : 'stop',
          ...options,
        },
        handlers,
      );
    },
    [connectionId, topic, partitions, isolation, range, useFilter, searchFilter, skipOversize],
  );
  return (
    <ExportDialog
      title="Export messages"
      what={`From ${topic}, to a file, with keys and values as their bytes (base64 where not UTF-8).`}
      rowNoun="messages"
      formats={['jsonl', 'csv', 'json']}
      start={start}
      check={() => {
        const r = toRange(range);
        return typeof r === 'string' ? r : null;
      }}
      onClose={props.onClose}
    >
      <RangeFields value={range} onChange={setRange} label="Export range" />
      {searchFilter ? (
        <label className="check">
          <input type="checkbox" checked={useFilter} onChange={(e) => setUseFilter(e.target.checked)} /> Only messages
          matching the current search filter
        </label>
      ) : null}
      <label className="check">
        <input
          type="checkbox"
          checked={skipOversize}
          onChange={(e) => setSkipOversize(e.target.checked)}
          data-testid="export-skip-oversize"
        />{' '}
        Skip batches too large to read (listed when done) instead of stopping
      </label>
    </ExportDialog>
  );
}
