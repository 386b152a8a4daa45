import { defineConfig } from 'vitest/config';

// Four projects: `unit` needs no servers; `integration` talks to the real local
// stack (`npm run stack:up`) and therefore runs files one at a time; `cluster`
// (`npm run test:cluster`, not part of `npm test`) needs the 3-node Cassandra
// (`npm run stack:up -- --cassandra-nodes 3`) and stops and restarts its nodes;
// `containers` (`npm run test:containers`, not part of `npm test` either) builds and runs images with buildah.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
          environment: 'node',
          // Some unit tests start worker threads or load the built bundles: seconds on a loaded 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          // One worker for every file, one after another: each file no longer pays a fresh worker and the
          // import of the drivers (about 300 s of the run). The files own what they open and close it in
          // afterAll; none mocks modules or reads the environment at import.
          isolate: false,
          // Memory-bound tests collect garbage before they measure what is retained.
          execArgv: ['--expose-gc'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // `npm run test:containers` (run by .ci/run after npm test): image builds with buildah, minutes each.
          name: 'containers',
          include: ['tests/containers/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['tests/cluster/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          // Tests stop nodes and wait for the cluster to notice; restarting two takes minutes.
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
