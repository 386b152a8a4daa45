/**
 * The kafka.schemas.* operations composed from the client's single requests:
 * the subject list with each subject's latest version, type and level (a few
 * requests per subject, a bounded number at a time), the texts of two versions
 * for a diff, a check that names the level it ran under, register with the
 * version it became, and deletes where "permanent" does the soft delete first,
 * as the registry requires. Read-only connections never reach the writes: the
 * router refuses every method the contract marks `writes`.
 */
import type {
  CompatibilityLevel,
  CompatibilityResult,
  SchemaInput,
  SubjectList,
  SubjectSummary,
  SubjectVersion,
  VersionRef,
} from '../../../shared/contract/kafka/schemas';
import { StackdeckError } from '../../../shared/errors';
import type { CallOptions, SchemaRegistryClient } from './client';

/** Requests in flight at once while listing subjects: a registry is one server, often shared. */
const LIST_CONCURRENCY = 8;

async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const isCode = (err: unknown, ...codes: number[]): boolean =>
  err instanceof StackdeckError && codes.includes(Number(err.detail?.registryErrorCode));

async function summaryOf(client: SchemaRegistryClient, subject: string, o: CallOptions): Promise<SubjectSummary> {
  const [versions, all, compatibility] = await Promise.all([
    client.versions(subject, o).catch((err: unknown) => {
      // A subject whose versions are all soft-deleted is listed with ?deleted=true only, but a race may land here.
      if (isCode(err, 40401)) return [] as number[];
      throw err;
    }),
    client.versions(subject, { ...o, deleted: true }).catch(() => [] as number[]),
    client.subjectCompatibility(subject, o),
  ]);
  const latest = versions.length > 0 ? await client.schemaByVersion(subject, 'latest', o) : null;
  return {
    subject,
    latestVersion: latest?.version ?? null,
    latestId: latest?.id ?? null,
    schemaType: latest?.schemaType ?? null,
    versionCount: Math.max(versions.length, all.length),
    compatibility,
  };
}

export async function listSubjects(client: SchemaRegistryClient, limit: number, o: CallOptions): Promise<SubjectList> {
  const [names, globalCompatibility] = await Promise.all([client.subjects(o), client.globalCompatibility(o)]);
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  const shown = sorted.slice(0, limit);
  const subjects = await mapBounded(shown, LIST_CONCURRENCY, (s) => summaryOf(client, s, o));
  return { url: client.url, globalCompatibility, subjects, truncated: sorted.length > shown.length };
}

export async function listVersions(
  client: SchemaRegistryClient,
  subject: string,
  withDeleted: boolean,
  o: CallOptions,
): Promise<{ subject: string; versions: number[]; deleted: number[] }> {
  const live = await client.versions(subject, o).catch((err: unknown) => {
    if (withDeleted && isCode(err, 40401, 40404)) return [] as number[];
    throw err;
  });
  if (!withDeleted) return { subject, versions: live, deleted: [] };
  const all = await client.versions(subject, { ...o, deleted: true });
  const liveSet = new Set(live);
  return { subject, versions: live, deleted: all.filter((v) => !liveSet.has(v)) };
}

/** Schema text for reading and diffing: JSON (Avro, JSON Schema) indented two spaces; Protobuf as registered. */
export function displayText(v: Pick<SubjectVersion, 'schemaType' | 'schema'>): string {
  if (v.schemaType === 'PROTOBUF') return v.schema;
  try {
    return JSON.stringify(JSON.parse(v.schema), null, 2);
  } catch {
    return v.schema;
  }
}

export async function diffVersions(
  client: SchemaRegistryClient,
  subject: string,
  from: VersionRef,
  to: VersionRef,
  o: CallOptions,
): Promise<{ from: SubjectVersion; to: SubjectVersion; fromText: string; toText: string }> {
  const [a, b] = await Promise.all([client.schemaByVersion(subject, from, o), client.schemaByVersion(subject, to, o)]);
  return { from: a, to: b, fromText: displayText(a), toText: displayText(b) };
}

export async function compatibilityOf(
  client: SchemaRegistryClient,
  subject: string | undefined,
  o: CallOptions,
): Promise<{ global: CompatibilityLevel | null; subject: CompatibilityLevel | null }> {
  const [global, own] = await Promise.all([
    client.globalCompatibility(o),
    subject === undefined ? Promise.resolve(null) : client.subjectCompatibility(subject, o),
  ]);
  return { global, subject: own };
}

export async function setCompatibility(
  client: SchemaRegistryClient,
  subject: string | undefined,
  level: CompatibilityLevel | null,
  o: CallOptions,
): Promise<{ global: CompatibilityLevel | null; subject: CompatibilityLevel | null }> {
  if (subject === undefined) {
    if (level === null) {
      throw new StackdeckError(
        'INVALID_INPUT',
        'Choose a global compatibility level; only a subject can drop its own.',
        {
          field: 'level',
        },
      );
    }
    await client.setGlobalCompatibility(level, o);
  } else if (level === null) {
    const before = await client.subjectCompatibility(subject, o);
    await client.deleteSubjectCompatibility(subject, o);
    const [after, global] = await Promise.all([client.subjectCompatibility(subject, o), client.globalCompatibility(o)]);
    // Apicurio 3's ccompat API answers the DELETE with the old level and keeps it: say so rather than
    // report a subject that follows the global level when it does not.
    if (after !== null && after === before && after !== global) {
      throw new StackdeckError(
        'SERVER_ERROR',
        `The Schema Registry accepted the removal of "${subject}"'s own level but still reports ${after} for it ` +
          `(the global level is ${global ?? 'unknown'}). Set the subject's level explicitly instead.`,
        { reason: 'compatibility-not-removed' },
      );
    }
  } else {
    await client.setSubjectCompatibility(subject, level, o);
  }
  return compatibilityOf(client, subject, o);
}

export async function checkSchema(
  client: SchemaRegistryClient,
  subject: string,
  version: VersionRef,
  schema: SchemaInput,
  o: CallOptions,
): Promise<CompatibilityResult> {
  const levels = await compatibilityOf(client, subject, o).catch(() => ({ global: null, subject: null }));
  const level = levels.subject ?? levels.global;
  try {
    const verdict = await client.checkCompatibility(subject, version, schema, o);
    if (!verdict.compatible && verdict.messages.length === 0 && version === 'latest') {
      return { ...verdict, messages: await client.explainIncompatibility(subject, schema, o), level };
    }
    return { ...verdict, level };
  } catch (err) {
    // Confluent answers 40401 for a subject with no versions: anything may be its first version.
    if (isCode(err, 40401) && version === 'latest') {
      return {
        compatible: true,
        messages: ['The subject has no versions yet: this schema would be its first.'],
        level,
      };
    }
    throw err;
  }
}

export async function registerSchema(
  client: SchemaRegistryClient,
  subject: string,
  schema: SchemaInput,
  o: CallOptions,
): Promise<{ subject: string; id: number; version: number | null }> {
  const { id } = await client.register(subject, schema, o);
  // The register answer carries the id only; the lookup names the version it became (or already was).
  const version = await client
    .lookup(subject, schema, o)
    .then((v) => v.version)
    .catch(() => null);
  return { subject, id, version };
}

export async function deleteSchema(
  client: SchemaRegistryClient,
  subject: string,
  version: number | undefined,
  permanent: boolean,
  o: CallOptions,
): Promise<{ subject: string; deletedVersions: number[]; permanent: boolean }> {
  if (version !== undefined) {
    if (permanent) {
      // The registry hard-deletes only what was soft-deleted first (40407): do both, in that order.
      await client.deleteVersion(subject, version, o).catch((err: unknown) => {
        if (!isCode(err, 40406)) throw err; // 40406: already soft-deleted
      });
    }
    const v = await client.deleteVersion(subject, version, { ...o, permanent });
    return { subject, deletedVersions: [v], permanent };
  }
  let soft: number[] = [];
  if (permanent) {
    soft = await client.deleteSubject(subject, o).catch((err: unknown) => {
      if (!isCode(err, 40404)) throw err; // 40404: already soft-deleted
      return [] as number[];
    });
  }
  const deleted = await client.deleteSubject(subject, { ...o, permanent });
  return { subject, deletedVersions: deleted.length > 0 ? deleted : soft, permanent };
}
