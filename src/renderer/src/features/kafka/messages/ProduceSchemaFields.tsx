import type { ReactNode } from 'react';
import { Field } from '../../../ui/Field';
import type { ProduceSchemaState } from './useProduceSchema';

/**
 * Subject, version and (Protobuf) message selects for producing in the
 * Confluent wire format; shown only when the connection has a Schema Registry.
 */
export function ProduceSchemaFields({ state, part }: { state: ProduceSchemaState; part: 'key' | 'value' }): ReactNode {
  // The value's test ids are the plain ones (produce-subject...); the key's carry its name.
  const id = (name: string): string => (part === 'value' ? `produce-${name}` : `produce-key-${name}`);
  const label = part === 'value' ? 'Value' : 'Key';
  const { subjects, subject, info } = state;
  if (subjects === null) return null;
  return (
    <div className="km-bar" data-testid={id('schema')}>
      <Field
        label={`${label} schema`}
        error={state.infoError?.message}
        hint={info ? `Schema id ${info.id} (${info.type}): type the ${part} as its JSON.` : undefined}
      >
        {(c) => (
          <select
            {...c}
            className="select"
            value={subject}
            onChange={(e) => state.setSubject(e.target.value)}
            data-testid={id('subject')}
          >
            <option value="">None (send as typed)</option>
            {subjects.map((s) => (
              <option key={s.subject} value={s.subject}>
                {s.subject} ({s.schemaType ?? '?'})
              </option>
            ))}
          </select>
        )}
      </Field>
      {subject !== '' ? (
        <Field label={`${label} version`}>
          {(c) => (
            <select
              {...c}
              className="select"
              value={String(state.version)}
              onChange={(e) => state.setVersion(e.target.value === 'latest' ? 'latest' : Number(e.target.value))}
              data-testid={id('version')}
            >
              <option value="latest">latest</option>
              {state.versions.map((v) => (
                <option key={v} value={v}>
                  v{v}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      {info?.type === 'PROTOBUF' ? (
        <Field label={`${label} message`}>
          {(c) => (
            <select
              {...c}
              className="select"
              value={state.messageType}
              onChange={(e) => state.setMessageType(e.target.value)}
              data-testid={id('message-type')}
            >
              {info.messageTypes.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
    </div>
  );
}
