import { useState, type ReactNode } from 'react';
import { base64ToBytes, escapeBytes, utf8OrNull } from '../../../../../shared/contract/redis/bytes';
import type { CliReply } from '../../../../../shared/contract/redis/cli';

/** Items of one aggregate drawn at first; the rest one click away (the reply itself is bounded in core). */
const SHOWN = 200;

/** A bulk string as redis-cli shows it: text in quotes, other bytes escaped. */
export function bulkText(b64: string): string {
  const bytes = base64ToBytes(b64);
  const text = utf8OrNull(bytes);
  return text !== null ? JSON.stringify(text) : `"${escapeBytes(bytes)}"`;
}

const cut = (r: { truncated: boolean; size: number }): ReactNode =>
  r.truncated ? <span className="faint"> … ({r.size.toLocaleString('en')} bytes in all)</span> : null;

/**
 * A typed reply, drawn like redis-cli's RESP3 output: (nil), (integer) 5,
 * (double) 1.5, (true), (error) ..., status text unquoted, numbered arrays,
 * `~` sets, `#` map entries as key => value, verbatim text as it is. Text only.
 */
export function ReplyView({ reply }: { reply: CliReply }): ReactNode {
  switch (reply.t) {
    case 'nil':
      return <span className="rd-r-nil">(nil)</span>;
    case 'int':
      return <span className="rd-r-int">(integer) {reply.value}</span>;
    case 'double':
      return <span className="rd-r-int">(double) {reply.value}</span>;
    case 'bignum':
      return <span className="rd-r-int">(big number) {reply.value}</span>;
    case 'bool':
      return <span className="rd-r-int">({reply.value ? 'true' : 'false'})</span>;
    case 'status':
      return <span className="rd-r-status">{reply.text}</span>;
    case 'error':
      return <span className="rd-r-error">(error) {reply.text}</span>;
    case 'bulk':
      return (
        <span className="rd-r-bulk">
          {bulkText(reply.b64)}
          {cut(reply)}
        </span>
      );
    case 'verbatim': {
      const bytes = base64ToBytes(reply.b64);
      return (
        <span className="rd-r-verbatim" title={`verbatim ${reply.format}`}>
          {utf8OrNull(bytes) ?? escapeBytes(bytes)}
          {cut(reply)}
        </span>
      );
    }
    case 'array':
    case 'set':
    case 'push':
      return (
        <Items
          kind={reply.t}
          total={reply.total}
          rows={reply.items.map((item, i) => (
            <ReplyView key={i} reply={item} />
          ))}
        />
      );
    case 'map':
      return (
        <Items
          kind="map"
          total={reply.total}
          rows={reply.entries.map(([k, v], i) => (
            <span key={i}>
              <ReplyView reply={k} /> <span className="faint">=&gt;</span> <ReplyView reply={v} />
            </span>
          ))}
        />
      );
    case 'attributed':
      return (
        <span className="rd-r-attributed">
          <span className="faint">(attributes) </span>
          <Items
            kind="map"
            total={reply.attrs.length}
            rows={reply.attrs.map(([k, v], i) => (
              <span key={i}>
                <ReplyView reply={k} /> <span className="faint">=&gt;</span> <ReplyView reply={v} />
              </span>
            ))}
          />
          <ReplyView reply={reply.value} />
        </span>
      );
  }
}

const EMPTY: Record<string, string> = {
  array: '(empty array)',
  set: '(empty set)',
  map: '(empty hash)',
  push: '(empty push)',
};

function Items({ kind, rows, total }: { kind: string; rows: ReactNode[]; total: number }): ReactNode {
  const [all, setAll] = useState(false);
  if (total === 0) return <span className="rd-r-nil">{EMPTY[kind]}</span>;
  const shown = all ? rows : rows.slice(0, SHOWN);
  return (
    <ol className={`rd-r-array rd-r-${kind}`} data-kind={kind}>
      {kind === 'push' ? <li className="faint rd-r-more">(push)</li> : null}
      {shown.map((row, i) => (
        <li key={i}>{row}</li>
      ))}
      {shown.length < rows.length ? (
        <li className="rd-r-more">
          <button type="button" className="btn btn-sm" onClick={() => setAll(true)}>
            Show all {rows.length.toLocaleString('en')}
          </button>
        </li>
      ) : null}
      {rows.length < total ? (
        <li className="rd-r-more faint">… {(total - rows.length).toLocaleString('en')} more not fetched</li>
      ) : null}
    </ol>
  );
}
