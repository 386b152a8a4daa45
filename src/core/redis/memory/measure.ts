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

const SCRIPT = `local out = {}
for _, k in ipairs(KEYS) do
  out[#out + 1] = redis.call('MEMORY', 'USAGE', k) or false
  out[#out + 1] = redis.call('TYPE', k).ok
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
          .callBuffer('EVALSHA_RO', SHA, keys.length, ...keys)
          .catch((err: unknown) =>
            isReplyError(err) && /NOSCRIPT/.test(String(err))
              ? node.callBuffer('EVAL_RO', SCRIPT, keys.length, ...keys)
              : Promise.reject(err),
          )) as unknown[];
        return keys.map((_, i) => ({
          bytes: r[i * 3] === null ? null : Number(r[i * 3]),
          type: String(r[i * 3 + 1] ?? 'none'),
          ttlMs: Number(r[i * 3 + 2] ?? -1),
        }));
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
