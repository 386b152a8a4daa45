/**
 * Operations on a deployment already on the host: restart, run another
 * version that is there (redeploy), roll back to the previous one, stop.
 * Each switches the `current` symlink as needed, restarts the supervised
 * service and waits for /health, then reports the host's state.
 */
import { StackdeckError } from '../../../../shared/errors';
import { describeState, smokeTest, waitHealthy } from './deploy';
import { checkName } from './layout';
import { hasSystemdUser, hostState, startService, stopService, switchCurrent, type HostState } from './remote';
import type { HostSession } from './session';
import type { SmokeResult } from '../../../../shared/contract/models';

export interface HostOpResult {
  state: HostState;
  smoke: SmokeResult | null;
}

async function stateOf(session: HostSession, deployment: string): Promise<HostState> {
  const s = (await hostState(session, checkName('deployment name', deployment)))[0];
  if (s === undefined)
    throw new StackdeckError('NOT_FOUND', `There is no deployment ${deployment} on ${session.label}.`);
  return s;
}

async function restartAt(
  session: HostSession,
  state: HostState,
  o: { workers: number; readyTimeoutMs: number; port?: number },
  signal: AbortSignal,
): Promise<HostOpResult> {
  const port = o.port ?? state.port;
  if (port === null)
    throw new StackdeckError(
      'INVALID_INPUT',
      `Deployment ${state.deployment} has never been started: deploy it first.`,
    );
  await stopService(session, state.deployment);
  await startService(session, state.deployment, port, o.workers, await hasSystemdUser(session));
  await waitHealthy(session, state.deployment, port, o.readyTimeoutMs, signal);
  const smoke = await smokeTest(session, state.deployment, port);
  return { state: await stateOf(session, state.deployment), smoke };
}

export async function restartHost(
  session: HostSession,
  deployment: string,
  o: { workers: number; readyTimeoutMs: number },
  signal: AbortSignal,
): Promise<HostOpResult> {
  return restartAt(session, await stateOf(session, deployment), o, signal);
}

/** Runs a version already on the host (the previous one becomes `previous`). */
export async function activateVersion(
  session: HostSession,
  deployment: string,
  version: string,
  o: { workers: number; readyTimeoutMs: number },
  signal: AbortSignal,
): Promise<HostOpResult> {
  const state = await stateOf(session, deployment);
  if (!state.versions.includes(checkName('version', version)))
    throw new StackdeckError(
      'NOT_FOUND',
      `Version ${version} is not on the host (there: ${state.versions.join(', ') || 'none'}). Deploy it first.`,
    );
  await switchCurrent(session, deployment, version);
  return restartAt(session, state, o, signal);
}

/** Rolls back to the version that ran before the current one. */
export async function rollbackHost(
  session: HostSession,
  deployment: string,
  o: { workers: number; readyTimeoutMs: number },
  signal: AbortSignal,
): Promise<HostOpResult> {
  const state = await stateOf(session, deployment);
  if (state.previous === null || !state.versions.includes(state.previous))
    throw new StackdeckError(
      'CONFLICT',
      `Deployment ${deployment} has no previous version to roll back to. ${describeState(state)}`,
    );
  return activateVersion(session, deployment, state.previous, o, signal);
}

export async function stopHost(session: HostSession, deployment: string): Promise<HostState> {
  await stopService(session, checkName('deployment name', deployment));
  return stateOf(session, deployment);
}
