import { redisBulk } from './redis/bulk';
import { redisCli } from './redis/cli';
import { redisCollections } from './redis/collections';
import { redisKeys } from './redis/keys';
import { redisJson } from './redis/json';
import { redisMemory } from './redis/memory';
import { redisPubSub } from './redis/pubsub';
import { redisSearch } from './redis/search';
import { redisServer } from './redis/instance';
import { redisStream } from './redis/stream';
import { redisString } from './redis/string';
import { redisTransfer } from './redis/transfer';

/**
 * The redis area of the contract, by concern: browsing keys (scan sessions,
 * tree, key info, rename, TTL, delete) and one file per key type.
 * Method names are `area.noun.verb`; keys and values travel as base64 bytes.
 */
export const redis = {
  ...redisKeys,
  ...redisString,
  ...redisCollections,
  ...redisStream,
  ...redisCli,
  ...redisPubSub,
  ...redisMemory,
  ...redisBulk,
  ...redisServer,
  ...redisTransfer,
  ...redisJson,
  ...redisSearch,
} as const;
