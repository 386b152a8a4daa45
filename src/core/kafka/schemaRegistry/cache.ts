/**
 * Schemas by id, cached per registry: an id names immutable content in the
 * Confluent API, so a schema fetched once is never fetched again while it
 * stays in the cache. Bounded twice (entries and total schema characters),
 * least recently used out first; a decoder reading a topic of a million
 * records asks the registry once per id, not once per record.
 *
 * An id the registry does not know is remembered for a short while only (it
 * may be registered a moment later), so a topic full of unknown ids does not
 * send one request per record either. Concurrent misses for one id share one
 * request.
 */
import type { SchemaReference, SchemaType } from '../../../shared/contract/kafka/schemas';

export interface CachedSchema {
  readonly id: number;
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

export interface SchemaCacheLimits {
  maxEntries: number;
  maxChars: number;
  /** How long an unknown id is answered from the cache, ms. */
  missTtlMs: number;
}

export const DEFAULT_LIMITS: SchemaCacheLimits = { maxEntries: 2_000, maxChars: 32 * 1024 * 1024, missTtlMs: 10_000 };

export class SchemaCache {
  private readonly hits = new Map<string, CachedSchema>();
  private readonly misses = new Map<string, { until: number; error: Error }>();
  private readonly inflight = new Map<string, Promise<CachedSchema>>();
  private chars = 0;

  constructor(private readonly limits: SchemaCacheLimits = DEFAULT_LIMITS) {}

  /** The cached schema of `key` (registry identity + id), fetching it once with `load` on a miss. */
  async get(key: string, load: () => Promise<CachedSchema>, isMiss: (err: unknown) => boolean): Promise<CachedSchema> {
    const hit = this.hits.get(key);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
      this.hits.delete(key);
      this.hits.set(key, hit);
      return hit;
    }
    const miss = this.misses.get(key);
    if (miss && miss.until > Date.now()) throw miss.error;
    if (miss) this.misses.delete(key);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const p = load().then(
      (schema) => {
        this.put(key, schema);
        return schema;
      },
      (err: unknown) => {
        if (isMiss(err) && err instanceof Error) this.remember(key, err);
        throw err;
      },
    );
    this.inflight.set(key, p);
    try {
      return await p;
    } finally {
      this.inflight.delete(key);
    }
  }

  get size(): number {
    return this.hits.size;
  }

  /** Drops every entry of one registry (its keys start with `prefix`). */
  forget(prefix: string): void {
    for (const [key, value] of this.hits) {
      if (key.startsWith(prefix)) {
        this.hits.delete(key);
        this.chars -= value.schema.length;
      }
    }
    for (const key of this.misses.keys()) if (key.startsWith(prefix)) this.misses.delete(key);
  }

  private put(key: string, schema: CachedSchema): void {
    // A schema larger than the whole budget is served but not kept.
    if (schema.schema.length > this.limits.maxChars) return;
    this.hits.set(key, schema);
    this.chars += schema.schema.length;
    while (this.hits.size > this.limits.maxEntries || this.chars > this.limits.maxChars) {
      const oldest = this.hits.keys().next();
      if (oldest.done) break;
      const value = this.hits.get(oldest.value);
      this.hits.delete(oldest.value);
      this.chars -= value?.schema.length ?? 0;
    }
  }

  private remember(key: string, error: Error): void {
    this.misses.set(key, { until: Date.now() + this.limits.missTtlMs, error });
    // Bounded like the hits: the oldest unknown ids go first.
    while (this.misses.size > this.limits.maxEntries) {
      const oldest = this.misses.keys().next();
      if (oldest.done) break;
      this.misses.delete(oldest.value);
    }
  }
}
