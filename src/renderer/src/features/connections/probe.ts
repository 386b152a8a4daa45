import type { ProbeEvent, ProbeStageName, ProfileKind } from '../../../../shared/contract/connections';
import type { ShownError } from '../../ui/errors';

/** The staged probe as the dialog shows it (pure reducer; unit tested). */

export type StageStatus = 'pending' | 'running' | 'ok' | 'failed' | 'skipped' | 'cancelled';

export interface StageView {
  name: ProbeStageName;
  status: StageStatus;
  elapsedMs: number | null;
  code: string | null;
  errorCode: string | null;
  message: string;
  /** SSH stage: the host key presented when it is not the trusted one. */
  sshHostKey?: StageEvent['sshHostKey'];
  /** SSH stage / ping: addresses going through the tunnel. */
  tunnelled?: StageEvent['tunnelled'];
}

type StageEvent = Extract<ProbeEvent, { type: 'stage' }>;

export type DoneEvent = Extract<ProbeEvent, { type: 'done' }>;

export interface ProbeView {
  phase: 'idle' | 'running' | 'done' | 'cancelled' | 'error';
  stages: StageView[];
  done: DoneEvent | null;
  /** The probe itself could not run (invalid input, transport failure). */
  error: ShownError | null;
  startedAt: number | null;
}

export const STAGES: readonly ProbeStageName[] = ['dns', 'tcp', 'tls', 'auth', 'ping'];

export const STAGE_LABEL: Record<ProbeStageName, string> = {
  ssh: 'SSH tunnel',
  dns: 'Resolve host (DNS)',
  tcp: 'Open TCP connection',
  tls: 'TLS handshake',
  auth: 'Authenticate',
  ping: 'Ping the server',
};

const pending = (): StageView[] =>
  STAGES.map((name) => ({ name, status: 'pending', elapsedMs: null, code: null, errorCode: null, message: '' }));

export const idleProbe: ProbeView = { phase: 'idle', stages: pending(), done: null, error: null, startedAt: null };

export type ProbeAction =
  | { type: 'start'; at: number }
  | { type: 'event'; event: ProbeEvent }
  | { type: 'error'; error: ShownError }
  | { type: 'cancel' }
  | { type: 'reset' };

export function probeReducer(state: ProbeView, action: ProbeAction): ProbeView {
  switch (action.type) {
    case 'start':
      return { phase: 'running', stages: pending(), done: null, error: null, startedAt: action.at };
    case 'reset':
      return idleProbe;
    case 'error':
      return { ...state, phase: 'error', error: action.error, stages: stopRunning(state.stages) };
    case 'cancel':
      return state.phase === 'running' ? { ...state, phase: 'cancelled', stages: stopRunning(state.stages) } : state;
    case 'event': {
      if (state.phase !== 'running') return state;
      const event = action.event;
      if (event.type === 'done') {
        // Stages the server never reported after a failure did not run.
        const stages = state.stages.map((s) =>
          s.status === 'pending' || s.status === 'running' ? { ...s, status: 'skipped' as const } : s,
        );
        return { ...state, phase: 'done', done: event, stages };
      }
      // The ssh stage runs (first) only for a connection through a tunnel, so it is added when it reports.
      const known = state.stages.some((s) => s.name === event.stage);
      const base: StageView[] = known
        ? state.stages
        : [
            { name: event.stage, status: 'pending', elapsedMs: null, code: null, errorCode: null, message: '' },
            ...state.stages,
          ];
      const stages = base.map((s) =>
        s.name === event.stage
          ? {
              name: s.name,
              status: event.status,
              elapsedMs: event.elapsedMs,
              code: event.code,
              errorCode: event.errorCode,
              message: event.message,
              ...(event.sshHostKey ? { sshHostKey: event.sshHostKey } : {}),
              ...(event.tunnelled ? { tunnelled: event.tunnelled } : {}),
            }
          : s,
      );
      return { ...state, stages };
    }
  }
}

function stopRunning(stages: StageView[]): StageView[] {
  return stages.map((s) => (s.status === 'running' ? { ...s, status: 'cancelled' } : s));
}

export const failedStage = (view: ProbeView): StageView | undefined => view.stages.find((s) => s.status === 'failed');

/** What the user should try next when a stage fails, in plain words. */
export function adviceFor(stage: StageView, kind: ProfileKind): string {
  const code = stage.code ?? '';
  switch (stage.name) {
    case 'ssh':
      if (code === 'SSH_HOST_KEY_UNKNOWN')
        return 'Compare the fingerprint with the SSH server (ssh-keygen -lf on its host key, or ask its administrator), then trust it.';
      if (code === 'SSH_HOST_KEY_CHANGED')
        return 'Do not trust the new key until the server administrator confirms the server was reinstalled or its key rotated.';
      if (code === 'SSH_AUTH_FAILED') return 'Check the SSH user and its password, private key or agent.';
      return 'Check the SSH host, port and user, and that the bastion can reach the server.';
    case 'dns':
      return 'Check the host name for typos, or use an IP address. If the name only resolves inside a VPN or private network, connect to it first.';
    case 'tcp':
      if (code === 'ECONNREFUSED')
        return 'Nothing accepted the connection: check that the server is running and listening on this host and port, and that the port is right.';
      if (code === 'ETIMEDOUT' || stage.errorCode === 'TIMEOUT')
        return 'No answer within the deadline: a firewall may be dropping the traffic, or the host is down or unreachable from this machine.';
      if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
        return 'There is no network route to this host from this machine (VPN, firewall, wrong address).';
      return 'Check the host, the port and that the server is running.';
    case 'tls':
      if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(code))
        return 'The server certificate is not trusted: paste the CA certificate into the TLS section, or set the expected server name if it differs from the host.';
      return 'The TLS handshake failed: check whether the server expects TLS on this port (turn TLS on or off) and whether it requires a client certificate.';
    case 'auth':
      if (kind === 'mongo')
        return 'Check the username and password, and the authentication database (authSource) the user was created in.';
      if (kind === 'kafka') return 'Check the SASL mechanism, username and password configured for this cluster.';
      if (kind === 'redis') return 'Check the password, and the ACL username if the server uses ACL users (Redis 6+).';
      return 'Check the username and password.';
    case 'ping':
      return 'Connected and authenticated, but the test request failed: check the user’s permissions and the server’s health.';
  }
}

/** A deadline for the whole probe, after which the UI gives up even if the server never answers. */
export function probeWatchdogMs(stageTimeoutMs: number): number {
  // +1: the ssh stage, when there is a tunnel.
  return stageTimeoutMs * (STAGES.length + 1) + 3000;
}
