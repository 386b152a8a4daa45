/**
 * A deployment to a remote host over SSH, as steps the UI shows one by one:
 * python -> disk -> upload -> venv -> port -> start -> health -> smoke. A
 * step that fails ends the rollout with its message and what is on the host
 * now (versions, what runs); running it again resumes (matching files are
 * skipped, a ready venv is reused). A failed health check or smoke test
 * stops the new version and, when there was one, starts the previous again.
 */
import type { SmokeResult } from '../../../../shared/contract/models';
import { StackdeckError } from '../../../../shared/errors';
import { checkName, runDir, sq } from './layout';
import {
  checkPython,
  emptyState,
  freeDiskMb,
  hasSystemdUser,
  hostState,
  portInUse,
  startService,
  stopService,
  switchCurrent,
  type HostState,
} from './remote';
import type { HostSession } from './session';
import { keyHeader, readApiKey, writeApiKey } from './apiKey';
import { uploadVersion } from './upload';
import { ensureVenv } from './venv';

export type StepId = 'python' | 'disk' | 'upload' | 'venv' | 'port' | 'start' | 'health' | 'smoke';
export interface Step {
  id: StepId;
  status: 'running' | 'ok' | 'failed' | 'skipped';
  detail: string;
}

export interface HostDeployOptions {
  deployment: string;
  version: string;
  /** The generated service folder (models.service.generate). */
  serviceDir: string;
  /** The Python on the host that makes the venv (default python3). */
  python: string;
  port: number;
  workers: number;
  minFreeMb: number;
  readyTimeoutMs: number;
  /** For a service generated with an API key: the key it runs with (written to run/api-key on the host). */
  apiKey?: string;
}

export interface HostDeployResult {
  steps: Step[];
  smoke: SmokeResult;
  state: HostState;
}

/** An error from a step, carrying the steps so far and the host's state (for "what is on the host now"). */
export class HostStepError extends StackdeckError {
  constructor(
    cause: unknown,
    readonly steps: Step[],
    readonly state: HostState | null,
  ) {
    // Re-wrapped after a restore: keep one "On the host now", the newer one.
    const base = (cause instanceof Error ? cause.message : String(cause)).replace(/\nOn the host now: [^\n]*$/, '');
    const code = cause instanceof StackdeckError ? cause.code : 'SERVER_ERROR';
    super(code, `${base}${state === null ? '' : `\nOn the host now: ${describeState(state)}`}`, {
      ...(cause instanceof StackdeckError ? cause.detail : {}),
      // The wire carries flat details: the UI parses these two back.
      failedStep: steps.find((st) => st.status === 'failed')?.id ?? null,
      hostState: state === null ? null : JSON.stringify(state),
    });
  }
}

export function describeState(s: HostState): string {
  const versions = s.versions.length === 0 ? 'no versions' : `versions ${s.versions.join(', ')}`;
  const runs = s.pid === null ? 'nothing running' : `running ${s.current ?? '?'} (pid ${s.pid}, port ${s.port ?? '?'})`;
  return `${versions}; current ${s.current ?? 'none'}; ${runs}.`;
}

export async function deployToHost(
  session: HostSession,
  o: HostDeployOptions,
  onStep: (s: Step) => void,
  signal: AbortSignal,
): Promise<HostDeployResult> {
  checkName('deployment name', o.deployment);
  checkName('version', o.version);
  const steps: Step[] = [];
  const step = async <T>(id: StepId, run: () => Promise<[T, string]>): Promise<T> => {
    const s: Step = { id, status: 'running', detail: '' };
    steps.push(s);
    onStep({ ...s });
    try {
      signal.throwIfAborted();
      const [value, detail] = await run();
      s.status = 'ok';
      s.detail = detail;
      onStep({ ...s });
      return value;
    } catch (err) {
      s.status = 'failed';
      s.detail = err instanceof Error ? err.message : String(err);
      onStep({ ...s });
      const state = session.closed ? null : await stateOf(session, o.deployment);
      throw new HostStepError(err, steps, state);
    }
  };

  const version = await step('python', async () => {
    const v = await checkPython(session, o.python);
    return [v, `Python ${v} at ${o.python}`];
  });
  await step('disk', async () => {
    const mb = await freeDiskMb(session);
    if (mb < o.minFreeMb)
      throw new StackdeckError(
        'INVALID_INPUT',
        `Only ${mb} MiB free in the home directory of ${session.label}; the deployment needs ${o.minFreeMb} MiB. Free some space and retry.`,
        { cause: 'DISK_FULL', freeMb: mb },
      );
    return [mb, `${mb} MiB free`];
  });
  await step('upload', async () => {
    const files = await uploadVersion(session, o.serviceDir, o.deployment, o.version, signal);
    const sent = files.filter((f) => f.action === 'uploaded');
    return [
      files,
      `${sent.length} uploaded, ${files.length - sent.length} already there (SHA-256 verified on the host): ${files
        .map((f) => `${f.name} ${f.action}`)
        .join(', ')}`,
    ];
  });
  await step('venv', async () => {
    const v = await ensureVenv(session, o.python, version, o.deployment, o.version, o.serviceDir, signal);
    return [v, v.created ? `created ${v.venv} and installed requirements.txt (Python ${version})` : `reused ${v.venv}`];
  });
  const before = await stateOf(session, o.deployment);
  await step('port', async () => {
    // This deployment's own service gives the port up; anything else holding it is the user's to stop.
    if (before.pid !== null) await stopService(session, o.deployment);
    if (await portInUse(session, o.python, o.port))
      throw new StackdeckError(
        'CONFLICT',
        `Port ${o.port} on ${session.label} is in use by another program. Choose another port or stop that program.`,
        { cause: 'PORT_IN_USE', port: o.port },
      );
    return [
      null,
      before.pid === null ? `127.0.0.1:${o.port} free` : `stopped ${before.current ?? '?'}; 127.0.0.1:${o.port} free`,
    ];
  });
  const systemd = await hasSystemdUser(session);
  await step('start', async () => {
    // Kept when a version without a key replaces one with it: a rollback to that version needs it again.
    if (o.apiKey !== undefined) await writeApiKey(session, o.deployment, o.apiKey);
    await switchCurrent(session, o.deployment, o.version);
    const manager = await startService(session, o.deployment, o.port, o.workers, systemd);
    const how =
      manager === 'systemd'
        ? 'started under systemd --user'
        : 'systemd --user is not available here: started under a nohup supervisor with a pid file';
    return [manager, o.apiKey === undefined ? how : `${how}; API key in run/api-key (0600)`];
  });
  try {
    await step('health', async () => {
      await waitHealthy(session, o.deployment, o.port, o.readyTimeoutMs, signal);
      return [null, `GET /health answered 200 through the SSH session`];
    });
  } catch (err) {
    await restorePrevious(session, o, before);
    throw err instanceof HostStepError ? new HostStepError(err, steps, await stateOf(session, o.deployment)) : err;
  }
  const smoke = await smokeTest(session, o.deployment, o.port);
  steps.push({
    id: 'smoke',
    status: smoke.ok ? 'ok' : 'failed',
    detail: smoke.ok ? `POST /predict ${smoke.status} in ${smoke.latencyMs.toFixed(0)} ms` : (smoke.error ?? ''),
  });
  onStep({ ...steps.at(-1)! });
  if (!smoke.ok) await restorePrevious(session, o, before);
  return { steps, smoke, state: await stateOf(session, o.deployment) };
}

async function stateOf(session: HostSession, deployment: string): Promise<HostState> {
  const none = emptyState(deployment);
  try {
    return (await hostState(session, deployment))[0] ?? none;
  } catch {
    return none;
  }
}

/** After a failed start: stop the new version; bring back the one that ran before, if one did. */
async function restorePrevious(session: HostSession, o: HostDeployOptions, before: HostState): Promise<void> {
  await stopService(session, o.deployment).catch(() => undefined);
  if (before.current === null || before.current === o.version) return;
  await switchCurrent(session, o.deployment, before.current).catch(() => undefined);
  if (before.pid !== null && before.port !== null)
    await startService(session, o.deployment, before.port, o.workers, before.manager === 'systemd').catch(
      () => undefined,
    );
}

export async function waitHealthy(
  session: HostSession,
  deployment: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    try {
      const r = await session.http(port, '/health', { timeoutMs: 2000 });
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    const alive = await session.exec(
      `cd && kill -0 "$(cat ${sq(`${runDir(deployment)}/service.pid`)} 2>/dev/null)" 2>/dev/null`,
    );
    if (alive.code !== 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const tail = await session.exec(`cd && tail -n 25 ${sq(`${runDir(deployment)}/service.log`)} 2>/dev/null`);
  throw new StackdeckError(
    'SERVER_ERROR',
    `The service on the host did not become healthy:\n${tail.stdout.trim() || '(no log)'}`,
    { cause: 'NOT_HEALTHY' },
  );
}

export async function smokeTest(session: HostSession, deployment: string, port: number): Promise<SmokeResult> {
  const ex = await session.exec(`cd && cat ${sq(`stackdeck/${deployment}/current/example.json`)}`);
  const headers = keyHeader(await readApiKey(session, deployment));
  const t0 = performance.now();
  try {
    const r = await session.http(port, '/predict', { method: 'POST', body: ex.stdout, headers, timeoutMs: 15_000 });
    const latencyMs = performance.now() - t0;
    let response: unknown = r.body;
    try {
      response = JSON.parse(r.body) as unknown;
    } catch {
      // keep the text
    }
    if (r.status !== 200)
      return {
        ok: false,
        status: r.status,
        latencyMs,
        response,
        error: `POST /predict answered ${r.status}: ${r.body.slice(0, 2000)}`,
      };
    return { ok: true, status: r.status, latencyMs, response, error: null };
  } catch (err) {
    return { ok: false, status: null, latencyMs: performance.now() - t0, response: null, error: String(err) };
  }
}
