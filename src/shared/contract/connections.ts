import { z } from 'zod';
import { RpcErrorShape } from '../errors';
import {
  ProfileDraft,
  ProfileId,
  ProfileKind,
  ProfileList,
  Profile,
  ProfilesExport,
  type ProfileDraftInput,
} from './connection-profiles';
import { method, stream } from './define';

export * from './connection-profiles';
export * from './ssh';

/**
 * The connections area: saved profiles, the secret vault's consent, the staged
 * connection probe, and live client status.
 *
 * Secrets are write-only across this boundary. Inputs carry a `SecretInput`
 * (set a value, keep what is stored, or clear it); outputs carry only a
 * `SecretState` (`{ set }`). The only places a secret value ever appears in an
 * output are `connections.profiles.parseUri`, which echoes the password the caller
 * itself just sent inside the URI so the dialog can pre-fill its field, and
 * `connections.profiles.parseBundle`, which likewise returns the client key from
 * the bundle the caller just sent; nothing read from the vault is ever returned.
 *
 * None of these methods writes to a server (`writes: false`): creating, editing or
 * deleting a profile changes Stackdeck's own data, so they work for read-only
 * profiles too.
 */

// ---------------------------------------------------------------------------
// Probe

/** `ssh` runs first, and only for a connection through an SSH tunnel. */
export const ProbeStageName = z.enum(['ssh', 'dns', 'tcp', 'tls', 'auth', 'ping']);
export type ProbeStageName = z.infer<typeof ProbeStageName>;

export const ProbeEvent = z.discriminatedUnion('type', [
  /**
   * One stage changed state. A stage that runs emits `running`, then one of ok / failed / skipped
   * (skipped: not applicable, e.g. TLS off). Stages after a failure emit only `skipped`.
   */
  z.object({
    type: z.literal('stage'),
    stage: ProbeStageName,
    status: z.enum(['running', 'ok', 'failed', 'skipped']),
    elapsedMs: z.number().nonnegative(),
    /** The underlying code: ENOTFOUND, ECONNREFUSED, ETIMEDOUT, CERT_HAS_EXPIRED, AUTH_FAILED, ... */
    code: z.string().nullable(),
    /** The closed code this maps to, for failed stages. */
    errorCode: z
      .enum(['UNREACHABLE', 'TIMEOUT', 'AUTH_FAILED', 'TLS', 'INVALID_INPUT', 'SERVER_ERROR', 'CANCELLED'])
      .nullable(),
    message: z.string(),
    /**
     * The SSH stage: the host key the server presented when it is not the trusted
     * one (first use: the dialog asks to trust it; changed: refused).
     */
    sshHostKey: z
      .object({
        /** 'bastion' or 'jump'. */
        hop: z.enum(['bastion', 'jump']),
        host: z.string(),
        port: z.number().int(),
        algorithm: z.string(),
        fingerprint: z.string(),
        /** 'unknown': none trusted yet; 'changed': differs from the trusted one. */
        status: z.enum(['unknown', 'changed']),
      })
      .optional(),
    /** The SSH stage: which addresses go through the tunnel (host:port → local forward). */
    tunnelled: z.array(z.object({ target: z.string(), local: z.string() })).optional(),
  }),
  /** The last event: overall result. */
  z.object({
    type: z.literal('done'),
    ok: z.boolean(),
    failedStage: ProbeStageName.nullable(),
    elapsedMs: z.number().nonnegative(),
    serverVersion: z.string().nullable(),
    /** Non-fatal remarks worth showing, e.g. certificate verification is turned off. */
    warnings: z.array(z.string()),
  }),
]);
export type ProbeEvent = z.infer<typeof ProbeEvent>;

export const ProbeInput = z.object({
  /** Probe this saved profile; with `draft`, its stored secrets fill the draft's `keep` fields (editing). */
  connectionId: ProfileId.optional(),
  /** Probe this (possibly unsaved) profile. One of `connectionId` / `draft` is required. */
  draft: ProfileDraft.optional(),
  /** Deadline per stage. */
  stageTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
});

// ---------------------------------------------------------------------------
// Status and vault

export const ConnectionState = z.enum(['disconnected', 'connecting', 'connected', 'error']);
export type ConnectionState = z.infer<typeof ConnectionState>;

export const ConnectionStatus = z.object({
  connectionId: ProfileId,
  state: ConnectionState,
  /** The error that put the connection in `error` (kept after a later disconnect until the next connect). */
  lastError: RpcErrorShape.nullable(),
  changedAt: z.iso.datetime(),
  serverVersion: z.string().nullable(),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const VaultStatus = z.object({
  /** e.g. `file-key` (web mode), or the Electron safeStorage backend: `gnome_libsecret`, `kwallet5`, `basic_text`, `dpapi`, `keychain`. */
  backend: z.string(),
  /** True when storing secrets needs the user's consent first (safeStorage's `basic_text`: obfuscation only, no OS keyring). */
  needsConsent: z.boolean(),
  /** Whether the user has answered: true (accepted), false (declined), null (not asked). */
  consent: z.boolean().nullable(),
  /** Whether secrets can be stored now. */
  canStore: z.boolean(),
  /** What this backend means for the user, in plain words. */
  message: z.string(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

const ById = z.object({ id: ProfileId });
const ByConnection = z.object({ connectionId: ProfileId });

// ---------------------------------------------------------------------------
// Methods

export const connections = {
  'connections.profiles.list': method({
    summary: 'All saved profiles (secrets as set/not set) and any problem found with the profile or vault files.',
    input: z.object({}),
    output: ProfileList,
  }),
  'connections.profiles.get': method({ summary: 'One saved profile.', input: ById, output: Profile }),
  'connections.profiles.create': method({
    summary: 'Save a new profile. Secrets go to the vault.',
    input: z.object({ draft: ProfileDraft }),
    output: Profile,
  }),
  'connections.profiles.update': method({
    summary:
      'Replace a profile. Secrets marked keep stay while the endpoint is unchanged; the live client is closed. Read-only to writable needs a confirmation.',
    input: z.object({
      id: ProfileId,
      draft: ProfileDraft,
      /** Refuse with CONFLICT if the profile changed since this `updatedAt` was read. */
      expectedUpdatedAt: z.iso.datetime().optional(),
      /**
       * Turning a read-only profile writable is a deliberate act: in web mode this
       * must be the profile's saved name, which the UI sends only after the user
       * typed it; otherwise the update is refused (READ_ONLY, detail.reason
       * `confirm-writable`). The desktop app asks with a native dialog instead.
       */
      confirmWritable: z.string().max(120).optional(),
    }),
    output: Profile,
  }),
  'connections.profiles.duplicate': method({
    summary: 'Copy a profile, secrets included, under a new id.',
    input: z.object({ id: ProfileId, name: z.string().min(1).max(120).optional() }),
    output: Profile,
  }),
  'connections.profiles.delete': method({
    summary: 'Delete a profile, its secrets and its live client.',
    input: ById,
    output: z.object({ deleted: z.boolean() }),
  }),
  'connections.profiles.parseUri': method({
    summary:
      'Turn a connection string into a draft profile. Options outside the per-kind allow-list are refused (INVALID_INPUT, detail.option names it).',
    input: z.object({
      uri: z.string().min(1).max(8192),
      /** Needed for kinds without a standard URI scheme; otherwise taken from the scheme. */
      kind: ProfileKind.optional(),
      name: z.string().min(1).max(120).optional(),
    }),
    output: z.object({ draft: ProfileDraft, warnings: z.array(z.string()) }),
  }),
  'connections.profiles.parseBundle': method({
    summary:
      'Turn a Cassandra secure connect bundle (zip: config.json, ca.crt, cert, key) into a draft profile with mutual TLS; the key comes back as a secret to set, so saving puts it in the vault.',
    input: z.object({
      /** The zip, base64 (a bundle is a few KB; 1 MiB at most). */
      bundleBase64: z
        .string()
        .min(1)
        .max(1_400_000)
        .regex(/^[A-Za-z0-9+/]+=*$/, 'Expected the bundle as base64.'),
      name: z.string().min(1).max(120).optional(),
    }),
    output: z.object({ draft: ProfileDraft, warnings: z.array(z.string()) }),
  }),
  'connections.profiles.export': method({
    summary: 'Profiles as a JSON document without secrets.',
    input: z.object({ ids: z.array(ProfileId).optional() }),
    output: ProfilesExport,
  }),
  'connections.profiles.import': method({
    summary: 'Add the profiles of an export document as new profiles (new ids, no secrets).',
    input: z.object({ document: ProfilesExport }),
    output: z.object({ imported: z.array(Profile) }),
    timeoutMs: 30_000,
  }),
  'connections.probe.run': stream({
    summary:
      'Staged connection test: (ssh,) dns, tcp, tls, auth, ping; each with its own deadline. Ends with a `done` event.',
    input: ProbeInput,
    event: ProbeEvent,
  }),
  'connections.status.list': method({
    summary: 'Live client state of every profile.',
    input: z.object({}),
    output: z.array(ConnectionStatus),
  }),
  'connections.status.watch': stream({
    summary: 'Every status change; starts with the current status of every profile.',
    input: z.object({}),
    event: ConnectionStatus,
  }),
  'connections.client.connect': method({
    summary: 'Open (or reuse) the live client for a profile.',
    input: ByConnection,
    output: ConnectionStatus,
    timeoutMs: 30_000,
  }),
  'connections.client.disconnect': method({
    summary: 'Close the live client for a profile.',
    input: ByConnection,
    output: ConnectionStatus,
  }),
  'connections.vault.status': method({
    summary: 'Where secrets are kept and whether consent is needed.',
    input: z.object({}),
    output: VaultStatus,
  }),
  'connections.vault.consent': method({
    summary: 'Record the answer to the basic_text question (store secrets with obfuscation only?).',
    input: z.object({ accept: z.boolean() }),
    output: VaultStatus,
  }),
} as const;

// ---------------------------------------------------------------------------
// First run: one-click drafts for the local stack (see tests/stack).

export const LOCAL_STACK_DRAFTS: readonly ProfileDraftInput[] = [
  { kind: 'kafka', name: 'Local Kafka', brokers: ['127.0.0.1:9092'], group: 'Local stack' },
  {
    kind: 'mongo',
    name: 'Local MongoDB',
    endpoint: { mode: 'fields', hosts: ['127.0.0.1:27017'] },
    group: 'Local stack',
  },
  { kind: 'cassandra', name: 'Local Cassandra', contactPoints: ['127.0.0.1:9042'], group: 'Local stack' },
  { kind: 'neo4j', name: 'Local Neo4j', uri: 'bolt://127.0.0.1:7687', group: 'Local stack' },
  { kind: 'redis', name: 'Local Redis', host: '127.0.0.1', port: 6379, group: 'Local stack' },
];
