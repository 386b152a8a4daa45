import { z } from 'zod';
import { method, stream } from '../define';
import { SshFingerprint } from '../ssh';
import { SmokeResult } from './types';

/**
 * The remote host target of the models area (issue #17): a generated service
 * deployed over SSH to a Linux host (SFTP upload, venv, gunicorn under
 * systemd --user or a nohup supervisor), then listed, restarted, rolled back,
 * stopped, its log followed and an nginx site generated.
 *
 * The host is not a saved connection: the target names it (address, port,
 * user) and says where the key comes from — the SSH key of a saved
 * connection (kept in the vault; the renderer never sees it) or the SSH
 * agent. Host keys are checked as for SSH tunnels: `hostKey` is the
 * fingerprint the user trusts ('' = the one Stackdeck remembers for that
 * host:port); an unknown key is reported with its fingerprint before
 * anything is uploaded, a changed one is refused.
 */

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const HostName = z
  .string()
  .regex(HOST_NAME, 'Use letters, digits, ".", "_" and "-" (at most 64), starting with a letter or digit.')
  .refine((v) => !v.includes('..'), 'Two dots in a row are not allowed.');

/** One SSH hop of a host target: where it is, who logs in, where the key comes from, which host key is trusted. */
const hop = {
  host: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9._:[\]-]+$/, 'Enter a host name or IP address.'),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1).max(255),
  auth: z.enum(['key', 'agent']),
  /** With key auth: the saved connection whose SSH private key (in the vault) is used. */
  keyProfileId: z.string().min(1).max(200).optional(),
  /** The host key fingerprint the user trusts; '' = the one remembered for host:port (none: unknown). */
  hostKey: SshFingerprint.default(''),
};

/**
 * A jump host (ssh -J) the deployment host is reached through: every host
 * operation (deploy, logs, scrapes, stop, rollback) opens its session to the
 * jump host first and reaches the target over a direct-tcpip channel of it,
 * so the target's host:port is as the jump host sees it. Its host key is
 * checked like the target's, on its own.
 */
export const HostJump = z.object(hop);
export type HostJump = z.infer<typeof HostJump>;

export const HostTarget = z.object({
  ...hop,
  /** The Python on the host that makes the venv. */
  python: z.string().min(1).max(4096).default('python3'),
  /** Absent: the host is reached directly. */
  jump: HostJump.optional(),
});
export type HostTarget = z.infer<typeof HostTarget>;
export type HostTargetInput = z.input<typeof HostTarget>;

export const HostStepId = z.enum(['python', 'disk', 'upload', 'venv', 'port', 'start', 'health', 'smoke']);
export type HostStepId = z.infer<typeof HostStepId>;
export const HostStep = z.object({
  id: HostStepId,
  status: z.enum(['running', 'ok', 'failed', 'skipped']),
  detail: z.string(),
});
export type HostStep = z.infer<typeof HostStep>;

/** What is on the host for one deployment. */
export const HostState = z.object({
  deployment: z.string(),
  versions: z.array(z.string()),
  current: z.string().nullable(),
  previous: z.string().nullable(),
  /** The supervisor's pid; null when nothing runs. */
  pid: z.number().int().nullable(),
  port: z.number().int().nullable(),
  manager: z.enum(['systemd', 'nohup']).nullable(),
  /** It runs with an API key (kept on the host in run/api-key, 0600; models.host.apiKey reveals it). */
  apiKey: z.boolean().default(false),
});
export type HostState = z.infer<typeof HostState>;

/** A host key not accepted: unknown (trust it to continue) or changed (refused). */
export const HostKeyNotice = z.object({
  status: z.enum(['unknown', 'changed']),
  /** Whose key: the deployment host's, or its jump host's (trusting it sets `jump.hostKey`). */
  hop: z.enum(['host', 'jump']),
  host: z.string(),
  port: z.number().int(),
  fingerprint: z.string(),
  algorithm: z.string(),
  message: z.string(),
});
export type HostKeyNotice = z.infer<typeof HostKeyNotice>;

export const HostDeployEvent = z.discriminatedUnion('type', [
  /** The host key is not trusted yet: nothing was uploaded; deploy again with `hostKey` set to trust it. */
  z.object({ type: z.literal('hostKey'), notice: HostKeyNotice }),
  z.object({ type: z.literal('step'), step: HostStep }),
  z.object({
    type: z.literal('done'),
    /** The id of the host deployment in the Deployments panel (models.host.deployments, models.metrics.series). */
    id: z.string(),
    smoke: SmokeResult,
    state: HostState,
    steps: z.array(HostStep),
  }),
]);
export type HostDeployEvent = z.infer<typeof HostDeployEvent>;

/**
 * A host deployment Stackdeck watches (health and /metrics through its own
 * SSH session). The list is kept across core restarts (no secrets: the key
 * is referenced by its saved connection's id) and checked again on start.
 */
export const WatchedHostDeployment = z.object({
  id: z.string(),
  /** user@host:port */
  label: z.string(),
  target: HostTarget,
  deployment: z.string(),
  state: HostState,
  /** checking: restored after a core restart, not yet looked at on the host. */
  status: z.enum(['checking', 'running', 'stopped', 'unhealthy', 'unreachable']),
  healthy: z.boolean(),
  lastError: z.string().nullable(),
  checkedAt: z.number(),
});
export type WatchedHostDeployment = z.infer<typeof WatchedHostDeployment>;

export const HostOpResult = z.object({ id: z.string(), state: HostState, smoke: SmokeResult.nullable() });
export type HostOpResult = z.infer<typeof HostOpResult>;

const OnHost = z.object({ target: HostTarget, deployment: HostName });
const ops = { workers: z.number().int().min(1).max(8).default(1) };
const EXEMPT =
  'Writes to an SSH host named in the input, not to a saved connection: the key connection only lends its SSH key, so its read-only flag does not apply.';

export const modelsHost = {
  'models.host.probe': method({
    input: z.object({ target: HostTarget }),
    output: z.object({ trusted: z.boolean(), notice: HostKeyNotice.nullable(), label: z.string() }),
    timeoutMs: 30_000,
    summary:
      'Connects to the host and authenticates: trusted (the fingerprint is then remembered), or the host key notice (unknown: its fingerprint to trust; changed: refused).',
  }),
  'models.host.deploy': stream({
    input: z.object({
      target: HostTarget,
      /** The generated service folder (models.service.generate). */
      dir: z.string().min(1).max(4096),
      deployment: HostName,
      version: HostName,
      /** Where the service listens on the host's 127.0.0.1. */
      remotePort: z.number().int().min(1024).max(65535),
      minFreeMb: z.number().int().min(1).max(1_000_000).default(512),
      ...ops,
    }),
    event: HostDeployEvent,
    writes: true,
    readOnlyExempt: EXEMPT,
    summary:
      'Deploys a generated service to the host over SSH, step by step (python, disk, upload, venv, port, start, health, smoke); an unknown host key ends it with its fingerprint before anything is uploaded; a changed one is refused. A failed health check or smoke test brings the previous version back.',
  }),
  'models.host.list': method({
    input: z.object({ target: HostTarget }),
    output: z.object({ label: z.string(), deployments: z.array(HostState) }),
    timeoutMs: 30_000,
    summary: 'The deployments under ~/stackdeck on the host: versions, current, previous, what runs (pid, port).',
  }),
  'models.host.deployments': method({
    input: z.object({}),
    output: z.object({ deployments: z.array(WatchedHostDeployment) }),
    summary: 'The host deployments core watches (health and /metrics through SSH) for the Deployments panel.',
  }),
  'models.host.forget': method({
    input: z.object({ id: z.string().min(1).max(1000) }),
    output: z.object({ forgotten: z.boolean() }),
    summary:
      'Removes a stopped or unreachable host deployment from the Deployments list (and the saved list); nothing changes on the host. A running one is refused: stop it first.',
  }),
  'models.host.stop': method({
    input: OnHost,
    output: HostOpResult,
    timeoutMs: 60_000,
    writes: true,
    readOnlyExempt: EXEMPT,
    summary: 'Stops the deployment’s service on the host (its versions stay).',
  }),
  'models.host.restart': method({
    input: OnHost.extend(ops),
    output: HostOpResult,
    timeoutMs: 180_000,
    writes: true,
    readOnlyExempt: EXEMPT,
    summary: 'Restarts the current version on the host, waits for /health and smoke tests it.',
  }),
  'models.host.rollback': method({
    input: OnHost.extend(ops),
    output: HostOpResult,
    timeoutMs: 180_000,
    writes: true,
    readOnlyExempt: EXEMPT,
    summary: 'Runs the version that ran before the current one again (refused when there is none).',
  }),
  'models.host.activate': method({
    input: OnHost.extend({ version: HostName, ...ops }),
    output: HostOpResult,
    timeoutMs: 180_000,
    writes: true,
    readOnlyExempt: EXEMPT,
    summary: 'Runs a version already on the host (a redeploy without uploading).',
  }),
  'models.host.logs': stream({
    input: OnHost.extend({ lines: z.number().int().min(1).max(5000).default(200) }),
    event: z.object({ lines: z.array(z.string()) }),
    summary: 'The service log on the host: its last lines, then new ones (tail -F over SSH) until the stream ends.',
  }),
  'models.host.apiKey': method({
    input: OnHost,
    output: z.object({ key: z.string() }),
    timeoutMs: 30_000,
    summary:
      'The API key a host deployment runs with, read from the host over SSH: for the card’s Reveal and Copy only (lists never carry it). NOT_FOUND when it runs without one.',
  }),
  'models.host.nginx': method({
    input: OnHost.extend({
      serverName: z.string().min(1).max(253).default('_'),
      /** False: generate and show only. True: write the site file and run the commands (needs sudo -n). */
      enable: z.boolean().default(false),
    }),
    output: z.object({
      path: z.string(),
      content: z.string(),
      commands: z.array(z.string()),
      ran: z.boolean(),
      output: z.string(),
    }),
    timeoutMs: 90_000,
    writes: true,
    readOnlyExempt: EXEMPT,
    summary:
      'The nginx site (port 80 -> the service on 127.0.0.1) and the commands to enable it; only with enable: true does Stackdeck write it on the host and run them, when the user may sudo without a password.',
  }),
} as const;
