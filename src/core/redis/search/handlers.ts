/**
 * RediSearch (src/shared/contract/redis/search.ts): indexes by FT._LIST and
 * FT.INFO, queries by FT.SEARCH with LIMIT. Replies are RESP2 flat arrays
 * (ioredis), read here into indexes and documents. A server without the
 * module, and a query the server cannot parse, are each said in words.
 */
import { SEARCH_VALUE_CHARS, type SearchDoc, type SearchIndex } from '../../../shared/contract/redis/search';
import { StackdeckError } from '../../../shared/errors';
import type { MethodHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { keyName } from '../bytes';
import { guarded, isReplyError } from '../errors';

const MAX_INDEXES = 500;

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString() : String(v ?? ''));

/** A flat [name, value, name, value, ...] reply as a map. */
function pairs(v: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const a = Array.isArray(v) ? (v as unknown[]) : [];
  for (let i = 0; i + 1 < a.length; i += 2) m.set(text(a[i]), a[i + 1]);
  return m;
}

export function parseInfo(name: string, reply: unknown): SearchIndex {
  const info = pairs(reply);
  const def = pairs(info.get('index_definition'));
  const attrs = Array.isArray(info.get('attributes')) ? (info.get('attributes') as unknown[]) : [];
  return {
    name,
    keyType: text(def.get('key_type')),
    prefixes: (Array.isArray(def.get('prefixes')) ? (def.get('prefixes') as unknown[]) : []).map(text),
    fields: attrs.map((a) => {
      const f = pairs(a);
      return { name: text(f.get('attribute') ?? f.get('identifier')), type: text(f.get('type')) };
    }),
    docs: Number(text(info.get('num_docs'))) || 0,
  };
}

/** FT.SEARCH's reply: total, then key and [field, value, ...] per document. */
export function parseSearch(reply: unknown): { total: number; docs: SearchDoc[] } {
  const a = Array.isArray(reply) ? (reply as unknown[]) : [];
  const docs: SearchDoc[] = [];
  for (let i = 1; i < a.length; i += 2) {
    const key = a[i];
    const raw = Array.isArray(a[i + 1]) ? (a[i + 1] as unknown[]) : [];
    const fields: SearchDoc['fields'] = [];
    for (let j = 0; j + 1 < raw.length; j += 2) {
      const value = text(raw[j + 1]);
      const truncated = value.length > SEARCH_VALUE_CHARS;
      fields.push({ name: text(raw[j]), value: truncated ? value.slice(0, SEARCH_VALUE_CHARS) : value, truncated });
    }
    docs.push({ key: keyName(Buffer.isBuffer(key) ? key : Buffer.from(text(key))), fields });
  }
  return { total: Number(a[0] ?? 0), docs };
}

const noModule = (err: unknown): boolean => isReplyError(err) && /unknown command/i.test(err.message);

const moduleMissing = (): StackdeckError =>
  new StackdeckError(
    'INVALID_INPUT',
    'This server has no RediSearch module (FT._LIST is an unknown command), so there are no search indexes to show.',
  );

export const searchSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<'redis.search.indexes' | 'redis.search.query'> = {
    async 'redis.search.indexes'(input) {
      const t = await connections.get(input.connectionId, null);
      return guarded(t, 'Listing the search indexes', async () => {
        let names: string[];
        try {
          names = ((await t.client.call('FT._LIST')) as unknown[]).map(text).sort().slice(0, MAX_INDEXES);
        } catch (err) {
          if (noModule(err)) throw moduleMissing();
          throw err;
        }
        const indexes: SearchIndex[] = [];
        for (const name of names) indexes.push(parseInfo(name, await t.client.call('FT.INFO', name)));
        return { indexes };
      });
    },

    async 'redis.search.query'(input) {
      const t = await connections.get(input.connectionId, null);
      return guarded(t, 'Searching', async () => {
        try {
          const reply = await t.client.callBuffer(
            'FT.SEARCH',
            input.index,
            input.query,
            'LIMIT',
            String(input.offset),
            String(input.limit),
          );
          return parseSearch(reply);
        } catch (err) {
          if (noModule(err)) throw moduleMissing();
          // The server's own words for a query it cannot parse or an index it does not have.
          if (isReplyError(err))
            throw new StackdeckError('INVALID_INPUT', `FT.SEARCH refused the query: ${err.message}`, {
              where: 'query',
            });
          throw err;
        }
      });
    },
  };
  return { handlers };
};
