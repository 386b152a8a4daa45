/**
 * For the tests against the 3-node cluster (`cassandra-3`): require it without
 * starting it, stop one node the way an outage would, and bring stopped nodes
 * back through the stack's own `up` (which relaunches only what is missing,
 * one node after another).
 */
import { readFileSync } from 'node:fs';
import cassandra3, { clusterNodeProc } from '../stack/servers/cassandra-3.js';
import { stackOptions, stackPaths } from '../stack/paths.js';
import { pidFile } from '../stack/proc.js';
import { ensureStackUp } from '../stack/stack.js';
import { stopStackProcess } from '../stack/stop-one.js';

/** Throws naming the cluster and how to start it when any of its nodes is not up. */
export async function requireCluster(): Promise<void> {
  try {
    await cassandra3.probe(stackOptions(1, 3), 10_000);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(
      `the 3-node Cassandra cluster (cassandra-3) is not up (${why}). ` +
        'Start it with `npm run stack:up -- --cassandra-nodes 3`; `npm run test:cluster` does not start it.',
    );
  }
}

/** SIGTERM node `i` (1-based) and wait for it to exit: Cassandra announces its shutdown to the others first. */
export async function stopNode(i: number): Promise<void> {
  const result = await stopStackProcess(clusterNodeProc(i), 60_000);
  if (result === 'not-running') throw new Error(`${clusterNodeProc(i)} was not running`);
}

/** SIGKILL node `i`: no shutdown announcement, the others find out by their failure detector. */
export function killNode(i: number): void {
  const pid = Number.parseInt(readFileSync(pidFile(stackPaths().pidsDir, clusterNodeProc(i)), 'utf8'), 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid for ${clusterNodeProc(i)}`);
  process.kill(pid, 'SIGKILL');
}

/** Start whatever node of the cluster is not running and wait until all three are NORMAL. */
export async function restartMissingNodes(): Promise<void> {
  await ensureStackUp({ only: ['cassandra-3'], log: (line) => process.stderr.write(`${line}\n`) });
}
