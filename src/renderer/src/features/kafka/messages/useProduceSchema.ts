import { useState } from 'react';
import type { ProduceSchema, ProduceSchemaInfo } from '../../../../../shared/contract/kafka/messages';
import type { SubjectSummary } from '../../../../../shared/contract/kafka/schemas';
import type { StackdeckError } from '../../../../../shared/errors';
import { useInvoke } from '../../../api/hooks';

export interface ProduceSchemaState {
  /** null: the connection has no registry (or it cannot be reached): produce sends the text as typed. */
  readonly subjects: readonly SubjectSummary[] | null;
  readonly subject: string;
  setSubject(subject: string): void;
  readonly version: 'latest' | number;
  setVersion(version: 'latest' | number): void;
  readonly versions: readonly number[];
  readonly info: ProduceSchemaInfo | undefined;
  readonly infoError: StackdeckError | undefined;
  readonly messageType: string;
  setMessageType(name: string): void;
  /** What produce sends as `keySchema` / `valueSchema`. */
  readonly schema: ProduceSchema | null;
}

/**
 * The produce dialog's choice of a registry subject, version and (Protobuf)
 * message, for the key or the value. The topic's own subject
 * (TopicNameStrategy: `<topic>-key`, `<topic>-value`) is chosen until
 * the user picks another; a version or message choice belongs to the subject
 * or schema it was made for.
 */
export function useProduceSchema(connectionId: string, topic: string, part: 'key' | 'value'): ProduceSchemaState {
  const list = useInvoke('kafka.schemas.subjects.list', { connectionId });
  const subjects = list.error ? null : (list.data?.subjects.filter((s) => s.latestVersion !== null) ?? null);
  const [chosen, setChosen] = useState<string>();
  const own = `${topic}-${part}`;
  const subject = chosen ?? (subjects?.some((s) => s.subject === own) ? own : '');
  const [versionChoice, setVersionChoice] = useState<{ subject: string; version: 'latest' | number }>();
  const version = versionChoice?.subject === subject ? versionChoice.version : 'latest';
  const enabled = subjects !== null && subject !== '';
  const versions = useInvoke('kafka.schemas.versions.list', { connectionId, subject }, { enabled });
  const described = useInvoke('kafka.messages.produceSchema', { connectionId, subject, version }, { enabled });
  const info = enabled && described.data?.subject === subject ? described.data : undefined;
  const infoKey = info ? `${info.id}` : '';
  const [messageChoice, setMessageChoice] = useState<{ key: string; name: string }>();
  const messageType = messageChoice?.key === infoKey ? messageChoice.name : (info?.messageTypes[0] ?? '');
  return {
    subjects,
    subject,
    setSubject: setChosen,
    version,
    setVersion: (v) => setVersionChoice({ subject, version: v }),
    versions: enabled && versions.data?.subject === subject ? versions.data.versions : [],
    info,
    infoError: enabled ? described.error : undefined,
    messageType,
    setMessageType: (name) => setMessageChoice({ key: infoKey, name }),
    schema:
      subject === '' || subjects === null
        ? null
        : { subject, version, ...(info?.type === 'PROTOBUF' && messageType ? { messageType } : {}) },
  };
}
