/**
 * Redis 7 from Debian's `redis-server` package. We never use the system
 * service (its config, data and port belong to the machine); we run our own
 * redis-server with a config under `.stack/redis`, in the foreground so the
 * stack CLI owns the process.
 */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { withDeadline } from '../proc.js';
import type { ProbeResult, ServerDef, StackOptions } from '../types.js';

export const REDIS_PORT = 6379;

/** `redis-server` (or `redis-cli`) from PATH, or Debian's locations (sbin is not on every user's PATH). */
export function findRedisBin(name: 'redis-server' | 'redis-cli'): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs.filter((d) => d.length > 0)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* try the next one */
    }
  }
  return undefined;
}

const home = (o: StackOptions): string => join(o.root, 'redis');
const configPath = (o: StackOptions): string => join(home(o), 'redis.conf');

/**
 * ioredis defaults would retry and queue commands forever; a probe must fail
 * fast instead. Exported so tests build their clients the same way.
 */
export function redisClientOptions(timeoutMs: number): {
  host: string;
  port: number;
  lazyConnect: true;
  connectTimeout: number;
  commandTimeout: number;
  maxRetriesPerRequest: number;
  retryStrategy: () => null;
  enableOfflineQueue: false;
} {
  return {
    host: '127.0.0.1',
    port: REDIS_PORT,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  };
}

const redis: ServerDef = {
  name: 'redis',
  ports: [REDIS_PORT],
  startTimeoutMs: 20_000,
  stopGraceMs: 15_000,

  async install() {
    // Nothing to download: Debian's package is the install.
    if (findRedisBin('redis-server') === undefined) {
      throw new Error(
        'redis-server not found. Install it with `apt-get install -y redis-server` ' +
          '(the stack starts its own instance; the system service is not used).',
      );
    }
  },

  async prepare(o) {
    mkdirSync(join(home(o), 'data'), { recursive: true });
    const lines = [
      '# Written by tests/stack/servers/redis.ts on every start; edits are lost.',
      'bind 127.0.0.1',
      `port ${REDIS_PORT}`,
      'protected-mode yes',
      // The stack CLI detaches and supervises the process itself.
      'daemonize no',
      'supervised no',
      'logfile ""',
      `dir ${join(home(o), 'data')}`,
      'dbfilename dump.rdb',
      // Snapshots like a default install, so the console sees realistic INFO persistence fields.
      'save 3600 1 300 100 60 10000',
      'appendonly no',
      'databases 16',
    ];
    writeFileSync(configPath(o), `${lines.join('\n')}\n`);
  },

  launch(o) {
    const bin = findRedisBin('redis-server') ?? 'redis-server';
    return [{ name: 'redis', command: bin, args: [configPath(o)], cwd: home(o) }];
  },

  async probe(_o, timeoutMs): Promise<ProbeResult> {
    const client = new Redis(redisClientOptions(timeoutMs));
    // Without a listener ioredis reports connection errors as unhandled; keep
    // the first one, as connect() itself only says "Connection is closed".
    let socketError: Error | undefined;
    client.on('error', (err: Error) => {
      socketError ??= err;
    });
    try {
      const info = await withDeadline(
        (async () => {
          await client.connect();
          return client.info('server');
        })(),
        timeoutMs,
        `redis at 127.0.0.1:${REDIS_PORT}`,
      );
      const version = /^redis_version:(\S+)/m.exec(info)?.[1];
      const mode = /^redis_mode:(\S+)/m.exec(info)?.[1];
      if (version === undefined) throw new Error('INFO server carried no redis_version');
      return { version, detail: mode ? `mode ${mode}` : undefined };
    } catch (err) {
      if (socketError) throw new Error(`redis at 127.0.0.1:${REDIS_PORT}: ${socketError.message}`);
      throw err;
    } finally {
      client.disconnect();
    }
  },

  dataDirs: (o) => [join(home(o), 'data')],
};

export default redis;
