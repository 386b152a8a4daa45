/**
 * The Schema Registry client: typed methods over the Confluent REST API
 * (Confluent Schema Registry, Apicurio's /apis/ccompat/v7, Karapace, Redpanda).
 *
 * How to get one (for the decoders and encoders in core/kafka/serde and the
 * kafka.schemas.* handlers):
 *
 *   const conn = await connections.get(connectionId);   // KafkaConnections (kafka/area)
 *   const registry = schemaRegistryFor(conn);           // throws INVALID_INPUT when the profile has no registry URL
 *   const schema = await registry.schemaById(id, { signal });   // cached per registry and id
 *
 * `schemaRegistryFor` is cheap (no I/O): call it per operation. The client
 * holds no socket (one per request, closed with it) and needs no disposal;
 * the schema-by-id cache is shared by every client of the same registry and
 * credentials, and bounded (cache.ts). Every method takes the call's
 * AbortSignal and a timeout (default 10 s). Errors are StackdeckErrors with
 * the registry's error_code in detail.registryErrorCode (40401 subject not
 * found, 40402 version not found, 40403 schema not found, 409 incompatible,
 * 42201 invalid schema...) and its message in the message.
 */
import { createHash } from 'node:crypto';
import type {
  CompatibilityLevel,
  CompatibilityResult,
  SchemaInput,
  SchemaReference,
  SchemaType,
  SubjectVersion,
  VersionRef,
} from '../../../shared/contract/kafka/schemas';
import { StackdeckError } from '../../../shared/errors';
import { nodeTlsOptions } from '../../connections/clients/common';
import type { SchemaRegistryTarget } from '../../connections/clients/kafka';
import { connectUrlKey } from '../../connections/endpoint';
import type { KafkaConnection } from '../area';
import { apicurioReasons } from './apicurio';
import { SchemaCache, type CachedSchema } from './cache';
import { request, seg, type Json, type RegistryCall, type RegistryEndpoint } from './http';

export type { CachedSchema } from './cache';

export interface CallOptions {
  /** The call's signal: aborting it stops the request. */
  signal?: AbortSignal;
  /** Default 10 000 ms. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const COMPATIBILITY_LEVELS: readonly string[] = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
];

/** One cache for the process: bounded, keyed by registry identity and id. */
const sharedCache = new SchemaCache();

const obj = (v: Json | undefined): { [key: string]: Json } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
const num = (v: Json | undefined): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
const str = (v: Json | undefined): string | null => (typeof v === 'string' ? v : null);
const schemaTypeOf = (v: Json | undefined): SchemaType => (v === 'PROTOBUF' || v === 'JSON' ? v : 'AVRO');
const levelOf = (v: Json | undefined): CompatibilityLevel | null =>
  typeof v === 'string' && COMPATIBILITY_LEVELS.includes(v) ? (v as CompatibilityLevel) : null;

function referencesOf(v: Json | undefined): SchemaReference[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((r) => {
    const o = obj(r);
    const name = str(o.name);
    const subject = str(o.subject);
    const version = num(o.version);
    return name && subject && version !== null ? [{ name, subject, version }] : [];
  });
}

function intList(v: Json): number[] {
  return Array.isArray(v) ? v.flatMap((x) => (typeof x === 'number' && Number.isInteger(x) ? [x] : [])) : [];
}

/** The body the registry takes for register / check / lookup: schemaType omitted for AVRO, as Confluent's clients do. */
function schemaBody(input: SchemaInput): Json {
  const body: { [key: string]: Json } = { schema: input.schema };
  if (input.schemaType !== 'AVRO') body.schemaType = input.schemaType;
  if (input.references.length > 0) body.references = input.references.map((r) => ({ ...r }));
  return body;
}

const versionSeg = (v: VersionRef): string => (v === 'latest' ? 'latest' : String(v));

export class SchemaRegistryClient {
  /** The base URL, without a trailing slash. */
  readonly url: string;
  private readonly cacheKey: string;

  constructor(
    private readonly endpoint: RegistryEndpoint,
    identity: string,
    private readonly cache: SchemaCache = sharedCache,
  ) {
    this.url = endpoint.url;
    this.cacheKey = `${connectUrlKey(endpoint.url)}|${identity}|`;
  }

  private call(opts: CallOptions | undefined): RegistryCall {
    // The deadline is enforced by the request itself (http.ts), with or without a signal.
    return {
      signal: opts?.signal ?? new AbortController().signal,
      deadline: Date.now() + (opts?.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    };
  }

  private get(path: string, what: string, opts?: CallOptions): Promise<Json> {
    return request(this.endpoint, 'GET', path, undefined, this.call(opts), what);
  }

  async subjects(opts?: CallOptions & { deleted?: boolean }): Promise<string[]> {
    const body = await this.get(`/subjects${opts?.deleted ? '?deleted=true' : ''}`, 'the subject list', opts);
    return Array.isArray(body) ? body.flatMap((s) => (typeof s === 'string' ? [s] : [])) : [];
  }

  async versions(subject: string, opts?: CallOptions & { deleted?: boolean }): Promise<number[]> {
    const q = opts?.deleted ? '?deleted=true' : '';
    return intList(await this.get(`/subjects/${seg(subject)}/versions${q}`, `the versions of "${subject}"`, opts));
  }

  async schemaByVersion(subject: string, version: VersionRef, opts?: CallOptions): Promise<SubjectVersion> {
    const body = obj(
      await this.get(
        `/subjects/${seg(subject)}/versions/${versionSeg(version)}`,
        `version ${version} of "${subject}"`,
        opts,
      ),
    );
    return {
      subject: str(body.subject) ?? subject,
      version: num(body.version) ?? 0,
      id: num(body.id) ?? -1,
      schemaType: schemaTypeOf(body.schemaType),
      schema: str(body.schema) ?? '',
      references: referencesOf(body.references),
    };
  }

  /**
   * The schema of a global id, from the cache when it was fetched before (an
   * unknown id: NOT_FOUND, 40403). Concurrent calls for one id share the first
   * caller's request, and so its signal.
   */
  schemaById(id: number, opts?: CallOptions): Promise<CachedSchema> {
    return this.cache.get(
      `${this.cacheKey}${id}`,
      async () => {
        const body = obj(await this.get(`/schemas/ids/${id}`, `schema id ${id}`, opts));
        return {
          id,
          schemaType: schemaTypeOf(body.schemaType),
          schema: str(body.schema) ?? '',
          references: referencesOf(body.references),
        };
      },
      (err) => err instanceof StackdeckError && err.code === 'NOT_FOUND',
    );
  }

  /** The subjects and versions registered with a global id (GET /schemas/ids/{id}/versions). */
  async subjectVersionsForId(id: number, opts?: CallOptions): Promise<{ subject: string; version: number }[]> {
    const body = await this.get(`/schemas/ids/${id}/versions`, `the subjects of schema id ${id}`, opts);
    return (Array.isArray(body) ? body : []).flatMap((e) => {
      const o = obj(e);
      const subject = str(o.subject);
      const version = num(o.version);
      return subject !== null && version !== null ? [{ subject, version }] : [];
    });
  }

  async globalCompatibility(opts?: CallOptions): Promise<CompatibilityLevel | null> {
    const body = obj(await this.get('/config', 'the global compatibility level', opts));
    return levelOf(body.compatibilityLevel ?? body.compatibility);
  }

  /** A subject's own level; null when it has none and follows the global level. */
  async subjectCompatibility(subject: string, opts?: CallOptions): Promise<CompatibilityLevel | null> {
    try {
      const body = obj(await this.get(`/config/${seg(subject)}`, `the compatibility level of "${subject}"`, opts));
      return levelOf(body.compatibilityLevel ?? body.compatibility);
    } catch (err) {
      // 40401 / 40408: no level of its own.
      if (err instanceof StackdeckError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async setGlobalCompatibility(level: CompatibilityLevel, opts?: CallOptions): Promise<void> {
    await request(this.endpoint, 'PUT', '/config', { compatibility: level }, this.call(opts), 'the global level');
  }

  async setSubjectCompatibility(subject: string, level: CompatibilityLevel, opts?: CallOptions): Promise<void> {
    const what = `the compatibility level of "${subject}"`;
    await request(this.endpoint, 'PUT', `/config/${seg(subject)}`, { compatibility: level }, this.call(opts), what);
  }

  /** Removes a subject's own level, so it follows the global level again (none set: nothing to do). */
  async deleteSubjectCompatibility(subject: string, opts?: CallOptions): Promise<void> {
    const what = `removing the compatibility level of "${subject}"`;
    await request(this.endpoint, 'DELETE', `/config/${seg(subject)}`, undefined, this.call(opts), what).catch(
      (err: unknown) => {
        if (err instanceof StackdeckError && err.code === 'NOT_FOUND') return null;
        throw err;
      },
    );
  }

  /**
   * POST /compatibility/subjects/{s}/versions/{v}?verbose=true: whether `schema`
   * may follow that version under the subject's level, with the registry's
   * reasons where it gives them (Confluent does; Apicurio's ccompat answers
   * only the verdict, and gives its reason when the version is registered).
   */
  async checkCompatibility(
    subject: string,
    version: VersionRef,
    schema: SchemaInput,
    opts?: CallOptions,
  ): Promise<Omit<CompatibilityResult, 'level'>> {
    const path = `/compatibility/subjects/${seg(subject)}/versions/${versionSeg(version)}?verbose=true`;
    const what = `the compatibility check against "${subject}" version ${version}`;
    const body = obj(await request(this.endpoint, 'POST', path, schemaBody(schema), this.call(opts), what));
    const messages = Array.isArray(body.messages)
      ? body.messages.flatMap((m) => (typeof m === 'string' ? [m] : [JSON.stringify(m)]))
      : [];
    return { compatible: body.is_compatible === true, messages };
  }

  /**
   * The reasons a registry gives for `schema` being incompatible with `subject`,
   * where its Confluent API gave the verdict without them (Apicurio: its own
   * dry run). [] when there are none to be had; never stores anything.
   */
  explainIncompatibility(subject: string, schema: SchemaInput, opts?: CallOptions): Promise<string[]> {
    return apicurioReasons(this.endpoint, subject, schema, this.call(opts));
  }

  /** Registers `schema` under `subject`; the existing id when the same schema is already there. */
  async register(subject: string, schema: SchemaInput, opts?: CallOptions): Promise<{ id: number }> {
    const what = `registering a new version of "${subject}"`;
    const path = `/subjects/${seg(subject)}/versions`;
    const body = obj(await request(this.endpoint, 'POST', path, schemaBody(schema), this.call(opts), what));
    const id = num(body.id);
    if (id === null) throw new StackdeckError('SERVER_ERROR', `The Schema Registry answered ${what} without an id.`);
    return { id };
  }

  /** POST /subjects/{s}: the version of `subject` that holds exactly this schema (NOT_FOUND when none). */
  async lookup(subject: string, schema: SchemaInput, opts?: CallOptions): Promise<SubjectVersion> {
    const what = `looking the schema up in "${subject}"`;
    const path = `/subjects/${seg(subject)}`;
    const body = obj(await request(this.endpoint, 'POST', path, schemaBody(schema), this.call(opts), what));
    return {
      subject: str(body.subject) ?? subject,
      version: num(body.version) ?? 0,
      id: num(body.id) ?? -1,
      schemaType: body.schemaType === undefined ? schema.schemaType : schemaTypeOf(body.schemaType),
      schema: str(body.schema) ?? schema.schema,
      references: referencesOf(body.references),
    };
  }

  /** Soft-deletes a version, or with `permanent` hard-deletes one that was soft-deleted; returns the version. */
  async deleteVersion(subject: string, version: number, opts?: CallOptions & { permanent?: boolean }): Promise<number> {
    const what = `${opts?.permanent ? 'permanently deleting' : 'deleting'} version ${version} of "${subject}"`;
    const path = `/subjects/${seg(subject)}/versions/${version}${opts?.permanent ? '?permanent=true' : ''}`;
    const body = await request(this.endpoint, 'DELETE', path, undefined, this.call(opts), what);
    return num(body) ?? version;
  }

  /** Soft-deletes a subject, or with `permanent` hard-deletes a soft-deleted one; returns the versions deleted. */
  async deleteSubject(subject: string, opts?: CallOptions & { permanent?: boolean }): Promise<number[]> {
    const what = `${opts?.permanent ? 'permanently deleting' : 'deleting'} the subject "${subject}"`;
    const path = `/subjects/${seg(subject)}${opts?.permanent ? '?permanent=true' : ''}`;
    return intList(await request(this.endpoint, 'DELETE', path, undefined, this.call(opts), what));
  }
}

function authorizationOf(t: SchemaRegistryTarget): string {
  if (t.auth === 'basic') return `Basic ${Buffer.from(`${t.username}:${t.password}`).toString('base64')}`;
  if (t.auth === 'bearer' && t.token) return `Bearer ${t.token}`;
  return '';
}

/** Which cache entries a client may see: a schema fetched with one user's credentials is not served to another's. */
function identityOf(t: SchemaRegistryTarget): string {
  const secret = t.auth === 'basic' ? t.password : t.auth === 'bearer' ? t.token : '';
  const digest = secret ? createHash('sha256').update(secret).digest('hex').slice(0, 16) : '';
  return `${t.auth}:${t.auth === 'basic' ? t.username : ''}:${digest}`;
}

/** A client for a registry target (a connection's `schemaRegistry` with its secrets resolved). */
export function schemaRegistryClient(
  target: SchemaRegistryTarget,
  profileName = 'this connection',
): SchemaRegistryClient {
  const url = target.url.trim().replace(/\/+$/, '');
  if (url === '') {
    throw new StackdeckError(
      'INVALID_INPUT',
      `The connection "${profileName}" has no Schema Registry URL. Edit the connection and set it (e.g. http://127.0.0.1:8081).`,
      { reason: 'schema-registry-not-configured' },
    );
  }
  const host = new URL(url).hostname;
  const tls = nodeTlsOptions({ ...target.tls, enabled: true }, host);
  return new SchemaRegistryClient({ url, authorization: authorizationOf(target), tls }, identityOf(target));
}

/** The Schema Registry of a Kafka connection; INVALID_INPUT (reason schema-registry-not-configured) when it has none. */
export function schemaRegistryFor(conn: KafkaConnection): SchemaRegistryClient {
  return schemaRegistryClient(conn.schemaRegistry, conn.profile.name);
}

/** Whether the connection names a registry at all (the decoders' "auto" mode asks before trying). */
export function hasSchemaRegistry(conn: KafkaConnection): boolean {
  return conn.schemaRegistry.url.trim() !== '';
}
