import type { ReactNode } from 'react';

/** A collapsible JSON tree (native <details>), rendered as text only. Deep or wide nodes start collapsed. */
export function JsonTree({ value, name, depth = 0 }: { value: unknown; name?: string; depth?: number }): ReactNode {
  const label = name === undefined ? null : <span className="jt-key">{JSON.stringify(name)}: </span>;
  if (value === null || typeof value !== 'object') {
    const cls =
      value === null
        ? 'jt-null'
        : typeof value === 'string'
          ? 'jt-str'
          : typeof value === 'number'
            ? 'jt-num'
            : 'jt-bool';
    return (
      <div className="jt-row">
        {label}
        <span className={cls}>{typeof value === 'string' ? JSON.stringify(value) : String(value)}</span>
      </div>
    );
  }
  const entries: Array<[string | undefined, unknown]> = Array.isArray(value)
    ? value.map((v) => [undefined, v])
    : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) {
    return (
      <div className="jt-row">
        {label}
        {open}
        {close}
      </div>
    );
  }
  return (
    <details className="jt-node" open={depth < 3 && entries.length <= 200}>
      <summary>
        {label}
        {open}
        <span className="faint">
          {' '}
          {entries.length} {Array.isArray(value) ? 'items' : 'keys'}{' '}
        </span>
      </summary>
      <div className="jt-children">
        {entries.slice(0, 1000).map(([k, v], i) => (
          <JsonTree key={i} value={v} {...(k === undefined ? {} : { name: k })} depth={depth + 1} />
        ))}
        {entries.length > 1000 ? <div className="faint">… {entries.length - 1000} more</div> : null}
      </div>
      <div className="jt-row">{close}</div>
    </details>
  );
}
