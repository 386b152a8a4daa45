/**
 * MEMORY USAGE, TYPE and PTTL of a page of keys. On a standalone server one
 * read-only script measures the whole page (one command, one reply, where a
 * pipeline costs three commands a key and the client parses each reply). A
 * cluster node refuses a script over keys of different slots, and a server
 * may refuse scripts (ACL, or scripting disabled): those get the pipeline.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isReplyError } from '../errors';

export interface Measured {
  /** null when the key went away between SCAN and the measure. */
  readonly bytes: number | null;
  readonly type: string;
  readonly ttlMs: number;
}

/** Types the script answers as a small integer (cheaper to parse than a string); others come as their name. */
const CODES = ['none', 'string', 'hash', 'list', 'set', 'zset', 'stream'] as const;

const SCRIPT = `local codes = {none = 0, string = 1, hash = 2, list = 3, set = 4, zset = 5, stream = 6}
local out = {}
for _, k in ipairs(KEYS) do
  out[#out + 1] = redis.call('MEMORY', 'USAGE', k) or false
  local t = redis.call('TYPE', k).ok
  out[#out + 1] = codes[t] or t
  out[#out + 1] = redis.call('PTTL', k)
end
return out`;
const SHA = createHash('sha1').update(SCRIPT).digest('hex');

export class PageMeasure {
  private scripted: boolean;

  constructor(cluster: boolean) {
    this.scripted = !cluster;
  }

  async measure(node: Redis, keys: readonly Buffer[]): Promise<Measured[]> {
    if (keys.length === 0) return [];
    if (this.scripted) {
      try {
        const r = (await node
          .call('EVALSHA_RO', SHA, keys.length, ...keys)
          .catch((err: unknown) =>
            isReplyError(err) && /NOSCRIPT/.test(String(err))
              ? node.call('EVAL_RO', SCRIPT, keys.length, ...keys)
              : Promise.reject(err),
          )) as unknown[];
        return keys.map((_, i) => {
          const type = r[i * 3 + 1];
          return {
            bytes: r[i * 3] === null ? null : Number(r[i * 3]),
            type: typeof type === 'number' ? (CODES[type] ?? 'none') : String(type ?? 'none'),
            ttlMs: Number(r[i * 3 + 2] ?? -1),
          };
        });
      } catch (err) {
        // Scripts refused here (ACL, an older server without EVAL_RO): measure with the pipeline from now on.
        if (!isReplyError(err)) throw err;
        this.scripted = false;
      }
    }
    const p = node.pipeline();
    for (const k of keys) {
      p.call('MEMORY', 'USAGE', k);
      p.call('TYPE', k);
      p.call('PTTL', k);
    }
    const r = ((await p.exec()) ?? []) as [Error | null, unknown][];
    return keys.map((_, i) => ({
      bytes: r[i * 3]?.[1] === null || r[i * 3]?.[0] ? null : Number(r[i * 3]?.[1] ?? 0),
      type: String(r[i * 3 + 1]?.[1] ?? 'none'),
      ttlMs: Number(r[i * 3 + 2]?.[1] ?? -1),
    }));
  }
}
