/**
 * Where a deployment lives on the host, and the shell text Stackdeck runs
 * there. Every path is relative to the remote user's home directory (SFTP
 * starts there; every command starts with `cd`), so no absolute home path is
 * guessed:
 *
 *   stackdeck/<deployment>/<version>/   app.py, model, requirements.txt, ...; .venv -> ../../.venvs/<key>
 *   stackdeck/.venvs/<key>              one venv per Python and requirements.txt content, shared by the
 *                                       deployments (venv.ts: a redeploy or a second model reuses it)
 *   stackdeck/<deployment>/current      symlink to the version that runs; previous: the one before
 *   stackdeck/<deployment>/run/         supervise.sh, service.pid, service.log, state (port, workers),
 *                                       api-key (0600, only for a service generated with an API key)
 */
import { StackdeckError } from '../../../../shared/errors';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkName(what: string, value: string): string {
  if (!NAME.test(value) || value.includes('..'))
    throw new StackdeckError(
      'INVALID_INPUT',
      `The ${what} "${value.slice(0, 80)}" is not valid: use letters, digits, ".", "_" and "-" (at most 64).`,
      { field: what },
    );
  return value;
}

/** POSIX single-quoting: the value is one word whatever it holds. */
export function sq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export const ROOT = 'stackdeck';
export const deploymentDir = (deployment: string) => `${ROOT}/${deployment}`;
export const versionDir = (deployment: string, version: string) => `${ROOT}/${deployment}/${version}`;
export const runDir = (deployment: string) => `${ROOT}/${deployment}/run`;
/** The API key the service runs with: read into API_KEY by the start script, never on a command line. */
export const apiKeyFile = (deployment: string) => `${runDir(deployment)}/api-key`;

/** Runs in the home directory, with errors stopping the script. */
export const inHome = (script: string) => `cd && set -e\n${script}`;

/**
 * The nohup supervisor (used where `systemd --user` is not available): keeps
 * gunicorn running with restart backoff (1 s doubling to 15 s, at most 5 in a
 * row), writes its own pid (it is the process group leader: started with
 * setsid), and on TERM stops gunicorn gracefully before it exits.
 */
export function superviseScript(port: number, workers: number): string {
  return `#!/bin/sh
# Written by Stackdeck on each start: keeps the model service running; stop it with kill -TERM $(cat run/service.pid).
cd "$(dirname "$0")/.." || exit 1
D="$(pwd)"
echo $$ > run/service.pid
child=
stop() { [ -n "$child" ] && kill -TERM "$child" 2>/dev/null; [ -n "$child" ] && wait "$child" 2>/dev/null; rm -f run/service.pid; echo "[stackdeck] stopped" >> run/service.log; exit 0; }
trap stop TERM INT HUP
restarts=0
delay=1
while :; do
  [ -f run/service.log ] && [ "$(wc -c < run/service.log)" -gt 10485760 ] && mv run/service.log run/service.log.1
  rm -rf run/metrics && mkdir -p run/metrics
  if [ -f run/api-key ]; then API_KEY="$(cat run/api-key)"; export API_KEY; fi
  (cd current && PROMETHEUS_MULTIPROC_DIR="$D/run/metrics" BIND=127.0.0.1:${port} WORKERS=${workers} PYTHONUNBUFFERED=1 exec .venv/bin/python -m gunicorn -c gunicorn.conf.py app:app) >> run/service.log 2>&1 < /dev/null &
  child=$!
  wait "$child"
  code=$?
  child=
  echo "[stackdeck] service exited (code $code)" >> run/service.log
  restarts=$((restarts + 1))
  if [ "$restarts" -gt 5 ]; then echo "[stackdeck] gave up after 5 restarts" >> run/service.log; rm -f run/service.pid; exit 1; fi
  sleep "$delay"
  delay=$((delay * 2)); [ "$delay" -gt 15 ] && delay=15
done
`;
}

/** The `systemd --user` unit used where a user manager answers (not available on the machine these tests run on). */
export function systemdUnit(deployment: string, port: number, workers: number): string {
  return `[Unit]
Description=Stackdeck model service ${deployment}

[Service]
WorkingDirectory=%h/${deploymentDir(deployment)}/current
Environment=BIND=127.0.0.1:${port} WORKERS=${workers} PYTHONUNBUFFERED=1 PROMETHEUS_MULTIPROC_DIR=%t/stackdeck-${deployment}
ExecStartPre=/bin/rm -rf %t/stackdeck-${deployment}
ExecStartPre=/bin/mkdir -p %t/stackdeck-${deployment}
ExecStart=/bin/sh -c 'if [ -f ../run/api-key ]; then API_KEY="$$(cat ../run/api-key)"; export API_KEY; fi; exec .venv/bin/python -m gunicorn -c gunicorn.conf.py app:app'
Restart=on-failure
RestartSec=2

[Install]
WantedBy=default.target
`;
}

export const unitName = (deployment: string) => `stackdeck-${deployment}.service`;
