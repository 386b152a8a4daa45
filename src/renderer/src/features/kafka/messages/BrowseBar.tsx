import { useState, type ReactNode } from 'react';
import type { BrowsePage } from '../../../../../shared/contract/kafka/messages';
import type { InputOf } from '../../../../../shared/contract';

export type BrowseMode = 'newest' | 'oldest' | 'offset' | 'timestamp';

export interface BrowseSettings {
  partitions: number[] | undefined;
  pageSize: number;
  isolation: 'read_committed' | 'read_uncommitted';
}

/** Parses "0, 2-4" into partitions; blank = all. Returns an error text for anything else. */
export function parsePartitions(text: string): number[] | undefined | string {
  const t = text.trim();
  if (t === '') return undefined;
  const out = new Set<number>();
  for (const part of t.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) return `"${part.trim()}" is not a partition number or range (e.g. 0, 2-4).`;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a || b - a > 10_000) return `"${part.trim()}" is not a valid range.`;
    for (let p = a; p <= b; p++) out.add(p);
  }
  return [...out].sort((x, y) => x - y);
}

/** Converts a datetime-local value (local time) to epoch ms; NaN when empty or invalid. */
export function localToEpoch(value: string): number {
  return value === '' ? Number.NaN : new Date(value).getTime();
}

export function BrowseBar(props: {
  topic: string;
  settings: BrowseSettings;
  page: BrowsePage | undefined;
  loading: boolean;
  onLoad(start: InputOf<'kafka.messages.browse'>['start']): void;
}): ReactNode {
  const [mode, setMode] = useState<BrowseMode>('newest');
  const [offset, setOffset] = useState('0');
  const [when, setWhen] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = (): void => {
    setError(null);
    if (mode === 'offset') {
      if (!/^\d+$/.test(offset.trim())) return setError('Enter an offset: a whole number of 0 or more.');
      props.onLoad({ kind: 'offset', offset: Number(offset) });
    } else if (mode === 'timestamp') {
      const ts = localToEpoch(when);
      if (Number.isNaN(ts)) return setError('Pick a date and time.');
      props.onLoad({ kind: 'timestamp', timestamp: Math.max(0, ts) });
    } else props.onLoad({ kind: mode });
  };
  return (
    <div className="km-bar" data-testid="browse-bar">
      <select
        className="select"
        aria-label="Start"
        value={mode}
        onChange={(e) => setMode(e.target.value as BrowseMode)}
        data-testid="browse-mode"
      >
        <option value="newest">Newest</option>
        <option value="oldest">Oldest</option>
        <option value="offset">From offset</option>
        <option value="timestamp">From timestamp</option>
      </select>
      {mode === 'offset' ? (
        <input
          className="input km-num"
          aria-label="Offset"
          value={offset}
          onChange={(e) => setOffset(e.target.value)}
        />
      ) : null}
      {mode === 'timestamp' ? (
        <input
          className="input"
          type="datetime-local"
          step="1"
          aria-label="Timestamp"
          value={when}
          onChange={(e) => setWhen(e.target.value)}
          data-testid="browse-time"
        />
      ) : null}
      <button
        type="button"
        className="btn btn-primary"
        onClick={load}
        disabled={props.loading || props.topic === ''}
        data-testid="browse-load"
      >
        {props.loading ? 'Loading…' : 'Load'}
      </button>
      <button
        type="button"
        className="btn"
        disabled={props.loading || !props.page?.older}
        onClick={() => props.page?.older && props.onLoad({ kind: 'cursor', cursor: props.page.older })}
        data-testid="browse-older"
      >
        ← Older
      </button>
      <button
        type="button"
        className="btn"
        disabled={props.loading || !props.page?.newer}
        onClick={() => props.page?.newer && props.onLoad({ kind: 'cursor', cursor: props.page.newer })}
        data-testid="browse-newer"
      >
        Newer →
      </button>
      {error ? <span className="field-error">{error}</span> : null}
    </div>
  );
}
