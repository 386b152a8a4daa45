/**
 * The stream editor (src/shared/contract/redis/stream.ts): XRANGE/XREVRANGE
 * pages, XADD, XDEL, XTRIM; consumer groups, pending entries, ack and claim.
 * Reads run in one MULTI with TYPE first (typedRead), so a key deleted or
 * replaced while open says so.
 */
import { StackdeckError } from '../../../../shared/errors';
import type { MethodHandlers } from '../../../handler';
import type { RedisSliceFactory } from '../../area';
import { fromB64 } from '../../bytes';
import { guarded, isReplyError } from '../../errors';
import { checkType, num, typedRead } from '../typed';
import { entries, entryId, flatMap, int, intOrNull, str } from './parse';

type StreamMethods =
  | 'redis.stream.range'
  | 'redis.stream.add'
  | 'redis.stream.delete'
  | 'redis.stream.trim'
  | 'redis.stream.groups'
  | 'redis.stream.pending'
  | 'redis.stream.ack'
  | 'redis.stream.claim'
  | 'redis.stream.group.create'
  | 'redis.stream.group.delete';

/** NOGROUP is the server's "no such group"; say it in words. */
function noGroup(err: unknown, group: string): unknown {
  if (isReplyError(err) && err.message.startsWith('NOGROUP'))
    return new StackdeckError('NOT_FOUND', `The consumer group "${group}" does not exist (any more) on this stream.`);
  return err;
}

export const streamSlice: RedisSliceFactory = ({ connections }) => {
  const handlers: MethodHandlers<StreamMethods> = {
    async 'redis.stream.range'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const range = input.reverse
        ? (['XREVRANGE', key, input.end, input.start, 'COUNT', input.count] as const)
        : (['XRANGE', key, input.start, input.end, 'COUNT', input.count] as const);
      const [page, info] = await typedRead(t, key, 'stream', 'Reading the stream', [
        [...range],
        ['XINFO', 'STREAM', key],
      ]);
      const m = flatMap(info);
      return {
        length: int(m.get('length')),
        entries: entries(page),
        firstId: entryId(m.get('first-entry')),
        lastId: entryId(m.get('last-entry')),
        groups: int(m.get('groups')),
      };
    },

    async 'redis.stream.add'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const what = input.create ? 'Creating the stream' : 'Adding the entry';
      await checkType(t, key, 'stream', what, input.create);
      const args: (string | Buffer)[] = [key];
      // Without create, NOMKSTREAM keeps a stream deleted meanwhile from coming back.
      if (!input.create) args.push('NOMKSTREAM');
      if (input.maxLen !== null) args.push('MAXLEN', '~', String(input.maxLen));
      args.push(input.id);
      for (const f of input.fields) args.push(fromB64(f.field, 'field'), fromB64(f.value, 'value'));
      const id = await guarded(t, what, async () => {
        try {
          return await t.client.call('XADD', ...args);
        } catch (err) {
          if (isReplyError(err) && /equal or smaller/i.test(err.message))
            throw new StackdeckError(
              'INVALID_INPUT',
              `${what}: the id ${input.id} is not greater than the stream's last id. Leave it as * for an automatic id.`,
              { where: 'id' },
            );
          throw err;
        }
      });
      if (id === null) throw new StackdeckError('NOT_FOUND', `${what}: the stream no longer exists.`);
      return { id: str(id) };
    },

    async 'redis.stream.delete'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'stream', 'Deleting entries', false);
      return { removed: num(await guarded(t, 'Deleting entries', () => t.client.call('XDEL', key, ...input.ids))) };
    },

    async 'redis.stream.trim'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'stream', 'Trimming the stream', false);
      if (input.strategy === 'maxlen' && !/^\d+$/.test(input.threshold))
        throw new StackdeckError('INVALID_INPUT', 'MAXLEN takes a number of entries to keep.', {
          where: 'threshold',
        });
      const args = [key, input.strategy.toUpperCase(), ...(input.approximate ? ['~'] : []), input.threshold];
      return { removed: num(await guarded(t, 'Trimming the stream', () => t.client.call('XTRIM', ...args))) };
    },

    async 'redis.stream.groups'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const [raw] = await typedRead(t, key, 'stream', 'Reading consumer groups', [['XINFO', 'GROUPS', key]]);
      const groups = (raw as unknown[]).map(flatMap);
      const consumers = await guarded(t, 'Reading consumers', async () => {
        const p = t.client.pipeline();
        for (const g of groups) p.callBuffer('XINFO', 'CONSUMERS', key, g.get('name') as Buffer);
        return ((await p.exec()) ?? []) as [Error | null, unknown][];
      });
      return {
        groups: groups.map((g, i) => ({
          name: str(g.get('name')),
          pending: int(g.get('pending')),
          lastDeliveredId: str(g.get('last-delivered-id')),
          entriesRead: intOrNull(g.get('entries-read')),
          lag: intOrNull(g.get('lag')),
          consumers: ((consumers[i]?.[0] ? [] : consumers[i]?.[1]) as unknown[]).map(flatMap).map((c) => ({
            name: str(c.get('name')),
            pending: int(c.get('pending')),
            idleMs: int(c.get('idle')),
            inactiveMs: intOrNull(c.get('inactive')),
          })),
        })),
      };
    },

    async 'redis.stream.pending'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      const idle = input.minIdleMs > 0 ? ['IDLE', input.minIdleMs] : [];
      const who = input.consumer === null ? [] : [input.consumer];
      try {
        const [summary, list] = await typedRead(t, key, 'stream', 'Reading pending entries', [
          ['XPENDING', key, input.group],
          ['XPENDING', key, input.group, ...idle, input.start, input.end, input.count, ...who],
        ]);
        return {
          total: int((summary as unknown[])[0]),
          entries: (list as unknown[][]).map(([id, consumer, idleMs, deliveries]) => ({
            id: str(id),
            consumer: str(consumer),
            idleMs: int(idleMs),
            deliveries: int(deliveries),
          })),
        };
      } catch (err) {
        throw reason(err, input.group);
      }
    },

    async 'redis.stream.ack'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'stream', 'Acknowledging entries', false);
      const acked = await guarded(t, 'Acknowledging entries', () =>
        t.client.call('XACK', key, input.group, ...input.ids),
      );
      return { acked: num(acked) };
    },

    async 'redis.stream.claim'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'stream', 'Claiming entries', false);
      const claimed = await guarded(t, 'Claiming entries', async () => {
        try {
          return await t.client.call(
            'XCLAIM',
            key,
            input.group,
            input.consumer,
            String(input.minIdleMs),
            ...input.ids,
            'JUSTID',
          );
        } catch (err) {
          throw noGroup(err, input.group);
        }
      });
      return { claimed: (claimed as unknown[]).map(str) };
    },

    async 'redis.stream.group.create'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'stream', 'Creating the group', false);
      await guarded(t, 'Creating the group', async () => {
        try {
          await t.client.call('XGROUP', 'CREATE', key, input.group, input.from);
        } catch (err) {
          if (isReplyError(err) && err.message.startsWith('BUSYGROUP'))
            throw new StackdeckError('CONFLICT', `A group named "${input.group}" already exists on this stream.`, {
              where: 'group',
            });
          throw err;
        }
      });
      return { ok: true };
    },

    async 'redis.stream.group.delete'(input) {
      const t = await connections.get(input.connectionId, input.db);
      const key = fromB64(input.key, 'key name');
      await checkType(t, key, 'stream', 'Deleting the group', false);
      const n = await guarded(t, 'Deleting the group', () => t.client.call('XGROUP', 'DESTROY', key, input.group));
      return { removed: num(n) === 1 };
    },
  };
  return { handlers };
};

/** typedRead maps reply errors already; a NOGROUP inside it arrives as SERVER_ERROR with the reason. */
function reason(err: unknown, group: string): unknown {
  if (err instanceof StackdeckError && err.code === 'SERVER_ERROR' && /NOGROUP/.test(String(err.message)))
    return new StackdeckError('NOT_FOUND', `The consumer group "${group}" does not exist (any more) on this stream.`);
  return err;
}
