import { z } from 'zod';
import { method } from '../define';
import { KeyName, connectionId } from './common';

/**
 * RediSearch where the module is loaded: the indexes (FT._LIST, each described
 * by FT.INFO) and a query (FT.SEARCH with LIMIT), its documents as rows of
 * fields for the result grid. Values are cut at SEARCH_VALUE_CHARS.
 */
export const SEARCH_VALUE_CHARS = 4_096;

export const SearchIndex = z.object({
  name: z.string(),
  /** HASH or JSON. */
  keyType: z.string(),
  prefixes: z.array(z.string()),
  fields: z.array(z.object({ name: z.string(), type: z.string() })),
  docs: z.number().int(),
});
export type SearchIndex = z.infer<typeof SearchIndex>;

export const SearchDoc = z.object({
  key: KeyName,
  /** Field name and value as text; a JSON index answers the document as `$`. */
  fields: z.array(z.object({ name: z.string(), value: z.string(), truncated: z.boolean() })),
});
export type SearchDoc = z.infer<typeof SearchDoc>;

export const redisSearch = {
  'redis.search.indexes': method({
    input: z.object({ connectionId }),
    output: z.object({ indexes: z.array(SearchIndex) }),
    summary: 'RediSearch indexes (FT._LIST) with their key type, prefixes, fields and document count (FT.INFO).',
  }),
  'redis.search.query': method({
    input: z.object({
      connectionId,
      index: z.string().min(1).max(1024),
      query: z.string().min(1, 'Type a query, e.g. * or @name:ada.').max(8_192),
      offset: z.number().int().min(0).max(1_000_000).default(0),
      limit: z.number().int().min(1).max(1_000).default(50),
    }),
    output: z.object({ total: z.number().int(), docs: z.array(SearchDoc) }),
    summary: 'Runs FT.SEARCH on an index (LIMIT offset limit); answers the total and a page of documents.',
  }),
} as const;
