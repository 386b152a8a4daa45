import { bulkSlice } from '../bulk/handlers';
import { cliSlice } from '../cli/handlers';
import { hashSlice } from '../keys/hash';
import { keysSlice } from '../keys/handlers';
import { jsonSlice } from '../keys/json';
import { listSlice } from '../keys/list';
import { setSlice } from '../keys/set';
import { streamSlice } from '../keys/stream';
import { stringSlice } from '../keys/string';
import { zsetSlice } from '../keys/zset';
import { memorySlice } from '../memory/handlers';
import { pubsubSlice } from '../pubsub/handlers';
import { serverSlice } from '../instance/handlers';
import { transferSlice } from '../transfer/handlers';
import { scanSlice } from '../scan/handlers';
import { searchSlice } from '../search/handlers';
import type { RedisSliceFactory } from './index';

/** The handler slices of the Redis area. Each concern (and each key type) adds its factory here. */
export const redisSlices: readonly RedisSliceFactory[] = [
  scanSlice,
  keysSlice,
  stringSlice,
  hashSlice,
  listSlice,
  setSlice,
  zsetSlice,
  streamSlice,
  cliSlice,
  pubsubSlice,
  memorySlice,
  bulkSlice,
  serverSlice,
  transferSlice,
  jsonSlice,
  searchSlice,
];
