/**
 * What the decoders need from a Schema Registry: a schema by id, the
 * subjects/versions an id is registered under, and a schema by subject and
 * version (references and produce). The registry client
 * (core/kafka/schemaRegistry) is adapted to this in registrySource.ts; the
 * decoders never speak HTTP themselves.
 */

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface SchemaReference {
  /** Avro: the full name of the named type; Protobuf: the import path; JSON Schema: the $ref URL. */
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

export interface RegistrySchema {
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

export interface SubjectVersion {
  readonly subject: string;
  readonly version: number;
}

export interface VersionedSchema extends RegistrySchema, SubjectVersion {
  readonly id: number;
}

export interface SchemaSource {
  /** Identifies the registry (its URL): codecs are cached per registry and id. */
  readonly key: string;
  /** null: the registry does not know the id. */
  byId(id: number, signal: AbortSignal): Promise<RegistrySchema | null>;
  /** The subject/versions registered with this id (first is shown). */
  versionsOf(id: number, signal: AbortSignal): Promise<readonly SubjectVersion[]>;
  bySubject(subject: string, version: number | 'latest', signal: AbortSignal): Promise<VersionedSchema>;
}

/** Schema type as the registry's JSON gives it: absent means Avro. */
export function schemaTypeOf(raw: unknown): SchemaType {
  return raw === 'PROTOBUF' || raw === 'JSON' ? raw : 'AVRO';
}
