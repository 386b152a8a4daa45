import type { Redis } from 'ioredis';
import { hashInfo } from './hash/info';
import { listInfo } from './list/info';
import { setInfo } from './set/info';
import { streamInfo } from './stream/info';
import { stringInfo } from './string/info';
import { zsetInfo } from './zset/info';

/**
 * The key-info strategy of one type (RedisInsight's shape): how to ask the
 * length of a key of this type in its own unit. A type added later (JSON,
 * vector sets) is one more folder and one more entry here.
 */
export interface KeyInfoStrategy {
  readonly type: string;
  /** The command that answers the length, e.g. ['HLEN', key]. */
  lengthCommand(key: Buffer): [string, ...(string | Buffer)[]];
}

export const KEY_INFO: ReadonlyMap<string, KeyInfoStrategy> = new Map(
  [stringInfo, hashInfo, listInfo, setInfo, zsetInfo, streamInfo].map((s) => [s.type, s]),
);

/** Types whose editor exists; others are shown as unsupported, with the reason. */
export function unsupportedReason(type: string): string | null {
  if (KEY_INFO.has(type) || type === 'none') return null;
  // JSON keys have their editor (keys/json); their length has no single unit, so none is asked.
  if (type === 'ReJSON-RL') return null;
  return `Stackdeck has no editor for "${type}" keys (a module type). The key can still be renamed, expired or deleted, and read with the module's commands.`;
}

/** TYPE of one key, read as a string. */
export async function typeOf(client: Redis, key: Buffer): Promise<string> {
  return String(await client.call('TYPE', key));
}
