import { z } from 'zod';
import { method } from '../define';

/**
 * `kafka.schemas.*`: the Schema Registry of a Kafka connection (Confluent REST
 * API; its URL and auth are part of the Kafka profile, `schemaRegistry`). Every
 * input carries `connectionId`; every write is marked `writes`, so a read-only
 * connection refuses it in core. The registry's own error_code and message are
 * passed on (detail.registryErrorCode); an unreachable registry is UNREACHABLE.
 */

const connectionId = z.string().min(1);
const int = z.number().int();

/** A subject name as it goes into a URL path segment: no control characters (encoded, any other character is fine). */
export const SubjectName = z
  .string()
  .min(1)
  .max(512)
  .refine(
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    (s) => !/[\u0000-\u001f\u007f]/.test(s),
    'A subject name cannot contain control characters.',
  );

/** The registry's schema types; AVRO when the registry omits it (Confluent's convention). */
export const SchemaType = z.enum(['AVRO', 'PROTOBUF', 'JSON']);
export type SchemaType = z.infer<typeof SchemaType>;

export const CompatibilityLevel = z.enum([
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
]);
export type CompatibilityLevel = z.infer<typeof CompatibilityLevel>;

/** A reference to another registered schema (Protobuf imports, JSON Schema $ref, Avro named types). */
export const SchemaReference = z.object({
  /** The import path / $ref / full type name the schema text uses. */
  name: z.string().min(1).max(1024),
  subject: SubjectName,
  version: int.min(1),
});
export type SchemaReference = z.infer<typeof SchemaReference>;

/** A version number, or `latest`. */
export const VersionRef = z.union([int.min(1), z.literal('latest')]);
export type VersionRef = z.infer<typeof VersionRef>;

/** One version of a subject. */
export const SubjectVersion = z.object({
  subject: z.string(),
  version: int,
  /** The global schema id (what the Confluent wire format carries after the magic byte). */
  id: int,
  schemaType: SchemaType,
  schema: z.string(),
  references: z.array(SchemaReference),
});
export type SubjectVersion = z.infer<typeof SubjectVersion>;

export const SubjectSummary = z.object({
  subject: z.string(),
  /** Latest (not soft-deleted) version; null when the subject has only soft-deleted versions. */
  latestVersion: int.nullable(),
  latestId: int.nullable(),
  schemaType: SchemaType.nullable(),
  versionCount: int,
  /** The subject's own level; null when it follows the global level. */
  compatibility: CompatibilityLevel.nullable(),
});
export type SubjectSummary = z.infer<typeof SubjectSummary>;

export const SubjectList = z.object({
  url: z.string(),
  globalCompatibility: CompatibilityLevel.nullable(),
  subjects: z.array(SubjectSummary),
  /** True when the list stopped at the limit. */
  truncated: z.boolean(),
});
export type SubjectList = z.infer<typeof SubjectList>;

/** Schema text as it is registered or checked. */
export const SchemaInput = z.object({
  schemaType: SchemaType.default('AVRO'),
  schema: z.string().min(1).max(4_000_000),
  references: z.array(SchemaReference).max(1000).default([]),
});
export type SchemaInput = z.infer<typeof SchemaInput>;

export const CompatibilityResult = z.object({
  compatible: z.boolean(),
  /** The registry's reasons (Confluent's verbose messages); empty when it gives none. */
  messages: z.array(z.string()),
  /** The level the check ran under (the subject's, else the global one), when known. */
  level: CompatibilityLevel.nullable(),
});
export type CompatibilityResult = z.infer<typeof CompatibilityResult>;

const BySubject = z.object({ connectionId, subject: SubjectName });

export const kafkaSchemas = {
  'kafka.schemas.subjects.list': method({
    summary: 'Subjects of the Schema Registry with their latest version, type and compatibility level (up to `limit`)',
    input: z.object({ connectionId, limit: int.min(1).max(5000).default(500) }),
    output: SubjectList,
    timeoutMs: 30_000,
  }),
  'kafka.schemas.versions.list': method({
    summary: 'Version numbers of a subject (with soft-deleted ones when `deleted`)',
    input: BySubject.extend({ deleted: z.boolean().default(false) }),
    output: z.object({ subject: z.string(), versions: z.array(int), deleted: z.array(int) }),
  }),
  'kafka.schemas.versions.get': method({
    summary: 'One version of a subject: id, type, schema text, references',
    input: BySubject.extend({ version: VersionRef }),
    output: SubjectVersion,
  }),
  'kafka.schemas.versions.diff': method({
    summary: 'Two versions of a subject side by side (schema text pretty-printed for JSON types), for a diff view',
    input: BySubject.extend({ from: VersionRef, to: VersionRef }),
    output: z.object({ from: SubjectVersion, to: SubjectVersion, fromText: z.string(), toText: z.string() }),
  }),
  'kafka.schemas.byId': method({
    summary: 'A schema by its global id (cached per registry), with the subjects and versions that use it',
    input: z.object({ connectionId, id: int.min(0) }),
    output: z.object({
      id: int,
      schemaType: SchemaType,
      schema: z.string(),
      references: z.array(SchemaReference),
      usedBy: z.array(z.object({ subject: z.string(), version: int })),
    }),
  }),
  'kafka.schemas.compatibility.get': method({
    summary: 'The global compatibility level, and a subject’s own level when `subject` is given (null: follows global)',
    input: z.object({ connectionId, subject: SubjectName.optional() }),
    output: z.object({ global: CompatibilityLevel.nullable(), subject: CompatibilityLevel.nullable() }),
  }),
  'kafka.schemas.compatibility.set': method({
    summary: 'Sets the global level, or a subject’s level (null for a subject: remove it, follow global)',
    input: z.object({ connectionId, subject: SubjectName.optional(), level: CompatibilityLevel.nullable() }),
    output: z.object({ global: CompatibilityLevel.nullable(), subject: CompatibilityLevel.nullable() }),
    writes: true,
  }),
  'kafka.schemas.check': method({
    summary: 'Tests a schema against a version of a subject (default latest) under its compatibility level',
    input: BySubject.extend({ version: VersionRef.default('latest'), schema: SchemaInput }),
    output: CompatibilityResult,
  }),
  'kafka.schemas.register': method({
    summary:
      'Registers a schema as a new version of a subject (or returns the existing one); the registry enforces its compatibility level',
    input: BySubject.extend({ schema: SchemaInput }),
    output: z.object({ subject: z.string(), id: int, version: int.nullable() }),
    writes: true,
    timeoutMs: 30_000,
  }),
  'kafka.schemas.delete': method({
    summary:
      'Deletes a version (or the whole subject when `version` is absent): soft by default; `permanent` hard-deletes what was soft-deleted and needs `confirmName` = the subject',
    input: BySubject.extend({
      version: int.min(1).optional(),
      permanent: z.boolean().default(false),
      confirmName: z.string().optional(),
    }),
    output: z.object({ subject: z.string(), deletedVersions: z.array(int), permanent: z.boolean() }),
    writes: true,
  }),
} as const;
