import { keysSlice } from '../keys/handlers';
import { stringSlice } from '../keys/string';
import { scanSlice } from '../scan/handlers';
import type { RedisSliceFactory } from './index';

/** The handler slices of the Redis area. Each concern (and each key type) adds its factory here. */
export const redisSlices: readonly RedisSliceFactory[] = [scanSlice, keysSlice, stringSlice];
