/**
 * Produce with a registry schema: the subject's version (or latest) is looked
 * up, the user's JSON is parsed with exact integers, checked and encoded by
 * the schema's codec (Avro, Protobuf with the chosen message, JSON Schema
 * validated first), and framed in the wire format. Every failure is an
 * INVALID_INPUT before anything is sent.
 */
import type { ProduceSchema, ProduceSchemaInfo } from '../../../shared/contract/kafka/messages';
import { StackdeckError } from '../../../shared/errors';
import type { KafkaConnection } from '../area';
import { schemaRegistryFor } from '../schemaRegistry/client';
import { CodecInputError, errorText } from './codec';
import { sharedCodecs, type CodecEntry } from './codecs';
import { parseExactJson } from './jsonText';
import { schemaSourceFor } from './registrySource';
import { frame } from './wire';

type Ok = Extract<CodecEntry, { status: 'ok' }>;

async function codecOf(
  conn: KafkaConnection,
  subject: string,
  version: number | 'latest',
  signal: AbortSignal,
): Promise<{ entry: Ok; version: number }> {
  // schemaRegistryFor says clearly when the connection has no registry.
  schemaRegistryFor(conn);
  const source = schemaSourceFor(conn);
  if (source === null) throw new StackdeckError('INVALID_INPUT', 'This connection has no Schema Registry.');
  const found = await source.bySubject(subject, version, signal);
  const entry = await sharedCodecs.get(source, found.id, signal);
  if (entry.status === 'ok') return { entry, version: found.version };
  const why = entry.status === 'bad-schema' ? entry.message : 'the registry does not know its id';
  throw new StackdeckError(
    'INVALID_INPUT',
    `Version ${found.version} of "${subject}" (schema id ${found.id}) cannot be used to encode: ${why}.`,
  );
}

export async function produceSchemaInfo(
  conn: KafkaConnection,
  subject: string,
  version: number | 'latest',
  signal: AbortSignal,
): Promise<ProduceSchemaInfo> {
  const { entry, version: v } = await codecOf(conn, subject, version, signal);
  return { id: entry.info.id, subject, version: v, type: entry.info.type, messageTypes: [...entry.codec.messageTypes] };
}

/** The wire-format bytes of `text` (JSON) encoded with `spec`; `what` names the key or value in errors. */
export async function encodeWithSchema(
  conn: KafkaConnection,
  text: string,
  spec: ProduceSchema,
  what: 'key' | 'value',
  signal: AbortSignal,
): Promise<Buffer> {
  let value: unknown;
  try {
    value = parseExactJson(text);
  } catch (e) {
    throw new StackdeckError(
      'INVALID_INPUT',
      `The ${what} is not valid JSON (${errorText(e)}); with a schema it must be the JSON of the record. Nothing was produced.`,
    );
  }
  const { entry, version } = await codecOf(conn, spec.subject, spec.version, signal);
  try {
    const body = entry.codec.encode(value, spec.messageType);
    return frame(entry.info.id, body.payload, body.indexes);
  } catch (e) {
    if (!(e instanceof CodecInputError)) throw e;
    throw new StackdeckError(
      'INVALID_INPUT',
      `The ${what} does not fit "${spec.subject}" version ${version} (${entry.info.type}): ${e.message} Nothing was produced.`,
      { subject: spec.subject, version, schemaId: entry.info.id },
    );
  }
}
