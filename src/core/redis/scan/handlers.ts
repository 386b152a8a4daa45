/** Handlers of key scan sessions (src/shared/contract/redis/keys.ts): start, more, rows, close. */
import type { MethodHandlers, StreamHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { guarded, redisError } from '../errors';
import { ScanSession, ScanSessions } from './sessions';

export const scanSlice: RedisSliceFactory = ({ connections }) => {
  const sessions = new ScanSessions();
  const released = new Set<string>();

  const methods: MethodHandlers<'redis.scan.start' | 'redis.scan.rows' | 'redis.scan.close'> = {
    async 'redis.scan.start'(input) {
      const t = await connections.get(input.connectionId, input.db);
      if (!released.has(input.connectionId)) {
        released.add(input.connectionId);
        connections.onRelease(input.connectionId, () => {
          released.delete(input.connectionId);
          sessions.closeConnection(input.connectionId);
        });
      }
      const session = new ScanSession(
        {
          connectionId: input.connectionId,
          db: t.db,
          match: input.match,
          type: input.type,
          count: input.count,
          delimiter: input.delimiter,
          profile: { host: t.profile.host, port: t.profile.port },
        },
        async () => (await connections.get(input.connectionId, t.db)).client,
      );
      await guarded(t, 'Counting the keys (DBSIZE)', () => session.refreshDbsize());
      sessions.add(session);
      return { scanId: session.id, db: t.db, dbsize: session.dbsize };
    },

    async 'redis.scan.rows'(input) {
      const s = sessions.get(input.connectionId, input.scanId);
      const page =
        input.view === 'list'
          ? s.index.listRows(input.offset, input.limit, s.spec.type)
          : s.index.treeRows(new Set(input.expanded), input.offset, input.limit, s.spec.type);
      return { total: page.total, offset: input.offset, rows: page.rows, progress: s.progress() };
    },

    async 'redis.scan.close'(input) {
      return { closed: sessions.close(input.scanId) };
    },
  };

  const streams: StreamHandlers<'redis.scan.more'> = {
    async 'redis.scan.more'(input, ctx) {
      const s = sessions.get(input.connectionId, input.scanId);
      try {
        await s.more(input.target, ctx.signal, (p) => ctx.emit(p));
      } catch (err) {
        throw redisError(err, s.spec, `Scanning keys (the ${s.index.size} found so far are kept)`);
      }
    },
  };

  return { handlers: { ...methods, ...streams }, dispose: () => sessions.clear() };
};
