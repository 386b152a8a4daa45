import { StackdeckError } from '../../../shared/errors';
import type { RedisTarget } from '../area';
import { guarded, keyMissing, redisError, wrongType } from '../errors';

export type Command = [string, ...(string | number | Buffer)[]];

/**
 * Runs `cmds` on `key` in one MULTI with TYPE first, so a key deleted or
 * replaced while open is reported as such (NOT_FOUND, or CONFLICT with both
 * types named) instead of an empty page or a bare WRONGTYPE. Replies are raw
 * (Buffers), so members keep their exact bytes.
 */
export async function typedRead(
  t: RedisTarget,
  key: Buffer,
  expected: string,
  what: string,
  cmds: readonly Command[],
): Promise<unknown[]> {
  return guarded(t, what, async () => {
    const m = t.client.multi();
    m.call('TYPE', key);
    for (const [cmd, ...args] of cmds) m.callBuffer(cmd, ...args);
    const r = (await m.exec()) as [Error | null, unknown][] | null;
    if (!r) throw keyMissing(what);
    const type = String(r[0]?.[1]);
    if (type === 'none') throw keyMissing(what);
    if (type !== expected) throw wrongType(what, expected, type);
    return r.slice(1).map(([err, value]) => {
      if (err) throw redisError(err, t, what);
      return value;
    });
  });
}

/** Before a write: the key must hold `expected` (or not exist, when `create`; then it must not exist). */
export async function checkType(
  t: RedisTarget,
  key: Buffer,
  expected: string,
  what: string,
  create: boolean,
): Promise<void> {
  const type = String(await guarded(t, what, () => t.client.call('TYPE', key)));
  if (create) {
    if (type !== 'none') throw conflictExists(what);
    return;
  }
  if (type === 'none') throw keyMissing(what);
  if (type !== expected) throw wrongType(what, expected, type);
}

function conflictExists(what: string): StackdeckError {
  return new StackdeckError(
    'CONFLICT',
    `${what}: a key with this name already exists. Open it, or choose another name.`,
    {
      where: 'key',
    },
  );
}

/** SCAN-family replies: [cursor, flat array]. */
export function scanReply(value: unknown): { cursor: string; items: Buffer[] } {
  const [cursor, items] = value as [Buffer, Buffer[]];
  return { cursor: cursor.toString('latin1'), items };
}

export const num = (v: unknown): number => Number(Buffer.isBuffer(v) ? v.toString() : v);
