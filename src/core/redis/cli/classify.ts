/**
 * How the CLI treats a command, from the server's own COMMAND INFO flags plus
 * three short lists of our own: commands the CLI never runs (they would change
 * its connection's state: SELECT, SUBSCRIBE, MULTI...), dangerous commands that
 * need a typed confirmation (FLUSHALL, KEYS, CONFIG SET...), and the admin
 * commands that only read (allowed on a read-only connection).
 */
import { StackdeckError } from '../../../shared/errors';
import type { CommandTable } from './commands';

/** Names as COMMAND INFO writes them: "config|set" for subcommands. */
const NEVER: Readonly<Record<string, string>> = {
  select: 'Choose the database with the DB selector; SELECT would move the CLI away from it.',
  multi: 'The CLI runs one command at a time; send a transaction as a script (EVAL) instead.',
  exec: 'The CLI runs one command at a time; send a transaction as a script (EVAL) instead.',
  discard: 'The CLI runs one command at a time; there is no transaction to discard.',
  watch: 'The CLI runs one command at a time; WATCH needs a transaction.',
  unwatch: 'The CLI runs one command at a time; WATCH needs a transaction.',
  subscribe: 'Use the Pub/Sub screen to subscribe.',
  psubscribe: 'Use the Pub/Sub screen to subscribe.',
  ssubscribe: 'Use the Pub/Sub screen to subscribe.',
  unsubscribe: 'Use the Pub/Sub screen to subscribe and unsubscribe.',
  punsubscribe: 'Use the Pub/Sub screen to subscribe and unsubscribe.',
  sunsubscribe: 'Use the Pub/Sub screen to subscribe and unsubscribe.',
  monitor: 'MONITOR streams every command forever; it is not run from the CLI.',
  quit: 'The connection belongs to Stackdeck; disconnect from the sidebar.',
  reset: 'The connection belongs to Stackdeck; RESET would drop its database and login.',
  hello: "The connection's protocol is Stackdeck's to choose.",
  auth: "Credentials belong in the connection's settings (kept in the vault), not in the CLI.",
  sync: 'Replication commands are not for a client.',
  psync: 'Replication commands are not for a client.',
  replconf: 'Replication commands are not for a client.',
  'client|reply': "The CLI needs the server's replies.",
};

/** Dangerous whatever the connection: run only with the name typed as confirmation. */
const DANGEROUS = new Set([
  'flushall',
  'flushdb',
  'keys',
  'shutdown',
  'debug',
  'save',
  'swapdb',
  'migrate',
  'replicaof',
  'slaveof',
  'failover',
  'config|set',
  'config|resetstat',
  'config|rewrite',
  'script|flush',
  'function|flush',
  'function|restore',
  'function|delete',
  'cluster|reset',
  'cluster|failover',
  'cluster|flushslots',
  'cluster|forget',
  'cluster|delslots',
  'cluster|delslotsrange',
  'client|kill',
  'client|pause',
  'acl|deluser',
  'acl|setuser',
  'module|load',
  'module|loadex',
  'module|unload',
]);

/** Admin-flagged commands that only read: allowed on a read-only connection. */
const ADMIN_READS = new Set([
  'config|get',
  'slowlog|get',
  'slowlog|len',
  'client|list',
  'client|info',
  'latency|latest',
  'latency|history',
  'latency|doctor',
  'latency|graph',
  'latency|histogram',
  'module|list',
  'acl|list',
  'acl|users',
  'acl|getuser',
  'acl|log',
  'memory|doctor',
  'memory|malloc-stats',
  'lastsave',
  'info',
  'keys',
  'role',
  'command|count',
  'command|docs',
  'command|info',
  'command|list',
  'command|getkeys',
  'command|getkeysandflags',
  'cluster|info',
  'cluster|nodes',
  'cluster|slots',
  'cluster|shards',
  'cluster|myid',
  'cluster|countkeysinslot',
  'cluster|getkeysinslot',
  'cluster|keyslot',
  'latency|help',
  'client|getname',
  'client|id',
  'memory|usage',
  'memory|stats',
  'object|encoding',
  'object|freq',
  'object|idletime',
  'object|refcount',
  'dbsize',
  'randomkey',
]);

export interface Classified {
  name: string;
  known: boolean;
  write: boolean;
  dangerous: boolean;
  refused: string | null;
  flags: readonly string[];
  categories: readonly string[];
}

/** The command (and subcommand) named by argv, and what the CLI does with it. */
export function classify(argv: readonly Buffer[], table: CommandTable): Classified {
  const base = argv[0]!.toString('latin1').toLowerCase();
  const sub = argv.length > 1 ? `${base}|${argv[1]!.toString('latin1').toLowerCase()}` : null;
  const entry = (sub !== null ? table.get(sub) : undefined) ?? table.get(base);
  const name = entry?.name ?? (sub !== null && table.get(base)?.hasSubcommands ? sub : base);
  const flags = entry?.flags ?? [];
  return {
    name: name.replace('|', ' '),
    known: entry !== undefined,
    write: flags.includes('write'),
    dangerous: DANGEROUS.has(name) || DANGEROUS.has(base),
    refused: NEVER[name] ?? NEVER[base] ?? null,
    flags,
    categories: entry?.categories ?? [],
  };
}

/**
 * Why a read-only connection refuses this command, or null if it may run:
 * writes, commands that may replicate (scripts, PUBLISH), admin commands that
 * change the server, and anything COMMAND INFO does not know.
 */
export function readOnlyRefusal(c: Classified): string | null {
  const upper = c.name.toUpperCase();
  if (!c.known)
    return `"${upper}" is not a command this server lists in COMMAND INFO, so Stackdeck cannot tell whether it writes; this connection is read-only.`;
  if (c.write) return `"${upper}" changes data (COMMAND INFO flags: write); this connection is read-only.`;
  if (c.flags.includes('may_replicate'))
    return `"${upper}" may change data (COMMAND INFO flags: may_replicate); this connection is read-only. Read-only scripts run with EVAL_RO / EVALSHA_RO / FCALL_RO.`;
  // Scripts and functions may write whatever their flags say (EVAL has no write flag); the _RO forms are readonly.
  if (c.categories.includes('scripting') && !c.flags.includes('readonly'))
    return `"${upper}" runs a script that may change data; this connection is read-only. Use EVAL_RO / EVALSHA_RO / FCALL_RO.`;
  if (c.flags.includes('pubsub') && /publish/.test(c.name))
    return `"${upper}" sends a message to subscribers; this connection is read-only.`;
  const key = c.name.replace(' ', '|');
  if ((c.flags.includes('admin') || c.dangerous || c.categories.includes('dangerous')) && !ADMIN_READS.has(key))
    return `"${upper}" is an administrative command; this connection is read-only.`;
  return null;
}

/** Throws the refusal of a command on this connection (or the need to confirm it); returns when it may run. */
export function guardCommand(c: Classified, readOnly: boolean, confirm: string | null): void {
  const upper = c.name.toUpperCase();
  if (c.refused) throw new StackdeckError('INVALID_INPUT', `${upper} is not run from the CLI. ${c.refused}`);
  if (readOnly) {
    const why = readOnlyRefusal(c);
    if (why) throw new StackdeckError('READ_ONLY', why, { command: c.name });
  }
  if (c.dangerous && confirm?.trim().toUpperCase() !== upper)
    throw new StackdeckError(
      'INVALID_INPUT',
      `${upper} is dangerous (it can lose data or stop the server). Type its name to confirm.`,
      { confirm: upper },
    );
}
