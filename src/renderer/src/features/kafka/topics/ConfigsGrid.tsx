import { useState, type ReactNode } from 'react';
import type { ConfigEntryView } from '../../../../../shared/contract/kafka/topics';
import { DataGrid, type DataGridColumn } from '../../../ui/DataGrid';

const ORIGIN_LABEL: Record<ConfigEntryView['origin'], string> = {
  default: 'default',
  dynamic: 'dynamic',
  static: 'static',
  unknown: 'unknown',
};

export const valueText = (e: ConfigEntryView): string => (e.isSensitive ? '(hidden)' : (e.value ?? '(not set)'));

const columns: DataGridColumn<ConfigEntryView>[] = [
  {
    id: 'name',
    header: 'Key',
    width: 300,
    title: (e) => e.name,
    cell: (e) => <span className={`mono${e.isDefault ? '' : ' kt-nondefault'}`}>{e.name}</span>,
  },
  {
    id: 'value',
    header: 'Value',
    width: 260,
    title: valueText,
    cell: (e) => <span className={`mono${e.isSensitive ? ' faint' : ''}`}>{valueText(e)}</span>,
  },
  {
    id: 'source',
    header: 'Source',
    width: 220,
    title: (e) => `${e.kafkaSource}${e.readOnly ? ' (read-only)' : ''}`,
    cell: (e) => (
      <span className={`kt-origin kt-origin-${e.origin}`} data-origin={e.origin}>
        {ORIGIN_LABEL[e.origin]}
        <span className="faint"> · {e.kafkaSource}</span>
      </span>
    ),
  },
];

/** Configs with their source; keys not at their default are highlighted, and can be shown alone. */
export function ConfigsGrid({
  entries,
  loading,
  testId,
}: {
  entries: readonly ConfigEntryView[];
  loading: boolean;
  testId: string;
}): ReactNode {
  const [onlyChanged, setOnlyChanged] = useState(false);
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const rows = entries.filter((e) => (!onlyChanged || !e.isDefault) && (q === '' || e.name.toLowerCase().includes(q)));
  const changed = entries.filter((e) => !e.isDefault).length;
  return (
    <div className="kt-configs">
      <div className="kt-toolbar">
        <input
          className="input"
          placeholder="Filter keys"
          aria-label="Filter config keys"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          spellCheck={false}
        />
        <label className="check">
          <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} /> Only
          non-default ({changed})
        </label>
      </div>
      <div className="kt-grid-fill kt-configs-grid">
        <DataGrid
          label="Configs"
          testId={testId}
          rows={rows}
          columns={columns}
          rowKey={(e) => e.name}
          rowHeight={26}
          empty={loading ? 'Loading…' : 'No configs'}
        />
      </div>
    </div>
  );
}
