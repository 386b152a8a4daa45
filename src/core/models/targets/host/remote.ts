/**
 * What Stackdeck does on the host besides uploading: the Python and disk
 * checks, the venv, starting and stopping the supervised service, switching
 * the `current` symlink, and reading back what is there (versions, what
 * runs). Each is one short shell script over an exec channel.
 */
import { StackdeckError } from '../../../../shared/errors';
import { deploymentDir, inHome, ROOT, runDir, sq, superviseScript, systemdUnit, unitName } from './layout';
import type { HostSession } from './session';
import { venvCleanupScript } from './venv';

export const MIN_PYTHON: readonly [number, number] = [3, 9];

export async function checkPython(session: HostSession, python: string): Promise<string> {
  // `command -v` first: an absent interpreter is "not found", not an odd shell error.
  const r = await session.exec(
    `cd && if ! command -v ${sq(python)} >/dev/null 2>&1; then echo "__missing__"; exit 0; fi; ${sq(python)} --version 2>&1`,
  );
  const out = `${r.stdout}${r.stderr}`.trim();
  if (out.includes('__missing__'))
    throw new StackdeckError(
      'NOT_FOUND',
      `No Python at "${python}" on ${session.label}. Install Python ${MIN_PYTHON.join('.')} or newer there, or set the Python path of the host target.`,
      { cause: 'PYTHON_MISSING', python },
    );
  const m = /Python (\d+)\.(\d+)(?:\.(\d+))?/.exec(out);
  if (!m)
    throw new StackdeckError(
      'SERVER_ERROR',
      `"${python} --version" on ${session.label} printed no version: ${out.slice(0, 300)}`,
      {
        cause: 'PYTHON_UNKNOWN',
      },
    );
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1]))
    throw new StackdeckError(
      'INVALID_INPUT',
      `"${python}" on ${session.label} is Python ${m[0].slice(7)}; the service needs ${MIN_PYTHON.join('.')} or newer. Set the path of a newer Python.`,
      { cause: 'PYTHON_TOO_OLD', version: m[0].slice(7) },
    );
  return m[0].slice(7);
}

/** Free space in MiB where the deployments go (the home directory's file system). */
export async function freeDiskMb(session: HostSession): Promise<number> {
  const r = await session.exec('cd && df -Pk . | tail -1');
  const kb = Number(r.stdout.trim().split(/\s+/)[3]);
  if (!Number.isFinite(kb))
    throw new StackdeckError('SERVER_ERROR', `Cannot read free disk space: ${r.stdout}${r.stderr}`);
  return Math.floor(kb / 1024);
}

export async function hasSystemdUser(session: HostSession): Promise<boolean> {
  const r = await session.exec('systemctl --user show-environment >/dev/null 2>&1');
  return r.code === 0;
}

/**
 * Whether something listens on the host's 127.0.0.1:port (a bind attempt, with the host's own Python).
 * SO_REUSEADDR as gunicorn sets it: connections left in TIME_WAIT by the previous version do not count.
 */
export async function portInUse(session: HostSession, python: string, port: number): Promise<boolean> {
  const r = await session.exec(
    `${sq(python)} -c ${sq(`import socket,sys\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\ntry:\n  s.bind(("127.0.0.1",${port}))\nexcept OSError:\n  sys.exit(3)`)}`,
  );
  return r.code === 3;
}

export interface HostState {
  deployment: string;
  versions: string[];
  current: string | null;
  previous: string | null;
  /** The supervisor's pid when it runs; null when nothing runs. */
  pid: number | null;
  port: number | null;
  manager: 'systemd' | 'nohup' | null;
  /** It runs with an API key (run/api-key). */
  apiKey: boolean;
}

/** A deployment with nothing on the host (yet). */
export const emptyState = (deployment: string): HostState => ({
  deployment,
  versions: [],
  current: null,
  previous: null,
  pid: null,
  port: null,
  manager: null,
  apiKey: false,
});

/** What is on the host for one deployment (or every deployment under ~/stackdeck when none is given). */
export async function hostState(session: HostSession, deployment?: string): Promise<HostState[]> {
  const dirs = deployment === undefined ? `${ROOT}/*/` : `${sq(deploymentDir(deployment))}/`;
  const r = await session.exec(`cd && for d in ${dirs}; do
  [ -d "$d" ] || continue
  printf 'D\\t%s\\n' "$(basename "$d")"
  for v in "$d"*/; do case "$(basename "$v")" in run|venvs|current|previous) ;; *) [ -f "$v/app.py" ] && printf 'V\\t%s\\n' "$(basename "$v")";; esac; done
  printf 'C\\t%s\\n' "$(readlink "$d/current" 2>/dev/null)"
  printf 'P\\t%s\\n' "$(readlink "$d/previous" 2>/dev/null)"
  pid="$(cat "$d/run/service.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then printf 'R\\t%s\\n' "$pid"; fi
  printf 'S\\t%s\\n' "$(cat "$d/run/state" 2>/dev/null)"
  if [ -f "$d/run/api-key" ]; then printf 'K\\t1\\n'; fi
done`);
  const out: HostState[] = [];
  let cur: HostState | undefined;
  for (const line of r.stdout.split('\n')) {
    const [tag, value = ''] = line.split('\t');
    if (tag === 'D') {
      cur = emptyState(value);
      out.push(cur);
    } else if (cur === undefined) continue;
    else if (tag === 'V') cur.versions.push(value);
    else if (tag === 'C') cur.current = value || null;
    else if (tag === 'P') cur.previous = value || null;
    else if (tag === 'R') cur.pid = Number(value);
    else if (tag === 'K') cur.apiKey = true;
    else if (tag === 'S') {
      const m = /port=(\d+) manager=(\w+)/.exec(value);
      if (m) {
        cur.port = Number(m[1]);
        cur.manager = m[2] === 'systemd' ? 'systemd' : 'nohup';
      }
    }
  }
  return out;
}

/** Points `current` at a version (and `previous` at what `current` was, unless it is the same). */
export async function switchCurrent(session: HostSession, deployment: string, version: string): Promise<void> {
  const d = deploymentDir(deployment);
  const r = await session.exec(
    inHome(`test -f ${sq(`${d}/${version}/app.py`)} || { echo "version ${version} is not on the host" >&2; exit 4; }
old="$(readlink ${sq(`${d}/current`)} 2>/dev/null || true)"
if [ -n "$old" ] && [ "$old" != ${sq(version)} ]; then ln -sfn "$old" ${sq(`${d}/previous`)}; fi
ln -sfn ${sq(version)} ${sq(`${d}/current`)}`),
  );
  if (r.code !== 0)
    throw new StackdeckError(
      r.code === 4 ? 'NOT_FOUND' : 'SERVER_ERROR',
      `Cannot switch to ${version}: ${r.stderr.trim()}`,
    );
}

export async function startService(
  session: HostSession,
  deployment: string,
  port: number,
  workers: number,
  useSystemd: boolean,
): Promise<'systemd' | 'nohup'> {
  const run = runDir(deployment);
  if (useSystemd) {
    const unit = unitName(deployment);
    const r = await session.exec(
      inHome(`mkdir -p .config/systemd/user ${sq(run)}
cat > ${sq(`.config/systemd/user/${unit}`)} <<'UNIT'
${systemdUnit(deployment, port, workers)}UNIT
printf 'port=${port} manager=systemd\\n' > ${sq(`${run}/state`)}
systemctl --user daemon-reload
systemctl --user restart ${sq(unit)}`),
    );
    if (r.code !== 0) throw new StackdeckError('SERVER_ERROR', `systemctl --user start failed: ${r.stdout}${r.stderr}`);
    return 'systemd';
  }
  const r = await session.exec(
    inHome(`mkdir -p ${sq(run)}
cat > ${sq(`${run}/supervise.sh`)} <<'SUPERVISE'
${superviseScript(port, workers)}SUPERVISE
printf 'port=${port} manager=nohup\\n' > ${sq(`${run}/state`)}
printf '[stackdeck] starting %s on 127.0.0.1:${port}\\n' "$(readlink ${sq(`${deploymentDir(deployment)}/current`)})" >> ${sq(`${run}/service.log`)}
nohup setsid sh ${sq(`${run}/supervise.sh`)} > /dev/null 2>&1 < /dev/null &
i=0; while [ ! -s ${sq(`${run}/service.pid`)} ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done
cat ${sq(`${run}/service.pid`)}`),
  );
  if (r.code !== 0) throw new StackdeckError('SERVER_ERROR', `Starting the service failed: ${r.stdout}${r.stderr}`);
  return 'nohup';
}

/** Stops the service (TERM to the supervisor, which stops gunicorn; KILL to its process group after 15 s). */
export async function stopService(session: HostSession, deployment: string): Promise<boolean> {
  const run = runDir(deployment);
  const r = await session.exec(
    inHome(`if grep -q manager=systemd ${sq(`${run}/state`)} 2>/dev/null; then systemctl --user stop ${sq(unitName(deployment))}; echo stopped; exit 0; fi
pid="$(cat ${sq(`${run}/service.pid`)} 2>/dev/null || true)"
if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then rm -f ${sq(`${run}/service.pid`)}; echo none; exit 0; fi
kill -TERM "$pid"
i=0; while kill -0 "$pid" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i+1)); done
if kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"; fi
rm -f ${sq(`${run}/service.pid`)}
echo stopped`),
    { timeoutMs: 30_000 },
  );
  if (r.code !== 0) throw new StackdeckError('SERVER_ERROR', `Stopping the service failed: ${r.stdout}${r.stderr}`);
  return r.stdout.includes('stopped');
}

/** Removes a deployment from the host (stopped first), and the venvs no deployment needs any more. */
export async function removeDeployment(session: HostSession, deployment: string): Promise<void> {
  await stopService(session, deployment);
  await session.exec(
    `cd && systemctl --user disable ${sq(unitName(deployment))} >/dev/null 2>&1; rm -f ${sq(`.config/systemd/user/${unitName(deployment)}`)}; rm -rf ${sq(deploymentDir(deployment))}\n${venvCleanupScript()}`,
  );
}

export function logCommand(deployment: string, lines = 200): string {
  return `cd && exec tail -n ${lines} -F ${sq(`${runDir(deployment)}/service.log`)} 2>/dev/null`;
}
