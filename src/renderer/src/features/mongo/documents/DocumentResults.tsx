import { memo, useMemo, useState, type ReactNode } from 'react';
import type { DocumentRow } from '../../../../../shared/contract/mongo/documents';
import { ejsonText, fieldOf, previewText, type DocValue } from '../../../../../shared/contract/mongo/value';
import { DocumentView } from '../../../ui/DocumentView';
import { Segmented } from '../../../ui/Field';
import { IconCopy, IconPencil, IconTrash } from '../../../ui/icons';
import { ResultGrid, type ResultColumn } from '../../../ui/ResultGrid';

export type ResultsMode = 'list' | 'json' | 'table';

export interface DocumentActions {
  onEdit?(row: DocumentRow): void;
  onClone?(row: DocumentRow): void;
  onDelete?(row: DocumentRow): void;
  /** For `_id`-only pages: load the whole document. */
  onOpen?(row: DocumentRow): void;
}

/** Top-level fields as columns in first-seen order (bounded), for the table view. */
export function tableOf(
  docs: readonly DocValue[],
  maxColumns = 200,
): { columns: ResultColumn[]; rows: (DocValue | undefined)[][] } {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const d of docs)
    if (d.t === 'object')
      for (const [k] of d.v)
        if (!seen.has(k) && keys.length < maxColumns) {
          seen.add(k);
          keys.push(k);
        }
  return {
    columns: keys.map((k) => ({ key: k, title: k })),
    rows: docs.map((d) => keys.map((k) => fieldOf(d, k))),
  };
}

const DocCard = memo(function DocCard({
  row,
  index,
  actions,
}: {
  row: DocumentRow;
  index: number;
  actions: DocumentActions;
}): ReactNode {
  const id = row.id ? previewText(row.id, 60) : `#${index + 1}`;
  return (
    <div className="mg-doc" data-testid="mongo-doc" data-id={id}>
      <div className="mg-doc-bar">
        <span className="mg-doc-id mono">{row.id ? `_id: ${id}` : id}</span>
        {row.bytes !== null ? <span className="mg-muted">{row.bytes.toLocaleString('en-US')} B</span> : null}
        <span className="mg-spacer" />
        {actions.onOpen && row.bytes === null ? (
          <button type="button" className="btn btn-sm" onClick={() => actions.onOpen?.(row)}>
            Open document
          </button>
        ) : null}
        {actions.onEdit && row.bytes !== null ? (
          <button
            type="button"
            className="icon-btn"
            aria-label="Edit document"
            title="Edit"
            onClick={() => actions.onEdit?.(row)}
          >
            <IconPencil />
          </button>
        ) : null}
        {actions.onClone && row.bytes !== null ? (
          <button
            type="button"
            className="icon-btn"
            aria-label="Clone document"
            title="Clone"
            onClick={() => actions.onClone?.(row)}
          >
            <IconCopy />
          </button>
        ) : null}
        {actions.onDelete ? (
          <button
            type="button"
            className="icon-btn"
            aria-label="Delete document"
            title="Delete"
            onClick={() => actions.onDelete?.(row)}
          >
            <IconTrash />
          </button>
        ) : null}
      </div>
      <DocumentView value={row.doc} rootLabel="document" expandBudget={40} />
    </div>
  );
});

export function DocumentResults(props: {
  rows: readonly DocumentRow[];
  mode: ResultsMode;
  actions: DocumentActions;
  offset: number;
  tookMs?: number;
}): ReactNode {
  const { rows, mode, actions } = props;
  const [ejson, setEjson] = useState<'relaxed' | 'canonical'>('relaxed');
  const docs = useMemo(() => rows.map((r) => r.doc), [rows]);
  const table = useMemo(() => (mode === 'table' ? tableOf(docs) : null), [mode, docs]);
  if (rows.length === 0)
    return (
      <p className="mg-muted mg-pad" data-testid="mongo-no-docs">
        No documents match.
      </p>
    );
  if (mode === 'table' && table)
    return (
      <ResultGrid
        columns={table.columns}
        rows={table.rows}
        label="Documents"
        {...(props.tookMs !== undefined ? { tookMs: props.tookMs } : {})}
        testId="mongo-table"
      />
    );
  if (mode === 'json')
    return (
      <div className="mg-json" data-testid="mongo-json">
        <Segmented
          label="Extended JSON"
          size="sm"
          value={ejson}
          onChange={setEjson}
          options={[
            { value: 'relaxed', label: 'Relaxed', title: 'As mongosh shows it' },
            { value: 'canonical', label: 'Canonical', title: 'Every type spelled out' },
          ]}
        />
        {rows.map((r, i) => (
          <pre key={i} className="mg-json-doc mono">
            {ejsonText(r.doc, ejson)}
          </pre>
        ))}
      </div>
    );
  return (
    <div className="mg-doc-list" data-testid="mongo-doc-list">
      {rows.map((r, i) => (
        <DocCard key={i} row={r} index={props.offset + i} actions={actions} />
      ))}
    </div>
  );
}
