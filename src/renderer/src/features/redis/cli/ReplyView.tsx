import { useState, type ReactNode } from 'react';
import { base64ToBytes, escapeBytes, utf8OrNull } from '../../../../../shared/contract/redis/bytes';
import type { CliReply } from '../../../../../shared/contract/redis/cli';

/** Items of one array drawn at first; the rest one click away (the reply itself is bounded in core). */
const SHOWN = 200;

/** A bulk string as redis-cli shows it: text in quotes, other bytes escaped. */
export function bulkText(b64: string): string {
  const bytes = base64ToBytes(b64);
  const text = utf8OrNull(bytes);
  return text !== null ? JSON.stringify(text) : `"${escapeBytes(bytes)}"`;
}

/** A typed reply, drawn like redis-cli's output: (nil), (integer) 5, (error) ..., numbered arrays. Text only. */
export function ReplyView({ reply }: { reply: CliReply }): ReactNode {
  switch (reply.t) {
    case 'nil':
      return <span className="rd-r-nil">(nil)</span>;
    case 'int':
      return <span className="rd-r-int">(integer) {reply.value}</span>;
    case 'error':
      return <span className="rd-r-error">(error) {reply.text}</span>;
    case 'bulk':
      return (
        <span className="rd-r-bulk">
          {bulkText(reply.b64)}
          {reply.truncated ? <span className="faint"> … ({reply.size.toLocaleString('en')} bytes in all)</span> : null}
        </span>
      );
    case 'array':
      return <ArrayView items={reply.items} total={reply.total} />;
  }
}

function ArrayView({ items, total }: { items: CliReply[]; total: number }): ReactNode {
  const [all, setAll] = useState(false);
  if (total === 0) return <span className="rd-r-nil">(empty array)</span>;
  const shown = all ? items : items.slice(0, SHOWN);
  return (
    <ol className="rd-r-array">
      {shown.map((item, i) => (
        <li key={i}>
          <ReplyView reply={item} />
        </li>
      ))}
      {shown.length < items.length ? (
        <li className="rd-r-more">
          <button type="button" className="btn btn-sm" onClick={() => setAll(true)}>
            Show all {items.length.toLocaleString('en')}
          </button>
        </li>
      ) : null}
      {items.length < total ? (
        <li className="rd-r-more faint">… {(total - items.length).toLocaleString('en')} more not fetched</li>
      ) : null}
    </ol>
  );
}
