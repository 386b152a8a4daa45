import {
  DEFAULT_PORTS,
  ProfileDraft,
  type ColorTag,
  type Environment,
  type Profile,
  type ProfileKind,
  type SchemaRegistryAuth,
  type SecretInput,
} from '../../../../shared/contract/connections';

import { emptySshForm, sshFormFromProfile, type SshForm } from './sshForm';

/**
 * The connection dialog's form model (pure; unit tested): one flat state for
 * all five kinds, converted to the contract's draft and validated with the
 * contract's own zod schema, whose issues are mapped back onto form fields.
 */

/** A write-only secret as the form edits it: the renderer knows only whether one is stored. */
export interface SecretEdit {
  stored: boolean;
  /** With a stored value: keep it, replace it with `value`, or clear it. Without one: `replace` (empty = none). */
  mode: 'keep' | 'replace' | 'clear';
  value: string;
}

export interface TlsForm {
  enabled: boolean;
  ca: string;
  cert: string;
  key: SecretEdit;
  keyPassphrase: SecretEdit;
  insecureSkipVerify: boolean;
  serverName: string;
}

export type SaslMechanism = 'none' | 'plain' | 'scram-sha-256' | 'scram-sha-512' | 'oauthbearer' | 'aws-msk-iam';
export type MongoAuthMechanism = 'default' | 'SCRAM-SHA-1' | 'SCRAM-SHA-256' | 'PLAIN';

export interface ConnectionForm {
  kind: ProfileKind;
  name: string;
  color: ColorTag;
  environment: Environment;
  readOnly: boolean;
  group: string;
  /** Kafka brokers, MongoDB hosts, Cassandra contact points: one per line or comma separated. */
  hosts: string;
  clientId: string;
  saslMechanism: SaslMechanism;
  /** Kafka OAUTHBEARER: the token endpoint and scope (client id and secret are username/password). */
  tokenEndpoint: string;
  oauthScope: string;
  /** Kafka AWS MSK IAM: the region and a profile name from the AWS profile files (never credentials). */
  awsRegion: string;
  awsProfile: string;
  mongoMode: 'fields' | 'uri';
  mongoUri: string;
  replicaSet: string;
  directConnection: boolean;
  authSource: string;
  authMechanism: MongoAuthMechanism;
  localDataCenter: string;
  keyspace: string;
  /** Astra's metadata service (host:port), from its bundle; empty for a self-managed cluster. */
  cloudMetadata: string;
  neo4jUri: string;
  database: string;
  host: string;
  port: string;
  db: string;
  /** Redis: a cluster (its extra seed nodes are in `hosts`). */
  redisCluster: boolean;
  /** SASL username/password for Kafka; the user/password of the other kinds. */
  username: string;
  password: SecretEdit;
  tls: TlsForm;
  ssh: SshForm;
  /** Kafka: the Kafka Connect REST URL (empty: none) and its basic-auth credentials. */
  connectUrl: string;
  connectUsername: string;
  connectPassword: SecretEdit;
  /** Kafka: the Schema Registry URL (empty: none), its auth scheme and credentials. */
  registryUrl: string;
  registryAuth: SchemaRegistryAuth;
  registryUsername: string;
  registryPassword: SecretEdit;
  registryToken: SecretEdit;
}

export type FieldErrors = Partial<Record<string, string>>;

export const newSecret = (): SecretEdit => ({ stored: false, mode: 'replace', value: '' });
const storedSecret = (state: { set: boolean }): SecretEdit =>
  state.set ? { stored: true, mode: 'keep', value: '' } : newSecret();

export function emptyForm(kind: ProfileKind): ConnectionForm {
  const port = DEFAULT_PORTS[kind];
  return {
    kind,
    name: '',
    color: 'grey',
    environment: 'dev',
    readOnly: false,
    group: '',
    hosts: kind === 'kafka' || kind === 'mongo' || kind === 'cassandra' ? `127.0.0.1:${port}` : '',
    clientId: 'stackdeck',
    saslMechanism: 'none',
    tokenEndpoint: '',
    oauthScope: '',
    awsRegion: '',
    awsProfile: '',
    mongoMode: 'fields',
    mongoUri: '',
    replicaSet: '',
    directConnection: false,
    authSource: '',
    authMechanism: 'default',
    localDataCenter: 'datacenter1',
    keyspace: '',
    cloudMetadata: '',
    neo4jUri: `bolt://127.0.0.1:${DEFAULT_PORTS.neo4j}`,
    database: '',
    host: '127.0.0.1',
    port: String(DEFAULT_PORTS.redis),
    db: '0',
    redisCluster: false,
    username: '',
    password: newSecret(),
    connectUrl: '',
    connectUsername: '',
    connectPassword: newSecret(),
    registryUrl: '',
    registryAuth: 'none',
    registryUsername: '',
    registryPassword: newSecret(),
    registryToken: newSecret(),
    tls: {
      enabled: false,
      ca: '',
      cert: '',
      key: newSecret(),
      keyPassphrase: newSecret(),
      insecureSkipVerify: false,
      serverName: '',
    },
    ssh: emptySshForm(),
  };
}

/** Switching kind on a new profile keeps what is common (name, tags, credentials) and resets the rest. */
export function switchKind(form: ConnectionForm, kind: ProfileKind): ConnectionForm {
  if (form.kind === kind) return form;
  const base = emptyForm(kind);
  return {
    ...base,
    name: form.name,
    color: form.color,
    environment: form.environment,
    readOnly: form.readOnly,
    group: form.group,
    username: form.username,
    password: form.password,
    ssh: form.ssh,
  };
}

export function formFromProfile(profile: Profile): ConnectionForm {
  const base = emptyForm(profile.kind);
  const common = {
    ...base,
    name: profile.name,
    color: profile.color,
    environment: profile.environment,
    readOnly: profile.readOnly,
    group: profile.group,
    tls: {
      enabled: profile.tls.enabled,
      ca: profile.tls.ca,
      cert: profile.tls.cert,
      key: storedSecret(profile.tls.key),
      keyPassphrase: storedSecret(profile.tls.keyPassphrase),
      insecureSkipVerify: profile.tls.insecureSkipVerify,
      serverName: profile.tls.serverName,
    },
    ssh: sshFormFromProfile(profile.ssh),
  };
  switch (profile.kind) {
    case 'kafka':
      return {
        ...common,
        hosts: profile.brokers.join('\n'),
        clientId: profile.clientId,
        saslMechanism: profile.sasl.mechanism,
        tokenEndpoint: profile.sasl.tokenEndpoint,
        oauthScope: profile.sasl.scope,
        awsRegion: profile.sasl.region,
        awsProfile: profile.sasl.awsProfile,
        username: profile.sasl.username,
        password: storedSecret(profile.sasl.password),
        connectUrl: profile.connect.url,
        connectUsername: profile.connect.username,
        connectPassword: storedSecret(profile.connect.password),
        registryUrl: profile.schemaRegistry.url,
        registryAuth: profile.schemaRegistry.auth,
        registryUsername: profile.schemaRegistry.username,
        registryPassword: storedSecret(profile.schemaRegistry.password),
        registryToken: storedSecret(profile.schemaRegistry.token),
      };
    case 'mongo':
      return {
        ...common,
        mongoMode: profile.endpoint.mode,
        hosts: profile.endpoint.mode === 'fields' ? profile.endpoint.hosts.join('\n') : base.hosts,
        replicaSet: profile.endpoint.mode === 'fields' ? profile.endpoint.replicaSet : '',
        directConnection: profile.endpoint.mode === 'fields' ? profile.endpoint.directConnection : false,
        mongoUri: profile.endpoint.mode === 'uri' ? profile.endpoint.uri : '',
        authSource: profile.authSource,
        authMechanism: profile.authMechanism,
        username: profile.username,
        password: storedSecret(profile.password),
      };
    case 'cassandra':
      return {
        ...common,
        hosts: profile.contactPoints.join('\n'),
        localDataCenter: profile.localDataCenter,
        keyspace: profile.keyspace,
        cloudMetadata: profile.cloudMetadata,
        username: profile.username,
        password: storedSecret(profile.password),
      };
    case 'neo4j':
      return {
        ...common,
        neo4jUri: profile.uri,
        database: profile.database,
        username: profile.username,
        password: storedSecret(profile.password),
      };
    case 'redis':
      return {
        ...common,
        host: profile.host,
        port: String(profile.port),
        db: String(profile.db),
        redisCluster: profile.cluster,
        hosts: profile.seeds.join('\n'),
        username: profile.username,
        password: storedSecret(profile.password),
      };
  }
}

/** A secret from a parsed URI: a value to set, or (keep) whatever the form already had. */
function secretFromInput(input: SecretInput | undefined, current: SecretEdit): SecretEdit {
  if (input?.action === 'set') return { stored: current.stored, mode: 'replace', value: input.value };
  return current;
}

/** Merges a draft (from `connections.profiles.parseUri`) into the form; the user's name and tags win when set. */
export function formFromDraft(draft: ProfileDraft, current: ConnectionForm): ConnectionForm {
  const start = current.kind === draft.kind ? current : switchKind(current, draft.kind);
  const common: ConnectionForm = {
    ...start,
    name: current.name.trim() !== '' ? current.name : draft.name,
    tls: {
      ...start.tls,
      enabled: draft.tls.enabled,
      serverName: draft.tls.serverName || start.tls.serverName,
    },
  };
  switch (draft.kind) {
    case 'kafka':
      return {
        ...common,
        hosts: draft.brokers.join('\n'),
        saslMechanism: draft.sasl.mechanism,
        tokenEndpoint: draft.sasl.tokenEndpoint,
        oauthScope: draft.sasl.scope,
        awsRegion: draft.sasl.region,
        awsProfile: draft.sasl.awsProfile,
        username: draft.sasl.username,
        password: secretFromInput(draft.sasl.password, start.password),
      };
    case 'mongo':
      return {
        ...common,
        mongoMode: draft.endpoint.mode,
        hosts: draft.endpoint.mode === 'fields' ? draft.endpoint.hosts.join('\n') : start.hosts,
        replicaSet: draft.endpoint.mode === 'fields' ? draft.endpoint.replicaSet : '',
        directConnection: draft.endpoint.mode === 'fields' ? draft.endpoint.directConnection : false,
        mongoUri: draft.endpoint.mode === 'uri' ? draft.endpoint.uri : '',
        authSource: draft.authSource,
        authMechanism: draft.authMechanism,
        username: draft.username,
        password: secretFromInput(draft.password, start.password),
      };
    case 'cassandra':
      return {
        ...common,
        hosts: draft.contactPoints.join('\n'),
        localDataCenter: draft.localDataCenter,
        keyspace: draft.keyspace,
        cloudMetadata: draft.cloudMetadata,
        username: draft.username,
        password: secretFromInput(draft.password, start.password),
      };
    case 'neo4j':
      return {
        ...common,
        neo4jUri: draft.uri,
        database: draft.database,
        username: draft.username,
        password: secretFromInput(draft.password, start.password),
      };
    case 'redis':
      return {
        ...common,
        host: draft.host,
        port: String(draft.port),
        db: String(draft.db),
        redisCluster: draft.cluster,
        hosts: draft.seeds.join('\n'),
        username: draft.username,
        password: secretFromInput(draft.password, start.password),
      };
  }
}

/**
 * Core refuses to send a stored secret to an endpoint other than the one it was
 * saved for (`detail.reason` 'secret-endpoint-changed', `detail.fields` the
 * secret paths). The form then asks for those secrets again instead of offering Keep.
 */
export function askSecretsAgain(form: ConnectionForm, fields: string): ConnectionForm {
  const paths = new Set(fields.split(','));
  const again = (edit: SecretEdit, ...names: string[]): SecretEdit =>
    names.some((n) => paths.has(n)) && edit.stored && edit.mode === 'keep'
      ? { ...edit, mode: 'replace', value: '' }
      : edit;
  return {
    ...form,
    password: again(form.password, 'password', 'sasl.password'),
    connectPassword: again(form.connectPassword, 'connect.password'),
    registryPassword: again(form.registryPassword, 'schemaRegistry.password'),
    registryToken: again(form.registryToken, 'schemaRegistry.token'),
    tls: {
      ...form.tls,
      key: again(form.tls.key, 'tls.key'),
      keyPassphrase: again(form.tls.keyPassphrase, 'tls.keyPassphrase'),
    },
    ssh: {
      ...form.ssh,
      password: again(form.ssh.password, 'ssh.password'),
      privateKey: again(form.ssh.privateKey, 'ssh.privateKey'),
      passphrase: again(form.ssh.passphrase, 'ssh.passphrase'),
      jump: {
        ...form.ssh.jump,
        password: again(form.ssh.jump.password, 'ssh.jump.password'),
        privateKey: again(form.ssh.jump.privateKey, 'ssh.jump.privateKey'),
        passphrase: again(form.ssh.jump.passphrase, 'ssh.jump.passphrase'),
      },
    },
  };
}

export const SECRET_ENDPOINT_CHANGED = 'secret-endpoint-changed';

// The other direction, form -> draft, is formDraft.ts; re-exported so callers keep one import.
export { formToDraft, secretInput, splitHosts } from './formDraft';
