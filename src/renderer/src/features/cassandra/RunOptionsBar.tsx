import type { ReactNode } from 'react';
import {
  Consistency,
  DEFAULT_READ_CONSISTENCY,
  DEFAULT_WRITE_CONSISTENCY,
  MAX_PAGE_SIZE,
  SerialConsistency,
  type RunOptions,
} from '../../../../shared/contract/cassandra';

/**
 * Per-run options: consistency (default LOCAL_ONE for reads, LOCAL_QUORUM for
 * writes, as shown), serial consistency for lightweight transactions, page
 * size, the query timeout and tracing.
 */
export function RunOptionsBar({
  options,
  onChange,
}: {
  options: RunOptions;
  onChange(o: RunOptions): void;
}): ReactNode {
  return (
    <div className="cs-options" data-testid="cs-options">
      <label className="cs-field">
        Consistency
        <select
          className="select"
          aria-label="Consistency"
          data-testid="cs-consistency"
          value={options.consistency ?? ''}
          onChange={(e) =>
            onChange({ ...options, consistency: e.target.value ? (e.target.value as Consistency) : null })
          }
        >
          <option value="">
            Default ({DEFAULT_READ_CONSISTENCY} reads, {DEFAULT_WRITE_CONSISTENCY} writes)
          </option>
          {Consistency.options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label className="cs-field" title="For lightweight transactions (IF ...)">
        Serial
        <select
          className="select"
          aria-label="Serial consistency"
          value={options.serialConsistency ?? ''}
          onChange={(e) =>
            onChange({
              ...options,
              serialConsistency: e.target.value ? (e.target.value as SerialConsistency) : null,
            })
          }
        >
          <option value="">default</option>
          {SerialConsistency.options.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label className="cs-field">
        Page size
        <input
          className="input cs-num-sm"
          type="number"
          min={1}
          max={MAX_PAGE_SIZE}
          aria-label="Page size"
          data-testid="cs-page-size"
          value={options.pageSize}
          onChange={(e) =>
            onChange({ ...options, pageSize: Math.max(1, Math.min(MAX_PAGE_SIZE, Number(e.target.value) || 1)) })
          }
        />
      </label>
      <label className="cs-field">
        Timeout (s)
        <input
          className="input cs-num-sm"
          type="number"
          min={1}
          max={600}
          aria-label="Timeout in seconds"
          value={Math.round(options.timeoutMs / 1000)}
          onChange={(e) =>
            onChange({ ...options, timeoutMs: Math.max(1, Math.min(600, Number(e.target.value) || 1)) * 1000 })
          }
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={options.trace}
          data-testid="cs-trace-toggle"
          onChange={(e) => onChange({ ...options, trace: e.target.checked })}
        />{' '}
        Trace
      </label>
    </div>
  );
}
