import { useMemo, useState, type ReactNode } from 'react';
import type { KafkaMessage, MessageBytes, SchemaDecoded } from '../../../../../shared/contract/kafka/messages';
import { client } from '../../../api/client';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { DocumentView } from '../../../ui/DocumentView';
import { DECODERS, DECODER_LABELS, decode, formatSize, textOf, type DecoderId } from './decode';
import { decodePart, docOfPart, schemaTag } from './schemaDecode';

/** The selected message: key and value each with their own decoder, headers, and "load full value". Everything is text. */
export function MessageDetail({ message, connectionId }: { message: KafkaMessage; connectionId: string }): ReactNode {
  const [full, setFull] = useState<{ id: string; message: KafkaMessage } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `${message.topic}:${message.partition}:${message.offset}`;
  const shown = full?.id === id ? full.message : message;
  const truncated = shown.value?.truncated === true || shown.key?.truncated === true;

  const loadFull = (): void => {
    setLoading(true);
    setError(null);
    client
      .invoke('kafka.messages.get', {
        connectionId,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      })
      .then((m) => setFull({ id, message: m }), setError)
      .finally(() => setLoading(false));
  };

  return (
    <div className="km-detail" data-testid="message-detail">
      <div className="km-detail-head">
        <span className="mono">
          {message.topic} · p{message.partition} · #{message.offset}
        </span>
        <span className="muted">
          {new Date(message.timestamp).toISOString()} (
          {message.timestampType === 'create' ? 'CreateTime' : 'LogAppendTime'}) · {formatSize(message.sizeBytes)}
          {message.transactional ? ' · transactional' : ''}
        </span>
      </div>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <BytesView
        label="Key"
        root="key"
        bytes={shown.key}
        schema={shown.keySchema}
        nullText="no key"
        testId="detail-key"
      />
      <BytesView
        label="Value"
        root="value"
        bytes={shown.value}
        schema={shown.valueSchema}
        nullText="tombstone (null value)"
        testId="detail-value"
      />
      {truncated ? (
        <div className="km-truncated">
          <span className="muted">
            Showing the first {formatSize(shown.value?.data.length ?? 0)} of {formatSize(shown.value?.size ?? 0)}.
          </span>
          <button type="button" className="btn btn-sm" onClick={loadFull} disabled={loading} data-testid="load-full">
            {loading ? 'Loading…' : 'Load full value'}
          </button>
        </div>
      ) : null}
      <div className="km-section-title">Headers ({shown.headers.length})</div>
      {shown.headers.length === 0 ? (
        <div className="faint">No headers.</div>
      ) : (
        <table className="simple-table km-headers">
          <tbody>
            {shown.headers.map((h, i) => (
              <tr key={i}>
                <td className="mono">{h.key}</td>
                <td className="mono">
                  {h.value === null ? (
                    <span className="faint">null</span>
                  ) : (
                    (textOf(h.value) ?? decode(h.value, 'hex').text)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function BytesView({
  label,
  root,
  bytes,
  schema,
  nullText,
  testId,
}: {
  label: string;
  /** The CEL variable: "copy path" on a row gives a path a CEL filter can use (value.items[0].id). */
  root: 'key' | 'value';
  bytes: MessageBytes | null;
  /** Core's Schema Registry decode of these bytes, when they are in the wire format. */
  schema: SchemaDecoded | undefined;
  nullText: string;
  testId: string;
}): ReactNode {
  const [decoder, setDecoder] = useState<DecoderId>('auto');
  const [asTree, setAsTree] = useState(true);
  const d = useMemo(() => decodePart(bytes, decoder, schema), [bytes, decoder, schema]);
  const doc = useMemo(() => (asTree ? docOfPart(bytes, d, schema) : undefined), [asTree, bytes, d, schema]);
  return (
    <div className="km-bytes" data-testid={testId}>
      <div className="km-bytes-head">
        <span className="km-section-title">{label}</span>
        {bytes ? <span className="faint">{formatSize(bytes.size)}</span> : null}
        {d.flag === 'invalid-utf8' ? (
          <span className="km-flag" title="These bytes are not valid UTF-8; they are shown as hex, exactly.">
            invalid UTF-8
          </span>
        ) : null}
        {d.flag === 'not-json' ? <span className="km-flag">not JSON</span> : null}
        {d.flag === 'not-msgpack' ? <span className="km-flag">not MessagePack</span> : null}
        {d.flag === 'not-schema' ? <span className="km-flag">not in the Schema Registry wire format</span> : null}
        {schema && (decoder === 'auto' || decoder === 'registry') ? (
          <span
            className={`km-schema-tag${schema.status === 'decoded' ? '' : ' km-flag'}`}
            data-testid={`${testId}-schema`}
            title={`Schema id ${schema.schemaId}${schema.messageType ? `, message ${schema.messageType}` : ''}`}
          >
            {schemaTag(schema)}
          </span>
        ) : null}
        <span className="spacer" />
        {d.tree !== undefined ? (
          <label className="check">
            <input type="checkbox" checked={asTree} onChange={(e) => setAsTree(e.target.checked)} /> Tree
          </label>
        ) : null}
        <select
          className="select select-sm"
          aria-label={`${label} decoder`}
          value={decoder}
          onChange={(e) => setDecoder(e.target.value as DecoderId)}
        >
          {DECODERS.map((id) => (
            <option key={id} value={id}>
              {DECODER_LABELS[id]}
            </option>
          ))}
        </select>
      </div>
      {d.note ? (
        <div className="km-schema-note" data-testid={`${testId}-schema-error`}>
          {d.note}; the raw bytes are shown in hex.
        </div>
      ) : null}
      {d.as === 'schema' && schema && schema.violations.length > 0 ? (
        <ul className="km-schema-note" data-testid={`${testId}-violations`}>
          {schema.violations.map((v, i) => (
            <li key={i}>JSON Schema: {v}</li>
          ))}
        </ul>
      ) : null}
      {bytes === null ? (
        <div className="km-null">{nullText}</div>
      ) : doc !== undefined ? (
        <div className="km-pre km-doc">
          <DocumentView value={doc} rootLabel={root} pathRoot={root} testId={`${testId}-tree`} />
        </div>
      ) : (
        <pre className="km-pre" data-decoded={d.as}>
          {d.text}
        </pre>
      )}
    </div>
  );
}
