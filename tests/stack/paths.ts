/**
 * Where the local stack keeps its state. Separate from stack.ts so tests can
 * build StackOptions without importing every server definition.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackOptions } from './types.js';

export interface StackPaths {
  repo: string;
  /** `<repo>/.stack`: git-ignored cache (downloads) and data. */
  root: string;
  logsDir: string;
  pidsDir: string;
}

export function stackPaths(): StackPaths {
  const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
  const root = join(repo, '.stack');
  return { repo, root, logsDir: join(root, 'logs'), pidsDir: join(root, 'pids') };
}

export function stackOptions(
  kafkaBrokers: 1 | 3 = 1,
  cassandraNodes: 1 | 3 = 1,
  extras: Pick<StackOptions, 'secure' | 'redisCluster' | 'kafka39' | 'kafkaConnect'> = {},
): StackOptions {
  const { root, logsDir } = stackPaths();
  return {
    root,
    logsDir,
    kafkaBrokers,
    cassandraNodes,
    secure: false,
    redisCluster: false,
    kafka39: false,
    kafkaConnect: false,
    ...extras,
  };
}
