/**
 * How a local deployment's service is started: one uvicorn process, or
 * gunicorn with uvicorn workers and multiprocess metrics when it has several
 * workers, on 127.0.0.1 at its port, with an environment of its own (none of
 * core's variables), its API key, and its feedback store in its state folder.
 */
import { join } from 'node:path';
import { cleanEnv } from './python/run';
import type { Managed } from './managed';

export function serviceCommand(d: Managed): { args: string[]; env: NodeJS.ProcessEnv } {
  const o = d.opts;
  const env: NodeJS.ProcessEnv = { ...cleanEnv(o.dir), PYTHONUNBUFFERED: '1' };
  if (o.apiKey !== undefined) env.API_KEY = o.apiKey;
  if (d.stateDir !== null) env.FEEDBACK_DB = join(d.stateDir, 'feedback.sqlite3');
  Object.assign(env, o.env);
  if (o.workers > 1 && d.metricsDir !== null) {
    env.PROMETHEUS_MULTIPROC_DIR = d.metricsDir;
    env.BIND = `127.0.0.1:${d.port}`;
    env.WORKERS = String(o.workers);
    return { args: ['-m', 'gunicorn', '-c', 'gunicorn.conf.py', 'app:app'], env };
  }
  return {
    args: ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(d.port), '--no-access-log'],
    env,
  };
}
