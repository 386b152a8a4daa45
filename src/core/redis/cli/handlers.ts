/**
 * The CLI slice (src/shared/contract/redis/cli.ts). Each connection and
 * database gets a CLI session of its own (./resp3/session: RESP3 sockets
 * opened with the registry client's options), so a blocking command (BLPOP 0)
 * holds up only the CLI and replies keep their RESP3 types; a cancelled or
 * timed-out command drops the socket it was on (the next command gets a fresh
 * one), which is the only way to stop a command the server is still running.
 */
import { StackdeckError } from '../../../shared/errors';
import type { MethodHandlers } from '../../handler';
import type { RedisSliceFactory } from '../area';
import type { RedisClient } from '../area/nodes';
import { fromB64 } from '../bytes';
import { redisError } from '../errors';
import { classify, guardCommand } from './classify';
import { loadDocs, loadTable, type CommandTable } from './commands';
import { toReply } from './reply';
import { RespProtocolError } from './resp3/parser';
import { CLI_LIMITS, CliSession } from './resp3/session';
import type { CommandDoc } from '../../../shared/contract/redis/cli';

const CONNECT_TIMEOUT_MS = 10_000;
/** Blocking commands may wait up to just under the call's deadline (60 s). */
const COMMAND_TIMEOUT_MS = 55_000;

export const cliSlice: RedisSliceFactory = ({ connections }) => {
  const tables = new Map<string, Promise<CommandTable>>();
  const docs = new Map<string, Promise<CommandDoc[]>>();
  const sessions = new Map<string, { base: RedisClient; session: CliSession }>();

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

  const sessionOf = (connectionId: string, base: RedisClient, db: number): CliSession => {
    const key = `${connectionId}\u0000${db}`;
    const have = sessions.get(key);
    // A new base client (reconnected, edited profile) gets a new session with its options.
    if (have && have.base === base) return have.session;
    have?.session.close();
    const session = new CliSession(base, db, CLI_LIMITS, CONNECT_TIMEOUT_MS);
    sessions.set(key, { base, session });
    connections.onRelease(connectionId, () => {
      session.close();
      if (sessions.get(key)?.session === session) sessions.delete(key);
    });
    return session;
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
      const session = sessionOf(input.connectionId, t.client, t.db);
      const started = performance.now();
      try {
        const r = await session.run(argv, keyOf(argv, table), ctx.signal, COMMAND_TIMEOUT_MS);
        return {
          reply: toReply(r.reply),
          pushes: r.pushes.map(toReply),
          protocol: r.protocol,
          node: r.node,
          durationMs: performance.now() - started,
          command: { name: c.name, known: c.known, write: c.write, dangerous: c.dangerous, refused: c.refused },
        };
      } catch (err) {
        if (ctx.signal.aborted) throw new StackdeckError('CANCELLED', `${c.name.toUpperCase()} was cancelled.`);
        if (err instanceof RespProtocolError)
          throw new StackdeckError(
            'SERVER_ERROR',
            `Running ${c.name.toUpperCase()}: the reply was refused (${err.message}) and the CLI connection was closed; the next command opens a new one.`,
          );
        throw redisError(err, t, `Running ${c.name.toUpperCase()}`);
      }
    },
  };

  return {
    handlers,
    dispose() {
      for (const s of sessions.values()) s.session.close();
      sessions.clear();
    },
  };
};

/** The key a command names (its position from COMMAND, the subcommand's own first), for cluster routing. */
function keyOf(argv: readonly Buffer[], table: CommandTable): Buffer | undefined {
  const base = argv[0]!.toString('latin1').toLowerCase();
  const sub = argv.length > 1 ? table.get(`${base}|${argv[1]!.toString('latin1').toLowerCase()}`) : undefined;
  const entry = sub ?? table.get(base);
  return entry && entry.firstKey > 0 ? argv[entry.firstKey] : undefined;
}
