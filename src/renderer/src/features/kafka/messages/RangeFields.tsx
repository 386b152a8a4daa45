import type { ReactNode } from 'react';
import type { ScanRange } from '../../../../../shared/contract/kafka/messages';
import { localToEpoch } from './BrowseBar';

export interface RangeDraft {
  kind: ScanRange['kind'];
  offset: string;
  when: string;
  count: string;
}

export const DEFAULT_RANGE: RangeDraft = { kind: 'last', offset: '0', when: '', count: '10000' };

/** The draft as a contract range, or an error text. */
export function toRange(d: RangeDraft): ScanRange | string {
  switch (d.kind) {
    case 'oldest':
      return { kind: 'oldest' };
    case 'offset':
      return /^\d+$/.test(d.offset.trim())
        ? { kind: 'offset', offset: Number(d.offset) }
        : 'Enter a start offset: a whole number of 0 or more.';
    case 'timestamp': {
      const ts = localToEpoch(d.when);
      return Number.isNaN(ts) ? 'Pick a start date and time.' : { kind: 'timestamp', timestamp: Math.max(0, ts) };
    }
    case 'last':
      return /^\d+$/.test(d.count.trim()) && Number(d.count) >= 1
        ? { kind: 'last', count: Number(d.count) }
        : 'Enter how many messages per partition (1 or more).';
  }
}

export function RangeFields({
  value,
  onChange,
  label = 'Range',
}: {
  value: RangeDraft;
  onChange(d: RangeDraft): void;
  label?: string;
}): ReactNode {
  return (
    <span className="km-range">
      <select
        className="select"
        aria-label={label}
        value={value.kind}
        onChange={(e) => onChange({ ...value, kind: e.target.value as RangeDraft['kind'] })}
        data-testid="range-kind"
      >
        <option value="last">Last N per partition</option>
        <option value="oldest">Whole topic (oldest → now)</option>
        <option value="offset">From offset → now</option>
        <option value="timestamp">From timestamp → now</option>
      </select>
      {value.kind === 'last' ? (
        <input
          className="input km-num"
          aria-label="Messages per partition"
          value={value.count}
          onChange={(e) => onChange({ ...value, count: e.target.value })}
        />
      ) : null}
      {value.kind === 'offset' ? (
        <input
          className="input km-num"
          aria-label="Start offset"
          value={value.offset}
          onChange={(e) => onChange({ ...value, offset: e.target.value })}
        />
      ) : null}
      {value.kind === 'timestamp' ? (
        <input
          className="input"
          type="datetime-local"
          step="1"
          aria-label="Start time"
          value={value.when}
          onChange={(e) => onChange({ ...value, when: e.target.value })}
        />
      ) : null}
    </span>
  );
}
