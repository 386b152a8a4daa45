import { useState, type ReactNode } from 'react';
import { client } from '../../../api/client';
import { Dialog } from '../../../ui/Dialog';
import { ErrorBanner } from '../../../ui/ErrorBanner';
import { Field, Segmented } from '../../../ui/Field';
import { ProduceSchemaFields } from './ProduceSchemaFields';
import { useProduceSchema } from './useProduceSchema';

/**
 * Produce one message (acks=all). JSON is checked here and again in core; nothing is sent when it does not parse.
 * With a Schema Registry on the connection, a value schema can be chosen: core encodes the JSON with it.
 */
export function ProduceDialog({
  connectionId,
  topic,
  onClose,
}: {
  connectionId: string;
  topic: string;
  onClose(): void;
}): ReactNode {
  const [key, setKey] = useState('');
  const [nullKey, setNullKey] = useState(false);
  const [value, setValue] = useState('');
  const [format, setFormat] = useState<'text' | 'json'>('json');
  const [headers, setHeaders] = useState('');
  const [partition, setPartition] = useState('');
  const [compression, setCompression] = useState<'none' | 'gzip'>('none');
  const valueSchemaState = useProduceSchema(connectionId, topic, 'value');
  const keySchemaState = useProduceSchema(connectionId, topic, 'key');
  const valueSchema = valueSchemaState.schema;
  const keySchema = nullKey ? null : keySchemaState.schema;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ partition: number; offset: number } | null>(null);

  let jsonError: string | undefined;
  if ((format === 'json' || valueSchema !== null) && value.trim() !== '') {
    try {
      JSON.parse(value);
    } catch (e) {
      jsonError = `Not valid JSON: ${e instanceof Error ? e.message : 'parse error'}`;
    }
  }
  const headerLines = headers.split('\n').filter((l) => l.trim() !== '');
  const badHeader = headerLines.find((l) => !l.includes('='));
  const partitionError =
    partition.trim() !== '' && !/^\d+$/.test(partition.trim())
      ? 'A partition number, or blank for automatic.'
      : undefined;

  const send = (): void => {
    setBusy(true);
    setError(null);
    setResult(null);
    client
      .invoke('kafka.messages.produce', {
        connectionId,
        topic,
        key: nullKey ? null : key,
        value,
        valueFormat: format,
        headers: headerLines.map((l) => ({
          key: l.slice(0, l.indexOf('=')).trim(),
          value: l.slice(l.indexOf('=') + 1),
        })),
        partition: partition.trim() === '' ? null : Number(partition),
        compression,
        keySchema,
        valueSchema,
      })
      .then(setResult, setError)
      .finally(() => setBusy(false));
  };

  return (
    <Dialog
      title="Produce a message"
      description={`To ${topic}, acks=all.`}
      onClose={onClose}
      size="lg"
      testId="produce-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="btn btn-primary"
            onClick={send}
            disabled={busy || jsonError !== undefined || badHeader !== undefined || partitionError !== undefined}
            data-testid="produce-send"
          >
            {busy ? 'Sending…' : 'Produce'}
          </button>
        </>
      }
    >
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      {result ? (
        <div className="banner km-ok" role="status" data-testid="produce-result">
          Produced to partition {result.partition} at offset {result.offset}.
        </div>
      ) : null}
      <ProduceSchemaFields state={keySchemaState} part="key" />
      <Field
        label="Key"
        aside={
          <label className="check">
            <input type="checkbox" checked={nullKey} onChange={(e) => setNullKey(e.target.checked)} /> No key (null)
          </label>
        }
      >
        {(c) => (
          <input
            {...c}
            className="input mono"
            value={key}
            disabled={nullKey}
            onChange={(e) => setKey(e.target.value)}
            data-testid="produce-key"
            data-autofocus
          />
        )}
      </Field>
      <ProduceSchemaFields state={valueSchemaState} part="value" />
      <Field
        label="Value"
        error={jsonError}
        aside={
          <Segmented
            label="Value format"
            size="sm"
            value={format}
            options={[
              { value: 'json', label: 'JSON' },
              { value: 'text', label: 'Text' },
            ]}
            onChange={setFormat}
          />
        }
      >
        {(c) => (
          <textarea
            {...c}
            className="textarea mono"
            rows={8}
            spellCheck={false}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-testid="produce-value"
          />
        )}
      </Field>
      <Field
        label="Headers"
        hint="One per line: name=value"
        error={badHeader ? `"${badHeader}" needs name=value.` : undefined}
      >
        {(c) => (
          <textarea
            {...c}
            className="textarea mono"
            rows={2}
            spellCheck={false}
            value={headers}
            onChange={(e) => setHeaders(e.target.value)}
            data-testid="produce-headers"
          />
        )}
      </Field>
      <div className="km-bar">
        <Field label="Partition" error={partitionError} hint="Blank: chosen by the key (or round robin).">
          {(c) => (
            <input
              {...c}
              className="input km-num"
              value={partition}
              onChange={(e) => setPartition(e.target.value)}
              placeholder="auto"
              data-testid="produce-partition"
            />
          )}
        </Field>
        <Field label="Compression">
          {(c) => (
            <select
              {...c}
              className="select"
              value={compression}
              onChange={(e) => setCompression(e.target.value as 'none' | 'gzip')}
            >
              <option value="none">None</option>
              <option value="gzip">gzip</option>
            </select>
          )}
        </Field>
      </div>
    </Dialog>
  );
}
