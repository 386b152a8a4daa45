/**
 * The schema-by-id cache's bounds and sharing (core/kafka/schemaRegistry/cache.ts),
 * without a registry: `load` counts how often the registry would be asked.
 * The cache hit against the real registry is in tests/integration/kafka-schemas/client.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { SchemaCache, type CachedSchema } from '../../../../src/core/kafka/schemaRegistry/cache';

const schema = (id: number, size = 10): CachedSchema => ({
  id,
  schemaType: 'AVRO',
  schema: 'x'.repeat(size),
  references: [],
});
const never = (): boolean => false;

describe('SchemaCache', () => {
  it('loads an id once, shares a load in flight, and evicts the least recently used past maxEntries', async () => {
    const cache = new SchemaCache({ maxEntries: 2, maxChars: 1_000, missTtlMs: 1_000 });
    const loads: number[] = [];
    const get = (id: number): Promise<CachedSchema> =>
      cache.get(`r|${id}`, async () => (loads.push(id), schema(id)), never);
    await Promise.all([get(1), get(1)]);
    await get(2);
    await get(1); // 1 is now the most recently used
    await get(3); // evicts 2
    await get(1);
    await get(2);
    expect(loads).toEqual([1, 2, 3, 2]);
    expect(cache.size).toBe(2);
  });

  it('bounds the total schema characters, and does not keep one larger than the budget', async () => {
    const cache = new SchemaCache({ maxEntries: 100, maxChars: 25, missTtlMs: 1_000 });
    let loads = 0;
    const get = (id: number, size: number): Promise<CachedSchema> =>
      cache.get(`r|${id}`, async () => (loads++, schema(id, size)), never);
    await get(1, 10);
    await get(2, 10);
    await get(3, 10); // 30 > 25: 1 goes
    expect(cache.size).toBe(2);
    await get(4, 100);
    expect(cache.size).toBe(2);
    loads = 0;
    await get(4, 100);
    expect(loads).toBe(1);
  });

  it('remembers an unknown id for the miss TTL only, and does not remember other errors', async () => {
    const cache = new SchemaCache({ maxEntries: 10, maxChars: 1_000, missTtlMs: 50 });
    let loads = 0;
    const notFound = Object.assign(new Error('Schema 9 not found.'), { miss: true });
    const isMiss = (e: unknown): boolean => e === notFound;
    const get = (key: string, err: Error): Promise<CachedSchema> =>
      cache.get(
        key,
        async () => {
          loads++;
          throw err;
        },
        isMiss,
      );
    await expect(get('r|9', notFound)).rejects.toBe(notFound);
    await expect(get('r|9', notFound)).rejects.toBe(notFound);
    expect(loads).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    await expect(get('r|9', notFound)).rejects.toBe(notFound);
    expect(loads).toBe(2);
    const down = new Error('unreachable');
    await expect(get('r|8', down)).rejects.toBe(down);
    await expect(get('r|8', down)).rejects.toBe(down);
    expect(loads).toBe(4);
  });

  it('keeps registries apart by key prefix, and forgets one registry', async () => {
    const cache = new SchemaCache();
    await cache.get('a|1', async () => schema(1, 3), never);
    await cache.get('b|1', async () => schema(1, 5), never);
    expect((await cache.get('a|1', async () => schema(1, 99), never)).schema).toHaveLength(3);
    cache.forget('a|');
    expect((await cache.get('a|1', async () => schema(1, 7), never)).schema).toHaveLength(7);
    expect((await cache.get('b|1', async () => schema(1, 99), never)).schema).toHaveLength(5);
  });
});
