/**
 * Stops one process of the local stack by its pid-file name (e.g.
 * `kafka-3-broker-2`), for tests that need a server to go away: a broker down
 * to see under-replicated partitions. `ensureStackUp` starts it again (the
 * server's probe fails while one of its processes is missing, and `up`
 * relaunches only the processes without a running pid).
 */
import { rmSync } from 'node:fs';
import { stackPaths } from './paths.js';
import { pidFile, runningProc, stopProcess } from './proc.js';

export async function stopStackProcess(
  proc: string,
  graceMs = 30_000,
): Promise<'terminated' | 'killed' | 'not-running'> {
  const { pidsDir } = stackPaths();
  const rec = runningProc(pidsDir, proc);
  if (rec === undefined) return 'not-running';
  const result = await stopProcess(rec.pid, rec.startTime, graceMs);
  if (result === 'survived') throw new Error(`${proc} (pid ${rec.pid}) survived SIGKILL`);
  rmSync(pidFile(pidsDir, proc), { force: true });
  return result;
}
