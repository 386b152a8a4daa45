/**
 * The CLI slice (src/shared/contract/redis/cli.ts). Each connection and
 * database gets a CLI client of its own (a duplicate of the registry's), so a
 * blocking command (BLPOP 0) holds up only the CLI; a cancelled or timed-out
 * command drops that client (the next command gets a fresh one), which is the
 * only way to stop a command the server is still running for us.
 */
import { StackdeckError } from '../../../shared/errors';
import type { MethodHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import { isCluster, type RedisClient } from '../area/nodes';
import { fromB64 } from '../bytes';
import { isReplyError, redisError } from '../errors';
import { classify, guardCommand } from './classify';
import { loadDocs, loadTable, type CommandTable } from './commands';
import { toReply } from './reply';
import type { CommandDoc } from '../../../shared/contract/redis/cli';

export const cliSlice: RedisSliceFactory = ({ connections }) => {
  const tables = new Map<string, Promise<CommandTable>>();
  const docs = new Map<string, Promise<CommandDoc[]>>();
  const clients = new Map<string, RedisClient>();

  const tableOf = (connectionId: string, client: RedisClient): Promise<CommandTable> => {
    let p = tables.get(connectionId);
    if (!p) {
      p = loadTable(client);
      tables.set(connectionId, p);
      connections.onRelease(connectionId, () => {
        tables.delete(connectionId);
        docs.delete(connectionId);
      });
      // A failed load is not kept: the next call asks again.
      p.catch(() => tables.delete(connectionId));
    }
    return p;
  };

  const cliClient = async (connectionId: string, base: RedisClient, db: number): Promise<RedisClient> => {
    const key = `${connectionId}\u0000${db}`;
    const have = clients.get(key);
    if (have && (have.status === 'ready' || have.status === 'connecting' || have.status === 'connect')) return have;
    // Blocking commands may wait up to just under the call's deadline (60 s), not the interactive 10 s.
    // On a cluster the CLI client is a cluster client too: each command goes to the master of its key's slot.
    const client: RedisClient = isCluster(base)
      ? base.duplicate([], {
          lazyConnect: true,
          enableOfflineQueue: false,
          enableAutoPipelining: false,
          redisOptions: { ...base.options.redisOptions, commandTimeout: 55_000 },
        })
      : base.duplicate({
          db,
          lazyConnect: true,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          commandTimeout: 55_000,
        });
    client.on('error', () => undefined);
    clients.set(key, client);
    connections.onRelease(connectionId, () => {
      client.disconnect();
      if (clients.get(key) === client) clients.delete(key);
    });
    try {
      await client.connect();
    } catch (err) {
      clients.delete(key);
      client.disconnect();
      throw err;
    }
    return client;
  };

  const dropClient = (connectionId: string, db: number, client: RedisClient): void => {
    const key = `${connectionId}\u0000${db}`;
    if (clients.get(key) === client) clients.delete(key);
    client.disconnect();
  };

  const handlers: MethodHandlers<'redis.cli.commands' | 'redis.cli.run'> = {
    async 'redis.cli.commands'(input) {
      const t = await connections.get(input.connectionId, null);
      try {
        const table = await tableOf(input.connectionId, t.client);
        let d = docs.get(input.connectionId);
        if (!d) {
          d = loadDocs(t.client, table);
          docs.set(input.connectionId, d);
          d.catch(() => docs.delete(input.connectionId));
        }
        const info = String(await t.client.call('INFO', 'server'));
        const version = /(?:valkey|redis)_version:(\S+)/.exec(info);
        const server = `${/valkey_version/.test(info) ? 'Valkey' : 'Redis'} ${version?.[1] ?? ''}`.trim();
        return { commands: await d, server };
      } catch (err) {
        throw redisError(err, t, 'Reading the command table');
      }
    },

    async 'redis.cli.run'(input, ctx) {
      const t = await connections.get(input.connectionId, input.db);
      const argv = input.argv.map((a) => fromB64(a, 'argument'));
      if (argv[0]!.length === 0) throw new StackdeckError('INVALID_INPUT', 'Type a command.');
      let table: CommandTable;
      try {
        table = await tableOf(input.connectionId, t.client);
      } catch (err) {
        throw redisError(err, t, 'Reading the command table');
      }
      const c = classify(argv, table);
      guardCommand(c, t.profile.readOnly, input.confirm);
      const client = await cliClient(input.connectionId, t.client, t.db).catch((err: unknown) => {
        throw redisError(err, t, 'Opening the CLI connection');
      });
      const started = performance.now();
      const onAbort = (): void => {
        // The only way to stop a command the server runs for us: drop the CLI connection.
        dropClient(input.connectionId, t.db, client);
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const raw = await send(client, argv, table);
        return {
          reply: toReply(raw),
          durationMs: performance.now() - started,
          command: { name: c.name, known: c.known, write: c.write, dangerous: c.dangerous, refused: c.refused },
        };
      } catch (err) {
        if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', `${c.name.toUpperCase()} was cancelled.`);
        throw redisError(err, t, `Running ${c.name.toUpperCase()}`);
      } finally {
        ctx.signal.removeEventListener('abort', onAbort);
      }
    },
  };

  return {
    handlers,
    dispose() {
      for (const c of clients.values()) c.disconnect();
      clients.clear();
    },
  };
};

/**
 * Sends one argument vector. On a cluster a command with a key goes to the
 * master of that key's slot: ioredis knows the key of most commands, but not
 * of all (MEMORY USAGE, module commands), so the key from COMMAND's table is
 * put first in a pipeline (`EXISTS key`, then the command) that ioredis routes
 * by it, and follows MOVED/ASK for.
 */
async function send(client: RedisClient, argv: readonly Buffer[], table: CommandTable): Promise<unknown> {
  const [cmd, ...args] = argv;
  const name = cmd!.toString('latin1');
  // The server's own error (wrong arity, WRONGTYPE...) is a reply the user asked for.
  const asReply = (err: unknown): unknown => {
    if (isReplyError(err)) return err;
    throw err;
  };
  const entry = table.get(name.toLowerCase());
  const key = entry && entry.firstKey > 0 ? argv[entry.firstKey] : undefined;
  if (!isCluster(client) || key === undefined) return client.callBuffer(name, ...args).catch(asReply);
  const r =
    (await client
      .pipeline()
      .call('EXISTS', key)
      .callBuffer(name, ...args)
      .exec()) ?? [];
  const [err, value] = r[1] ?? [new Error('The cluster gave no reply.'), null];
  return err ? asReply(err) : value;
}
