import { emptyForm, type ConnectionForm } from './form';

/**
 * Cloud presets for the connection dialog (pure; unit tested): each fills the
 * options a managed service needs and says which secrets the user must bring.
 * Endpoints are left empty on purpose: a placeholder host would be dialled as
 * typed; the hint says where the service shows the real one.
 */
export interface Preset {
  id: string;
  label: string;
  /** Where to find the endpoint, in the service's own words. */
  endpointHint: string;
  /** The secrets this connection needs, in the service's words (not stored here). */
  secrets: readonly string[];
  /** What the user still types in. */
  fields: readonly string[];
  apply(form: ConnectionForm): ConnectionForm;
}

/** The form of `kind` with TLS on against the system CA store (what every managed service presents). */
function base(form: ConnectionForm, kind: ConnectionForm['kind'], patch: Partial<ConnectionForm>): ConnectionForm {
  const empty = emptyForm(kind);
  return {
    ...empty,
    // What the user already set that is not about the endpoint survives.
    name: form.name,
    color: form.color,
    environment: form.environment,
    readOnly: form.readOnly,
    group: form.group,
    ...patch,
    tls: { ...empty.tls, enabled: true, ...(patch.tls ?? {}) },
  };
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'confluent-cloud',
    label: 'Confluent Cloud',
    endpointHint: 'Cluster settings → Bootstrap server, e.g. pkc-xxxxx.eu-west-1.aws.confluent.cloud:9092',
    secrets: ['API secret (the password)'],
    fields: ['Bootstrap server', 'API key (the user name)'],
    apply: (f) => base(f, 'kafka', { hosts: '', saslMechanism: 'plain', username: '' }),
  },
  {
    id: 'msk-scram',
    label: 'Amazon MSK (SASL/SCRAM)',
    endpointHint: 'MSK console → View client information → SASL/SCRAM bootstrap servers (port 9096)',
    secrets: ['The SCRAM password stored in AWS Secrets Manager'],
    fields: ['Bootstrap servers', 'SCRAM user name'],
    apply: (f) => base(f, 'kafka', { hosts: '', saslMechanism: 'scram-sha-512', username: '' }),
  },
  {
    id: 'msk-iam',
    label: 'Amazon MSK (IAM)',
    endpointHint: 'MSK console → View client information → IAM bootstrap servers (port 9098)',
    secrets: ['None in Stackdeck: AWS credentials from ~/.aws (the named profile) or the environment'],
    fields: ['Bootstrap servers', 'AWS region', 'AWS profile (optional)'],
    apply: (f) => base(f, 'kafka', { hosts: '', saslMechanism: 'aws-msk-iam', awsRegion: '', awsProfile: '' }),
  },
  {
    id: 'atlas',
    label: 'MongoDB Atlas',
    endpointHint: 'Atlas → Connect → Drivers: the mongodb+srv:// string without user and password',
    secrets: ['Database user password'],
    fields: ['mongodb+srv:// URI', 'Database user'],
    apply: (f) =>
      base(f, 'mongo', { mongoMode: 'uri', mongoUri: '', authSource: 'admin', authMechanism: 'default', username: '' }),
  },
  {
    id: 'aura',
    label: 'Neo4j Aura',
    endpointHint:
      'Aura console → instance → Connection URI: neo4j+s://xxxxxxxx.databases.neo4j.io (enter it as neo4j://, TLS is on)',
    secrets: ['The instance password (shown once when the instance was created)'],
    fields: ['Connection URI', 'User (usually neo4j)'],
    apply: (f) => base(f, 'neo4j', { neo4jUri: '', username: 'neo4j', database: '' }),
  },
  {
    id: 'astra',
    label: 'DataStax Astra DB',
    endpointHint:
      'Astra portal → database → Connect → download the secure connect bundle, then "Import secure connect bundle": it fills the metadata service, the proxy, the data centre and mutual TLS',
    secrets: ["An application token (AstraCS:…) as the password; the bundle's client key goes to the vault on save"],
    fields: ['Secure connect bundle (.zip)'],
    // Astra takes an application token as the password of the literal user "token".
    apply: (f) => base(f, 'cassandra', { hosts: '', username: 'token' }),
  },
  {
    id: 'redis-cloud',
    label: 'Redis Cloud',
    endpointHint:
      'Redis Cloud → database → Public endpoint, e.g. redis-12345.c1.eu-west-1-1.ec2.redns.redis-cloud.com:12345',
    secrets: ['Default user password (or an ACL user password)'],
    fields: ['Host', 'Port', 'User (default, or an ACL user)'],
    apply: (f) => base(f, 'redis', { host: '', port: '', username: 'default' }),
  },
];

export const presetById = (id: string): Preset | undefined => PRESETS.find((p) => p.id === id);
