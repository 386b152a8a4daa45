import type { AreaEnv, CoreArea } from '../area';
import { createRedisArea } from './area';
import { redisSlices } from './area/slices';

/** The Redis area as `core/areas.ts` lists it. */
export const createRedis = (env: AreaEnv): CoreArea => createRedisArea(env, redisSlices);
