/**
 * Compiled schemas per registry and id, with their subject and version,
 * fetched once: the first record with an id fetches the schema, its
 * references (recursively, each subject+version once) and the id's
 * subject/version; every other record with that id, in this call or a later
 * one, uses the same codec. Bounded (LRU by insertion), so a topic with
 * thousands of ids cannot grow it without limit. An id the registry does not
 * know is remembered for a short while only: it may be registered soon.
 */
import { avroCodec } from './avro';
import { errorText, type Codec, type ResolvedReference } from './codec';
import { jsonSchemaCodec } from './jsonSchema';
import { protobufCodec } from './protobuf';
import type { RegistrySchema, SchemaReference, SchemaSource, SchemaType, SubjectVersion } from './source';

export interface SchemaInfo {
  readonly id: number;
  readonly type: SchemaType;
  /** Every subject/version the id is registered under (a registry gives one id to the same schema in many subjects). */
  readonly versions: readonly SubjectVersion[];
}

/** Versions of one id kept per codec: enough to find a topic's own subject, bounded. */
const MAX_VERSIONS = 100;

export type CodecEntry =
  | { readonly status: 'ok'; readonly codec: Codec; readonly info: SchemaInfo }
  | { readonly status: 'unknown-id'; readonly id: number }
  /** The schema was fetched but cannot be compiled (or a reference is missing). */
  | { readonly status: 'bad-schema'; readonly id: number; readonly message: string; readonly type: SchemaType };

type Ok = Extract<CodecEntry, { status: 'ok' }>;

const MAX_CODECS = 1000;
const UNKNOWN_TTL_MS = 10_000;
const FAILING_MS = 5_000;
const MAX_REFERENCE_DEPTH = 32;

export function compile(schema: RegistrySchema, references: readonly ResolvedReference[]): Codec {
  switch (schema.schemaType) {
    case 'AVRO':
      return avroCodec(schema.schema, references);
    case 'PROTOBUF':
      return protobufCodec(schema.schema, references);
    case 'JSON':
      return jsonSchemaCodec(schema.schema, references);
  }
}

/** Every schema `refs` reach, dependencies before their dependents, each subject+version once. */
export async function resolveReferences(
  source: SchemaSource,
  refs: readonly SchemaReference[],
  signal: AbortSignal,
): Promise<ResolvedReference[]> {
  const out: ResolvedReference[] = [];
  const seen = new Set<string>();
  const visit = async (list: readonly SchemaReference[], depth: number): Promise<void> => {
    if (depth > MAX_REFERENCE_DEPTH) throw new Error('schema references nest too deep (a cycle?)');
    for (const ref of list) {
      const key = `${ref.subject}\u0000${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = await source.bySubject(ref.subject, ref.version, signal);
      await visit(s.references, depth + 1);
      out.push({ name: ref.name, schema: s.schema });
    }
  };
  await visit(refs, 0);
  return out;
}

export class SchemaCodecs {
  private readonly entries = new Map<string, Promise<CodecEntry> | { unknownUntil: number }>();
  /**
   * A registry that just failed (unreachable, auth, timeout) fails the next reads at once for a few seconds:
   * a registry that hangs would otherwise cost every browse page its whole timeout.
   */
  private readonly failing = new Map<string, { until: number; error: unknown }>();

  /** Compiled codec for `id` of `source`; rejects on a registry failure (unreachable, auth), remembered briefly. */
  async get(source: SchemaSource, id: number, signal: AbortSignal): Promise<CodecEntry> {
    const key = `${source.key}\u0000${id}`;
    const cached = this.entries.get(key);
    if (cached instanceof Promise) return cached;
    if (cached && cached.unknownUntil > Date.now()) return { status: 'unknown-id', id };
    const failed = this.failing.get(source.key);
    if (failed && failed.until > Date.now()) throw failed.error;
    const loading = this.load(source, id, signal);
    this.entries.set(key, loading);
    if (this.entries.size > MAX_CODECS) this.entries.delete(this.entries.keys().next().value as string);
    try {
      const entry = await loading;
      if (entry.status === 'unknown-id') this.entries.set(key, { unknownUntil: Date.now() + UNKNOWN_TTL_MS });
      return entry;
    } catch (e) {
      if (this.entries.get(key) === loading) this.entries.delete(key);
      if (!signal.aborted) {
        this.failing.set(source.key, { until: Date.now() + FAILING_MS, error: e });
        if (this.failing.size > MAX_CODECS) this.failing.delete(this.failing.keys().next().value as string);
      }
      throw e;
    }
  }

  /**
   * Asks the registry again which subjects `id` is under (the same schema may have been registered in another
   * subject since it was cached) and keeps the answer in the cached entry.
   */
  async refreshVersions(source: SchemaSource, entry: Ok, signal: AbortSignal): Promise<Ok> {
    const versions = (await source.versionsOf(entry.info.id, signal)).slice(0, MAX_VERSIONS);
    const fresh: Ok = { ...entry, info: { ...entry.info, versions } };
    const key = `${source.key}\u0000${entry.info.id}`;
    if (this.entries.has(key)) this.entries.set(key, Promise.resolve(fresh));
    return fresh;
  }

  private async load(source: SchemaSource, id: number, signal: AbortSignal): Promise<CodecEntry> {
    const schema = await source.byId(id, signal);
    if (schema === null) return { status: 'unknown-id', id };
    const [versions, references] = await Promise.all([
      source.versionsOf(id, signal),
      resolveReferences(source, schema.references, signal).catch((e: unknown) => e as Error),
    ]);
    if (references instanceof Error)
      return {
        status: 'bad-schema',
        id,
        type: schema.schemaType,
        message: `a reference could not be loaded: ${errorText(references)}`,
      };
    const info: SchemaInfo = {
      id,
      type: schema.schemaType,
      versions: versions.slice(0, MAX_VERSIONS),
    };
    try {
      return { status: 'ok', codec: compile(schema, references), info };
    } catch (e) {
      return {
        status: 'bad-schema',
        id,
        type: schema.schemaType,
        message: `the schema does not compile: ${errorText(e)}`,
      };
    }
  }
}

/** One cache for the process: schema ids are immutable in a registry, so sharing across calls is safe. */
export const sharedCodecs = new SchemaCodecs();
