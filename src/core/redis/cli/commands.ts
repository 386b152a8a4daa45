/**
 * The server's own command table: COMMAND (INFO) for flags and arity,
 * COMMAND DOCS for summaries and argument syntax (Redis 7+, Valkey; module
 * commands included). Loaded once per connection and kept until it goes.
 */
import type { RedisClient } from '../area/nodes';
import type { CommandDoc } from '../../../shared/contract/redis/cli';

export interface CommandEntry {
  /** As COMMAND writes it, lower case: "get", "config|get". */
  readonly name: string;
  readonly arity: number;
  readonly flags: readonly string[];
  /** ACL categories without the @: "scripting", "dangerous", ... */
  readonly categories: readonly string[];
  readonly hasSubcommands: boolean;
  /** Position of the first key in the argument vector (0: none), from COMMAND's first-key field. */
  readonly firstKey: number;
}

export type CommandTable = ReadonlyMap<string, CommandEntry>;

const s = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString() : String(v ?? ''));

function flatMap(v: unknown): Map<string, unknown> {
  const m = new Map<string, unknown>();
  const a = Array.isArray(v) ? (v as unknown[]) : [];
  for (let i = 0; i + 1 < a.length; i += 2) m.set(s(a[i]), a[i + 1]);
  return m;
}

/** COMMAND's reply: [name, arity, flags, first, last, step, acl, tips, keyspecs, subcommands] per command. */
export function parseCommandInfo(reply: unknown): Map<string, CommandEntry> {
  const table = new Map<string, CommandEntry>();
  const add = (row: unknown[]): void => {
    const name = s(row[0]).toLowerCase();
    const subs = Array.isArray(row[9]) ? (row[9] as unknown[][]) : [];
    table.set(name, {
      name,
      arity: Number(row[1]),
      flags: (Array.isArray(row[2]) ? row[2] : []).map((f) => s(f).toLowerCase()),
      categories: (Array.isArray(row[6]) ? row[6] : []).map((c) => s(c).toLowerCase().replace(/^@/, '')),
      hasSubcommands: subs.length > 0,
      firstKey: Number(row[3]) > 0 ? Number(row[3]) : 0,
    });
    for (const sub of subs) add(sub);
  };
  for (const row of Array.isArray(reply) ? (reply as unknown[][]) : []) if (Array.isArray(row)) add(row);
  return table;
}

/** One COMMAND DOCS argument as the Redis docs write it: `[NX | XX]`, `key [key ...]`, `EX seconds`. */
export function formatArg(arg: Map<string, unknown>): string {
  const type = s(arg.get('type'));
  const flags = (Array.isArray(arg.get('flags')) ? (arg.get('flags') as unknown[]) : []).map(s);
  const children = (Array.isArray(arg.get('arguments')) ? (arg.get('arguments') as unknown[]) : []).map((c) =>
    formatArg(flatMap(c)),
  );
  const token = arg.has('token') ? s(arg.get('token')) : null;
  if (type === 'pure-token') return flags.includes('optional') ? `[${token ?? ''}]` : (token ?? '');
  let inner =
    type === 'oneof'
      ? children.join(' | ')
      : type === 'block'
        ? children.join(' ')
        : s(arg.get('display_text') ?? arg.get('name'));
  if (type === 'oneof' && (token !== null || !flags.includes('optional'))) inner = `<${inner}>`;
  const one = token !== null ? `${token} ${inner}` : inner;
  const text = flags.includes('multiple') ? `${one} [${flags.includes('multiple_token') ? one : inner} ...]` : one;
  return flags.includes('optional') ? `[${text}]` : text;
}

/** COMMAND DOCS' reply merged with the table: one doc per command and subcommand, sorted by name. */
export function parseDocs(reply: unknown, table: CommandTable): CommandDoc[] {
  const out: CommandDoc[] = [];
  const seen = new Set<string>();
  const walk = (flat: unknown, parent: string | null): void => {
    const a = Array.isArray(flat) ? (flat as unknown[]) : [];
    for (let i = 0; i + 1 < a.length; i += 2) {
      const raw = s(a[i]).toLowerCase();
      const key = parent !== null && !raw.includes('|') ? `${parent}|${raw}` : raw;
      const doc = flatMap(a[i + 1]);
      const entry = table.get(key);
      const args = (Array.isArray(doc.get('arguments')) ? (doc.get('arguments') as unknown[]) : []).map((x) =>
        formatArg(flatMap(x)),
      );
      seen.add(key);
      out.push({
        name: key.replace('|', ' '),
        summary: s(doc.get('summary')),
        group: s(doc.get('group')),
        since: s(doc.get('since')),
        arity: entry?.arity ?? 0,
        flags: [...(entry?.flags ?? [])],
        syntax: args.join(' '),
      });
      if (doc.has('subcommands')) walk(doc.get('subcommands'), key);
    }
  };
  walk(reply, null);
  // Commands COMMAND lists but COMMAND DOCS does not document (older modules) still complete.
  for (const [key, e] of table)
    if (!seen.has(key))
      out.push({
        name: key.replace('|', ' '),
        summary: '',
        group: '',
        since: '',
        arity: e.arity,
        flags: [...e.flags],
        syntax: '',
      });
  return out.sort((x, y) => x.name.localeCompare(y.name));
}

export async function loadTable(client: RedisClient): Promise<Map<string, CommandEntry>> {
  return parseCommandInfo(await client.call('COMMAND'));
}

export async function loadDocs(client: RedisClient, table: CommandTable): Promise<CommandDoc[]> {
  try {
    return parseDocs(await client.call('COMMAND', 'DOCS'), table);
  } catch {
    // Redis before 7 has no COMMAND DOCS: names, arity and flags still complete.
    return parseDocs([], table);
  }
}
