import { CLI_MAX_BULK_BYTES, CLI_MAX_ITEMS, type CliReply } from '../../../shared/contract/redis/cli';

/**
 * An ioredis raw reply (callBuffer) as a typed, bounded CLI reply. Arrays are
 * cut at CLI_MAX_ITEMS items in all (counted across nesting), bulk strings at
 * CLI_MAX_BULK_BYTES; each says its full size. ioredis speaks RESP2, so a
 * status reply (+OK) arrives as bytes like a bulk string and is shown as one.
 */
export function toReply(value: unknown): CliReply {
  let budget = CLI_MAX_ITEMS;
  const walk = (v: unknown, depth: number): CliReply => {
    if (v === null || v === undefined) return { t: 'nil' };
    if (Buffer.isBuffer(v))
      return {
        t: 'bulk',
        b64: v.subarray(0, CLI_MAX_BULK_BYTES).toString('base64'),
        size: v.length,
        truncated: v.length > CLI_MAX_BULK_BYTES,
      };
    if (typeof v === 'number' || typeof v === 'bigint') return { t: 'int', value: String(v) };
    if (typeof v === 'string') return walk(Buffer.from(v), depth);
    if (v instanceof Error) return { t: 'error', text: v.message };
    if (Array.isArray(v)) {
      const items: CliReply[] = [];
      for (const item of v) {
        if (budget <= 0 || depth > 32) break;
        budget--;
        items.push(walk(item, depth + 1));
      }
      return { t: 'array', items, total: v.length };
    }
    return { t: 'bulk', b64: Buffer.from(String(v)).toString('base64'), size: String(v).length, truncated: false };
  };
  return walk(value, 0);
}
