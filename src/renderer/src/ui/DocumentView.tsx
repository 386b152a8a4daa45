import { memo, useContext, useMemo, useState, type ReactNode } from 'react';
import '../styles/document-view.css';
import {
  binaryHex,
  childCount,
  formatPath,
  isContainer,
  toJsonText,
  typeLabel,
  type DocPath,
  type DocValue,
} from '../../../shared/docValue';
import { ToastContext } from './toast';

export interface DocumentViewProps {
  value: DocValue;
  /** Shown as the root row's key (e.g. "value", "document"). */
  rootLabel?: string;
  /** Prefix of "copy path" (e.g. `value` gives `value.items[0].id`, a CEL path). Defaults to nothing. */
  pathRoot?: string;
  /** How many rows may be open at first: small documents open fully, large ones only at the top. */
  expandBudget?: number;
  /** Children shown per "show more" step of a long array or object. */
  chunkSize?: number;
  /** Strings longer than this are cut, with a button to show all. */
  maxStringLength?: number;
  testId?: string;
  className?: string;
}

interface TreeCtx {
  open: ReadonlySet<string>;
  chunk: number;
  maxString: number;
  pathRoot: string;
  copy(text: string, what: string): void;
}

const keyOf = (path: DocPath): string => path.join('\u0001');

/** A stable number per document object, so a new document remounts the tree with its own open state. */
const docIds = new WeakMap<object, number>();
let nextDocId = 0;
function docId(v: DocValue): number {
  let id = docIds.get(v);
  if (id === undefined) {
    id = ++nextDocId;
    docIds.set(v, id);
  }
  return id;
}

/** Breadth first from the root, open containers while the rows they show fit in `budget`. */
export function initialOpenPaths(value: DocValue, budget: number, chunk: number): Set<string> {
  const open = new Set<string>();
  if (!isContainer(value)) return open;
  open.add(keyOf([]));
  let rows = 1 + Math.min(childCount(value), chunk);
  const queue: { v: DocValue; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (queue.length > 0) {
    const { v, path } = queue.shift() as { v: DocValue; path: (string | number)[] };
    if (v.t !== 'array' && v.t !== 'object') continue;
    const shown = Math.min(v.v.length, chunk);
    for (let i = 0; i < shown; i++) {
      const entry = v.v[i];
      if (entry === undefined) continue;
      const [k, c] = v.t === 'array' ? [i, entry as DocValue] : (entry as [string, DocValue]);
      if (!isContainer(c) || c.v.length === 0) continue;
      const cost = Math.min(c.v.length, chunk) + 1; // its children and its closing row
      if (rows + cost > budget) return open;
      rows += cost;
      const p = [...path, k];
      open.add(keyOf(p));
      queue.push({ v: c, path: p });
    }
  }
  return open;
}

/**
 * A lazy tree for one document (JSON, BSON-like, MessagePack, graph
 * properties): a container's children are rendered only when it is opened,
 * and long arrays and objects show `chunkSize` children at a time ("show
 * more"), so a 5 MB document opens without building its whole DOM. Every value
 * carries a type badge; each row copies its path or its value. Text only.
 */
export function DocumentView(props: DocumentViewProps): ReactNode {
  const {
    value,
    rootLabel,
    pathRoot = '',
    expandBudget = 200,
    chunkSize = 100,
    maxStringLength = 1000,
    testId,
    className,
  } = props;
  const toast = useContext(ToastContext);
  const open = useMemo(() => initialOpenPaths(value, expandBudget, chunkSize), [value, expandBudget, chunkSize]);
  const ctx = useMemo<TreeCtx>(
    () => ({
      open,
      chunk: chunkSize,
      maxString: maxStringLength,
      pathRoot,
      copy: (text, what) => {
        const done = (): void => toast?.push({ tone: 'success', title: `Copied ${what}` });
        const failed = (): void => toast?.push({ tone: 'error', title: `Could not copy the ${what}` });
        if (typeof navigator === 'undefined' || !navigator.clipboard) return failed();
        navigator.clipboard.writeText(text).then(done, failed);
      },
    }),
    [open, chunkSize, maxStringLength, pathRoot, toast],
  );
  return (
    <div
      className={`doc-view${className ? ` ${className}` : ''}`}
      role="tree"
      aria-label={rootLabel ?? 'Document'}
      data-testid={testId}
    >
      <DocNode key={docId(value)} name={rootLabel} value={value} path={[]} depth={0} ctx={ctx} />
    </div>
  );
}

const DocNode = memo(function DocNode(props: {
  name: string | number | undefined;
  value: DocValue;
  path: DocPath;
  depth: number;
  ctx: TreeCtx;
}): ReactNode {
  const { name, value, path, depth, ctx } = props;
  const [open, setOpen] = useState(() => ctx.open.has(keyOf(path)));
  const [shown, setShown] = useState(ctx.chunk);
  const container = isContainer(value);
  const count = childCount(value);

  const label =
    name === undefined ? null : (
      <span className={typeof name === 'number' ? 'dv-index' : 'dv-key'}>
        {typeof name === 'number' ? name : name}
        <span className="dv-colon">:</span>
      </span>
    );
  const actions = (
    <span className="dv-actions">
      <button
        type="button"
        className="dv-action"
        title="Copy path"
        onClick={() => ctx.copy(formatPath(path, ctx.pathRoot) || ctx.pathRoot || '(root)', 'path')}
      >
        path
      </button>
      <button
        type="button"
        className="dv-action"
        title="Copy value"
        onClick={() => ctx.copy(value.t === 'string' ? value.v : toJsonText(value), 'value')}
      >
        copy
      </button>
    </span>
  );
  const indent = { paddingLeft: `${depth * 14 + 4}px` };

  if (!container) {
    return (
      <div className="dv-row" role="treeitem" aria-level={depth + 1} style={indent} data-path={formatPath(path)}>
        <span className="dv-toggle-space" />
        {label}
        <Scalar value={value} maxString={ctx.maxString} />
        <span className={`dv-badge dv-t-${value.t}`}>{typeLabel(value)}</span>
        {actions}
      </div>
    );
  }

  const [openBr, closeBr] = value.t === 'array' ? ['[', ']'] : ['{', '}'];
  const entries = value.v;
  return (
    <>
      <div
        className="dv-row"
        role="treeitem"
        aria-level={depth + 1}
        aria-expanded={count > 0 ? open : undefined}
        style={indent}
        data-path={formatPath(path)}
      >
        {count > 0 ? (
          <button
            type="button"
            className="dv-toggle"
            aria-label={open ? 'Collapse' : 'Expand'}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="dv-toggle-space" />
        )}
        {label}
        <span className="dv-punct">
          {openBr}
          {count === 0 || open ? '' : ' … '}
          {count === 0 || !open ? closeBr : ''}
        </span>
        <span className="dv-count">
          {count.toLocaleString()}{' '}
          {value.t === 'array' ? (count === 1 ? 'item' : 'items') : count === 1 ? 'key' : 'keys'}
        </span>
        <span className={`dv-badge dv-t-${value.t}`}>{typeLabel(value)}</span>
        {actions}
      </div>
      {open && count > 0 ? (
        <div role="group">
          {entries.slice(0, shown).map((entry, i) => {
            const [k, c] = value.t === 'array' ? [i, entry as DocValue] : (entry as [string, DocValue]);
            return <DocNode key={i} name={k} value={c} path={[...path, k]} depth={depth + 1} ctx={ctx} />;
          })}
          {count > shown ? (
            <div className="dv-row dv-more" style={{ paddingLeft: `${(depth + 1) * 14 + 4}px` }}>
              <button type="button" className="btn btn-sm" onClick={() => setShown(shown + ctx.chunk)}>
                Show {Math.min(ctx.chunk, count - shown).toLocaleString()} more
              </button>
              <span className="faint">
                {shown.toLocaleString()} of {count.toLocaleString()} shown
              </span>
            </div>
          ) : null}
          <div className="dv-row dv-close" style={indent}>
            <span className="dv-toggle-space" />
            <span className="dv-punct">{closeBr}</span>
          </div>
        </div>
      ) : null}
    </>
  );
});

function Scalar({ value, maxString }: { value: DocValue; maxString: number }): ReactNode {
  const [all, setAll] = useState(false);
  switch (value.t) {
    case 'string': {
      const cut = !all && value.v.length > maxString;
      return (
        <span className="dv-v dv-string">
          {JSON.stringify(cut ? value.v.slice(0, maxString) : value.v)}
          {cut ? (
            <button type="button" className="dv-expand" onClick={() => setAll(true)}>
              … show all {value.v.length.toLocaleString()} characters
            </button>
          ) : null}
        </span>
      );
    }
    case 'null':
      return <span className="dv-v dv-null">null</span>;
    case 'bool':
      return <span className="dv-v dv-bool">{String(value.v)}</span>;
    case 'int':
    case 'long':
    case 'double':
    case 'decimal':
      return <span className="dv-v dv-number">{value.v}</span>;
    case 'date':
      return <span className="dv-v dv-date">{value.v}</span>;
    case 'objectId':
      return <span className="dv-v dv-id">ObjectId(&quot;{value.v}&quot;)</span>;
    case 'uuid':
      return <span className="dv-v dv-id">UUID(&quot;{value.v}&quot;)</span>;
    case 'binary':
      return (
        <span className="dv-v dv-binary">
          {binaryHex(value, 32)}{' '}
          <span className="faint">
            ({value.size.toLocaleString()} bytes{value.subtype ? `, subtype ${value.subtype}` : ''})
          </span>
        </span>
      );
    case 'other':
      return <span className="dv-v dv-other">{value.v}</span>;
    default:
      return null;
  }
}
