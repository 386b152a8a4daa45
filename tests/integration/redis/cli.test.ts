/**
 * The Redis CLI against the real local Redis, through the router: commands as
 * argument vectors split by redis-cli's quoting (binary bytes exact), typed
 * replies (integers, nil, arrays, the server's errors for wrong arity and
 * WRONGTYPE), dangerous commands refused until confirmed by name, commands
 * that would change the CLI's connection refused, cancel of a blocking command,
 * the command table with syntax from COMMAND DOCS, and a read-only connection
 * refusing every command COMMAND INFO flags as `write` (enumerated from the
 * server itself) and anything unknown, without sending it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitArgs } from '../../../src/shared/contract/redis/argv';
import { CLI_MAX_BULK_BYTES, type CliReply } from '../../../src/shared/contract/redis/cli';
import { startRedisEnv, type RedisEnv } from './setup';

let env: RedisEnv;
let p: string;

beforeAll(async () => {
  env = await startRedisEnv('cli');
  p = env.prefix;
}, 60_000);

afterAll(async () => {
  await env?.close();
});

const argvOf = (line: string): string[] => {
  const r = splitArgs(line);
  if (!r.ok) throw new Error(r.error);
  return r.argv.map((a) => Buffer.from(a).toString('base64'));
};
const run = (line: string, extra: object = {}, connectionId = env.connectionId) =>
  env.t.router.call('redis.cli.run', { connectionId, argv: argvOf(line), ...extra }) as Promise<{
    reply: CliReply;
    pushes: CliReply[];
    protocol: number;
    command: { name: string; write: boolean; dangerous: boolean };
  }>;
const bulk = (r: CliReply): string => (r.t === 'bulk' ? Buffer.from(r.b64, 'base64').toString('latin1') : `<${r.t}>`);

describe('cli', () => {
  it('runs commands as argument vectors with typed replies', async () => {
    const set = await run(`SET "${p}:a b" "x\\xffy"`);
    expect(set.reply).toEqual({ t: 'status', text: 'OK' });
    expect(set.command).toMatchObject({ name: 'set', write: true, dangerous: false });
    expect((await env.redis.getBuffer(`${p}:a b`))?.equals(Buffer.from([0x78, 0xff, 0x79]))).toBe(true);
    expect(bulk((await run(`GET '${p}:a b'`)).reply)).toBe('x\xffy');
    expect((await run(`INCRBY ${p}:n 5`)).reply).toEqual({ t: 'int', value: '5' });
    expect((await run(`GET ${p}:missing`)).reply).toEqual({ t: 'nil' });
    await env.redis.rpush(`${p}:l`, 'a', 'b');
    const arr = (await run(`LRANGE ${p}:l 0 -1`)).reply;
    expect(arr.t === 'array' && arr.items.map(bulk)).toEqual(['a', 'b']);
  });

  it("shows the server's errors as replies: wrong arity, WRONGTYPE, unknown command", async () => {
    const arity = (await run('GET')).reply;
    expect(arity).toMatchObject({ t: 'error' });
    expect(arity.t === 'error' && arity.text).toMatch(/wrong number of arguments/);
    const wrong = (await run(`HGET ${p}:l f`)).reply;
    expect(wrong.t === 'error' && wrong.text).toMatch(/^WRONGTYPE/);
    const unknown = (await run('NOSUCHCMD 1')).reply;
    expect(unknown.t === 'error' && unknown.text).toMatch(/unknown command/i);
  });

  it('asks for the name of a dangerous command, and refuses state-changing ones', async () => {
    await expect(run(`KEYS ${p}:*`)).rejects.toMatchObject({ code: 'INVALID_INPUT', detail: { confirm: 'KEYS' } });
    await expect(run('FLUSHDB')).rejects.toMatchObject({ code: 'INVALID_INPUT', detail: { confirm: 'FLUSHDB' } });
    await expect(run('CONFIG SET maxmemory 1')).rejects.toMatchObject({ detail: { confirm: 'CONFIG SET' } });
    const keys = (await run(`KEYS ${p}:*`, { confirm: 'keys' })).reply;
    expect(keys.t === 'array' && keys.items.length).toBe(3);
    for (const line of ['SELECT 1', 'MULTI', 'SUBSCRIBE x', 'MONITOR', 'AUTH x y'])
      await expect(run(line)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    // Unbalanced quotes never reach core: the split fails first.
    expect(splitArgs('GET "abc').ok).toBe(false);
  });

  it('cancels a blocking command by dropping only the CLI connection', async () => {
    const controller = new AbortController();
    const blocked = env.t.router.call(
      'redis.cli.run',
      { connectionId: env.connectionId, argv: argvOf(`BLPOP ${p}:never 0`) },
      { signal: controller.signal },
    );
    // The key browser's own client is not held up meanwhile.
    await new Promise((r) => setTimeout(r, 200));
    const info = await env.t.router.call('redis.keys.info', {
      connectionId: env.connectionId,
      keys: [Buffer.from(`${p}:n`).toString('base64')],
    });
    expect(info[0]?.type).toBe('string');
    controller.abort();
    await expect(blocked).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await run('PING')).reply).toEqual({ t: 'status', text: 'PONG' });
  });

  it('shows replies typed as RESP3 has them: maps, sets, doubles, verbatim text, nulls', async () => {
    await env.redis.hset(`${p}:h`, 'f1', 'v1', 'f2', 'v2');
    await env.redis.sadd(`${p}:s`, 'm1', 'm2');
    await env.redis.zadd(`${p}:z`, 1.5, 'm');
    const first = await run(`HGETALL ${p}:h`);
    expect(first.protocol).toBe(3);
    const map = first.reply;
    expect(map.t).toBe('map');
    const entries = map.t === 'map' ? map.entries.map(([k, v]) => [bulk(k), bulk(v)]) : [];
    expect(Object.fromEntries(entries)).toEqual({ f1: 'v1', f2: 'v2' });
    const set = (await run(`SMEMBERS ${p}:s`)).reply;
    expect(set.t === 'set' && set.items.map(bulk).sort()).toEqual(['m1', 'm2']);
    expect((await run(`ZSCORE ${p}:z m`)).reply).toEqual({ t: 'double', value: '1.5' });
    expect((await run(`EVAL "return {double=0.25}" 0`)).reply).toEqual({ t: 'double', value: '0.25' });
    const info = (await run('INFO server')).reply;
    expect(info.t).toBe('verbatim');
    expect(info.t === 'verbatim' && info.format).toBe('txt');
    expect(info.t === 'verbatim' && Buffer.from(info.b64, 'base64').toString()).toMatch(/(redis|valkey)_version:/);
    // A RESP3 null, and a missing hash as an empty map.
    expect((await run(`HGET ${p}:h nope`)).reply).toEqual({ t: 'nil' });
    expect((await run(`HGETALL ${p}:nohash`)).reply).toEqual({ t: 'map', entries: [], total: 0 });
  });

  it('runs on the database picked for the CLI (SELECT on its own connection)', async () => {
    const db2 = await env.dbClient(2);
    expect((await run(`SET ${p}:in-db2 yes`, { db: 2 })).reply).toEqual({ t: 'status', text: 'OK' });
    expect(await db2.get(`${p}:in-db2`)).toBe('yes');
    expect(await env.redis.exists(`${p}:in-db2`)).toBe(0);
    expect(bulk((await run(`GET ${p}:in-db2`, { db: 2 })).reply)).toBe('yes');
    expect((await run(`GET ${p}:in-db2`)).reply).toEqual({ t: 'nil' });
  });

  it('keeps push frames apart from replies (client tracking invalidations)', async () => {
    expect((await run('CLIENT TRACKING on')).reply).toEqual({ t: 'status', text: 'OK' });
    try {
      await env.redis.set(`${p}:tracked`, 'a');
      expect(bulk((await run(`GET ${p}:tracked`)).reply)).toBe('a');
      // Another client changes the key: the server pushes an invalidation to the CLI's connection.
      await env.redis.set(`${p}:tracked`, 'b');
      await new Promise((r) => setTimeout(r, 100));
      const next = await run('PING');
      expect(next.reply).toEqual({ t: 'status', text: 'PONG' });
      const push = next.pushes[0];
      expect(push?.t).toBe('push');
      const items = push?.t === 'push' ? push.items : [];
      expect(bulk(items[0]!)).toBe('invalidate');
      const keys = items[1];
      expect(keys?.t === 'array' && keys.items.map(bulk)).toEqual([`${p}:tracked`]);
    } finally {
      await run('CLIENT TRACKING off');
    }
  });

  it('cuts a big value at the reply bound and says its size, the connection staying in step', async () => {
    await env.redis.set(`${p}:big`, Buffer.alloc(CLI_MAX_BULK_BYTES * 4, 0x62));
    const big = (await run(`GET ${p}:big`)).reply;
    expect(big).toMatchObject({ t: 'bulk', size: CLI_MAX_BULK_BYTES * 4, truncated: true });
    expect(big.t === 'bulk' && Buffer.from(big.b64, 'base64').length).toBe(CLI_MAX_BULK_BYTES);
    expect((await run(`STRLEN ${p}:big`)).reply).toEqual({ t: 'int', value: String(CLI_MAX_BULK_BYTES * 4) });
  });

  it("lists the server's commands with syntax from COMMAND DOCS", async () => {
    const { commands, server } = await env.t.router.call('redis.cli.commands', { connectionId: env.connectionId });
    expect(server).toMatch(/^(Redis|Valkey) \d/);
    const by = new Map(commands.map((c) => [c.name, c]));
    expect(by.get('get')).toMatchObject({ syntax: 'key', group: 'string', arity: 2 });
    // Valkey 9 adds a third choice: [NX | XX | IFEQ comparison-value].
    expect(by.get('set')?.syntax).toMatch(/\[NX \| XX( \| IFEQ [^\]]+)?\]/);
    expect(by.get('config get')?.flags).toContain('admin');
    expect(commands.length).toBeGreaterThan(200);
  });
});

describe('read-only connection', () => {
  it('refuses every command COMMAND INFO flags as write, and unknown ones, without sending them', async () => {
    const ro = await env.connect({ readOnly: true });
    const table = (await env.redis.call('COMMAND')) as unknown[][];
    const writes: string[][] = [];
    for (const row of table) {
      const flags = row[2] as string[];
      if (flags.includes('write')) writes.push([String(row[0])]);
      for (const sub of (row[9] as unknown[][] | undefined) ?? [])
        if ((sub[2] as string[]).includes('write')) writes.push(String(sub[0]).split('|'));
    }
    expect(writes.length).toBeGreaterThan(50);
    const key = `${p}:ro`;
    for (const words of writes) {
      const argv = [...words, key, '1', '1'].map((w) => Buffer.from(w).toString('base64'));
      await expect(
        env.t.router.call('redis.cli.run', { connectionId: ro.id, argv, confirm: words.join(' ') }),
        words.join(' '),
      ).rejects.toMatchObject({ code: 'READ_ONLY' });
    }
    expect(await env.redis.exists(key)).toBe(0);
    for (const line of [
      'NOSUCHCMD',
      'EVAL "return 1" 0',
      `PUBLISH ${p}:ch x`,
      'CONFIG SET maxmemory 0',
      'DEBUG SLEEP 0',
    ])
      await expect(run(line, {}, ro.id), line).rejects.toMatchObject({ code: 'READ_ONLY' });
    // Reads, read-only scripts and admin reads still run.
    expect((await run(`GET ${p}:n`, {}, ro.id)).reply).toMatchObject({ t: 'bulk' });
    expect((await run('EVAL_RO "return 7" 0', {}, ro.id)).reply).toEqual({ t: 'int', value: '7' });
    expect((await run('CONFIG GET maxmemory', {}, ro.id)).reply).toMatchObject({ t: 'map', total: 1 });
  });
});
