import { z } from 'zod';
import { method } from '../define';
import { B64, Db, connectionId } from './common';

/**
 * The Redis CLI: commands run as argument vectors (bytes, split in the
 * renderer by redis-cli's quoting rules), on a connection of the CLI's own so
 * a blocking command never holds up the other screens. Core classifies each
 * command by the server's own COMMAND INFO flags: a read-only connection
 * refuses writes, admin commands and anything unknown; dangerous commands need
 * `confirm` naming them. Replies come back typed and bounded.
 */

/** Array replies are cut at this many items, bulk strings at this many bytes (the reply says so). */
export const CLI_MAX_ITEMS = 10_000;
export const CLI_MAX_BULK_BYTES = 256 * 1024;

/** A typed reply as RESP3 has it (the CLI's own connection speaks RESP3; RESP2 servers give the first five kinds). */
export type CliReply =
  | { t: 'nil' }
  | { t: 'int'; value: string }
  | { t: 'bulk'; b64: string; size: number; truncated: boolean }
  | { t: 'error'; text: string }
  | { t: 'array'; items: CliReply[]; total: number }
  /** A simple string (+OK), shown without quotes as redis-cli does. */
  | { t: 'status'; text: string }
  | { t: 'double'; value: string }
  | { t: 'bool'; value: boolean }
  | { t: 'bignum'; value: string }
  /** A verbatim string and its format ("txt", "mkd"), e.g. INFO and CLIENT INFO on RESP3. */
  | { t: 'verbatim'; format: string; b64: string; size: number; truncated: boolean }
  | { t: 'set'; items: CliReply[]; total: number }
  /** An out-of-band push frame (client tracking invalidations, ...). */
  | { t: 'push'; items: CliReply[]; total: number }
  | { t: 'map'; entries: [CliReply, CliReply][]; total: number }
  | { t: 'attributed'; attrs: [CliReply, CliReply][]; value: CliReply };

export const CliReply: z.ZodType<CliReply> = z.lazy(() => {
  const items = { items: z.array(CliReply), total: z.number().int() };
  const bytes = { b64: z.string(), size: z.number().int(), truncated: z.boolean() };
  const pairs = z.array(z.tuple([CliReply, CliReply]));
  return z.discriminatedUnion('t', [
    z.object({ t: z.literal('nil') }),
    z.object({ t: z.literal('int'), value: z.string() }),
    z.object({ t: z.literal('bulk'), ...bytes }),
    z.object({ t: z.literal('error'), text: z.string() }),
    z.object({ t: z.literal('array'), ...items }),
    z.object({ t: z.literal('status'), text: z.string() }),
    z.object({ t: z.literal('double'), value: z.string() }),
    z.object({ t: z.literal('bool'), value: z.boolean() }),
    z.object({ t: z.literal('bignum'), value: z.string() }),
    z.object({ t: z.literal('verbatim'), format: z.string(), ...bytes }),
    z.object({ t: z.literal('set'), ...items }),
    z.object({ t: z.literal('push'), ...items }),
    z.object({ t: z.literal('map'), entries: pairs, total: z.number().int() }),
    z.object({ t: z.literal('attributed'), attrs: pairs, value: CliReply }),
  ]);
});

export const CommandDoc = z.object({
  /** Lower case; subcommands as "config get". */
  name: z.string(),
  summary: z.string(),
  group: z.string(),
  since: z.string(),
  /** Redis arity: N exact, -N at least N (the command name counts). */
  arity: z.number().int(),
  flags: z.array(z.string()),
  /** The argument syntax as the Redis docs write it, e.g. "key [NX | XX] seconds". */
  syntax: z.string(),
});
export type CommandDoc = z.infer<typeof CommandDoc>;

/** Why the CLI refuses or asks: a command is dangerous, or refused on this connection. */
export const CommandClass = z.object({
  name: z.string(),
  known: z.boolean(),
  write: z.boolean(),
  dangerous: z.boolean(),
  /** Set when the CLI never runs it (it would change the CLI's connection: SELECT, SUBSCRIBE, MULTI...). */
  refused: z.string().nullable(),
});

export const redisCli = {
  'redis.cli.commands': method({
    input: z.object({ connectionId }),
    output: z.object({ commands: z.array(CommandDoc), server: z.string() }),
    timeoutMs: 20_000,
    summary:
      "The server's own commands (COMMAND INFO flags and arity, COMMAND DOCS summaries and syntax), for completion and hints.",
  }),
  'redis.cli.run': method({
    input: z.object({
      connectionId,
      db: Db,
      argv: z
        .array(B64(64 * 1024 * 1024, 'An argument'))
        .min(1, 'Type a command.')
        .max(100_000),
      /** The command's name, typed by the user to confirm a dangerous command. */
      confirm: z.string().max(64).nullable().default(null),
    }),
    output: z.object({
      reply: CliReply,
      /** Push frames that arrived on the CLI's connection since the last command (the newest 100). */
      pushes: z.array(CliReply),
      /** The protocol the CLI's connection speaks: 3 (HELLO 3), or 2 on a server without HELLO. */
      protocol: z.number().int(),
      /** host:port of the node that answered (the master of the key's slot on a cluster). */
      node: z.string(),
      durationMs: z.number(),
      command: CommandClass,
    }),
    // A writing command is refused in core by its COMMAND INFO flags, not by this flag.
    timeoutMs: 60_000,
    summary:
      'Runs one command given as an argument vector; refuses writes on read-only connections by COMMAND INFO flags and asks for confirmation of dangerous ones.',
  }),
} as const;
