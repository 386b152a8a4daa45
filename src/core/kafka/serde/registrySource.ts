/**
 * The connection's Schema Registry client (core/kafka/schemaRegistry) as the
 * decoders' SchemaSource, and the per-read decoder a message call uses.
 */
import { StackdeckError } from '../../../shared/errors';
import type { KafkaConnection } from '../area';
import { hasSchemaRegistry, schemaRegistryFor } from '../schemaRegistry/client';
import { RecordDecoder } from './decoder';
import type { SchemaSource } from './source';

/** A schema lookup for decoding waits this long at most: a browse page has 30 s for everything. */
const LOOKUP_TIMEOUT_MS = 5_000;

const notFound = (e: unknown): boolean => e instanceof StackdeckError && e.code === 'NOT_FOUND';

/** null when the connection names no registry. */
export function schemaSourceFor(conn: KafkaConnection): SchemaSource | null {
  if (!hasSchemaRegistry(conn)) return null;
  const client = schemaRegistryFor(conn);
  return {
    // Codecs are per connection and registry: another profile on the same URL (other credentials) compiles its own.
    key: `${conn.connectionId}|${client.url}`,
    async byId(id, signal) {
      try {
        const s = await client.schemaById(id, { signal, timeoutMs: LOOKUP_TIMEOUT_MS });
        return { schemaType: s.schemaType, schema: s.schema, references: s.references };
      } catch (e) {
        if (notFound(e)) return null;
        throw e;
      }
    },
    async versionsOf(id, signal) {
      try {
        return await client.subjectVersionsForId(id, { signal, timeoutMs: LOOKUP_TIMEOUT_MS });
      } catch (e) {
        // Subject and version are shown when known; a registry without this endpoint still decodes.
        if (notFound(e)) return [];
        throw e;
      }
    },
    bySubject: (subject, version, signal) =>
      client.schemaByVersion(subject, version, { signal, timeoutMs: LOOKUP_TIMEOUT_MS }),
  };
}

/** The decoder of one read: null with decoding off or no registry on the connection. */
export function recordDecoderFor(
  conn: KafkaConnection,
  mode: 'auto' | 'off',
  signal: AbortSignal,
): RecordDecoder | null {
  if (mode === 'off') return null;
  const source = schemaSourceFor(conn);
  return source ? new RecordDecoder(source, signal) : null;
}
