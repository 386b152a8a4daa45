/**
 * Export and import of keys as JSON Lines (src/shared/contract/redis/transfer.ts).
 * Export: SCAN pages, each key read whole (TYPE, PTTL, then its value), written
 * through the generic exporter as it goes. Import: every line parsed first;
 * a dry run lists the bad lines and the keys that exist, and a real import
 * with any bad line writes nothing. Each key is recreated in one MULTI (DEL
 * when replacing, the create commands, PEXPIRE).
 */
import { TRANSFER_MAX_MEMBERS } from '../../../shared/contract/redis/transfer';
import { StackdeckError } from '../../../shared/errors';
import { exportRows, type ExportRow } from '../../export';
import type { MethodHandlers, StreamHandlers } from '../../handler';
import { perKey, scanStep, SCAN_START, type NodeCursor } from '../area/nodes';
import type { RedisSliceFactory, RedisTarget } from '../area';
import { keyName } from '../bytes';
import { guarded, redisError } from '../errors';
import { enc, parseLine, type ParsedKey } from './codec';

const LEN: Readonly<Record<string, string>> = {
  hash: 'HLEN',
  list: 'LLEN',
  set: 'SCARD',
  zset: 'ZCARD',
  stream: 'XLEN',
};

async function readKey(t: RedisTarget, key: Buffer): Promise<ExportRow | null> {
  const c = t.client;
  const [type, ttl] = (await c.multi().call('TYPE', key).call('PTTL', key).exec())!.map((r) => r[1]) as [
    string,
    number,
  ];
  if (type === 'none') return null;
  const len = LEN[type];
  if (len) {
    const n = Number(await c.call(len, key));
    if (n > TRANSFER_MAX_MEMBERS)
      throw new StackdeckError(
        'INVALID_INPUT',
        `The key "${keyName(key).display}" has ${n.toLocaleString('en')} members; export handles up to ${TRANSFER_MAX_MEMBERS.toLocaleString('en')} per key. Narrow the pattern.`,
      );
  }
  let value: unknown;
  const pairs = (flat: Buffer[]) => {
    const out = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push([enc(flat[i]!), enc(flat[i + 1]!)]);
    return out;
  };
  switch (type) {
    case 'string':
      value = enc((await c.getBuffer(key)) ?? Buffer.alloc(0));
      break;
    case 'hash':
      value = pairs((await c.callBuffer('HGETALL', key)) as Buffer[]);
      break;
    case 'list':
      value = ((await c.callBuffer('LRANGE', key, 0, -1)) as Buffer[]).map(enc);
      break;
    case 'set':
      value = ((await c.callBuffer('SMEMBERS', key)) as Buffer[]).map(enc);
      break;
    case 'zset': {
      const flat = (await c.callBuffer('ZRANGE', key, 0, -1, 'WITHSCORES')) as Buffer[];
      value = [];
      for (let i = 0; i + 1 < flat.length; i += 2) (value as unknown[]).push([enc(flat[i]!), flat[i + 1]!.toString()]);
      break;
    }
    case 'stream':
      value = ((await c.callBuffer('XRANGE', key, '-', '+')) as [Buffer, Buffer[]][]).map(([id, f]) => [
        id.toString(),
        pairs(f),
      ]);
      break;
    default:
      // Module types (JSON, ...) have no portable value here: skipped, not guessed.
      return null;
  }
  return { key: enc(key), type, ttlMs: Number(ttl) === -1 ? -1 : Math.max(1, Number(ttl)), value };
}

export const transferSlice: RedisSliceFactory = ({ connections, userDataDir }) => {
  const streams: StreamHandlers<'redis.keys.export'> = {
    async 'redis.keys.export'(input, ctx) {
      const t = await connections.get(input.connectionId, input.db);
      async function* rows(): AsyncGenerator<ExportRow> {
        // Every master of a cluster in turn; each key is then read through the client (routed by slot).
        let cursor: NodeCursor | null = SCAN_START;
        do {
          const tail: (string | number)[] = ['MATCH', input.match, 'COUNT', 500];
          if (input.type !== null) tail.push('TYPE', input.type);
          const step = await scanStep(t.client, cursor, tail);
          cursor = step.next;
          for (const k of step.keys) {
            const row = await readKey(t, k);
            if (row) yield row;
          }
        } while (cursor !== null);
      }
      try {
        const done = await exportRows({
          userDataDir,
          baseName: `redis-${input.match.replace(/\*/g, 'all')}`,
          format: input.format === 'csv' ? 'jsonl' : input.format,
          columns: [{ key: 'key' }, { key: 'type' }, { key: 'ttlMs' }, { key: 'value' }],
          rows: rows(),
          signal: ctx.signal,
          limit: input.limit,
          onProgress: (p) => ctx.emit({ type: 'progress', ...p, total: null }),
        });
        ctx.emit({ type: 'done', ...done });
      } catch (err) {
        throw redisError(err, t, 'The export');
      }
    },
  };

  const methods: MethodHandlers<'redis.keys.import'> = {
    async 'redis.keys.import'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const parsed: ParsedKey[] = [];
      const errors: { line: number; message: string }[] = [];
      let badLines = 0;
      input.text.split('\n').forEach((raw, i) => {
        const line = raw.trim();
        if (line === '') return;
        try {
          parsed.push(parseLine(line));
        } catch (e) {
          badLines++;
          if (errors.length < 100) errors.push({ line: i + 1, message: e instanceof Error ? e.message : String(e) });
        }
      });
      if (badLines > 0 && !input.dryRun)
        throw new StackdeckError(
          'INVALID_INPUT',
          `${badLines} line(s) of the file are not valid exported keys (first: line ${errors[0]!.line}, ${errors[0]!.message}); nothing was imported.`,
        );
      return guarded(t, 'The import', async () => {
        const exists: boolean[] = [];
        for (let i = 0; i < parsed.length; i += 1_000) {
          const r = await perKey(
            t.client,
            parsed.slice(i, i + 1_000).map((k) => ({ key: k.key, commands: [['EXISTS', k.key]] })),
          );
          for (const [, v] of r) exists.push(Number(v) === 1);
        }
        const existing = exists.filter(Boolean).length;
        let created = 0;
        let replaced = 0;
        let skipped = 0;
        if (!input.dryRun) {
          for (const [i, k] of parsed.entries()) {
            if (exists[i] && input.onExisting === 'skip') {
              skipped++;
              continue;
            }
            const m = t.client.multi();
            if (exists[i]) m.call('DEL', k.key);
            for (const [cmd, ...args] of k.commands) m.call(cmd as string, ...args);
            const r = await m.exec();
            const failed = r?.find(([e]) => e);
            if (failed) throw failed[0]!;
            if (exists[i]) replaced++;
            else created++;
          }
        }
        return {
          total: parsed.length,
          existing,
          created,
          replaced,
          skipped,
          errors,
          sample: parsed
            .slice(0, 20)
            .map((k, i) => ({ key: keyName(k.key).display, type: k.type, exists: exists[i]! })),
        };
      });
    },
  };
  return { handlers: { ...streams, ...methods } };
};
