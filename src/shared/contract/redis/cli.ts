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

export type CliReply =
  | { t: 'nil' }
  | { t: 'int'; value: string }
  | { t: 'bulk'; b64: string; size: number; truncated: boolean }
  | { t: 'error'; text: string }
  | { t: 'array'; items: CliReply[]; total: number };

export const CliReply: z.ZodType<CliReply> = z.lazy(() =>
  z.discriminatedUnion('t', [
    z.object({ t: z.literal('nil') }),
    z.object({ t: z.literal('int'), value: z.string() }),
    z.object({ t: z.literal('bulk'), b64: z.string(), size: z.number().int(), truncated: z.boolean() }),
    z.object({ t: z.literal('error'), text: z.string() }),
    z.object({ t: z.literal('array'), items: z.array(CliReply), total: z.number().int() }),
  ]),
);

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
    output: z.object({ reply: CliReply, durationMs: z.number(), command: CommandClass }),
    // A writing command is refused in core by its COMMAND INFO flags, not by this flag.
    timeoutMs: 60_000,
    summary:
      'Runs one command given as an argument vector; refuses writes on read-only connections by COMMAND INFO flags and asks for confirmation of dangerous ones.',
  }),
} as const;
