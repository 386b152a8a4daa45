import { z } from 'zod';
import { SSH_SECRET_FIELDS, sshShape } from './ssh';

/**
 * Connection profiles: the five kinds, their secrets, and the forms they take
 * (draft in, profile out, export file). Part of the connections area of the
 * contract; `connections.ts` re-exports all of it, import from there.
 */

// ---------------------------------------------------------------------------
// Building blocks

export const ProfileKind = z.enum(['kafka', 'mongo', 'cassandra', 'neo4j', 'redis']);
export type ProfileKind = z.infer<typeof ProfileKind>;

/** The product name of each kind, as users know it (messages, labels). */
export const PROFILE_KIND_LABEL: Readonly<Record<ProfileKind, string>> = {
  kafka: 'Kafka',
  mongo: 'MongoDB',
  cassandra: 'Cassandra',
  neo4j: 'Neo4j',
  redis: 'Redis',
};

/** Default port per kind, used when a host is given without one. */
export const DEFAULT_PORTS: Readonly<Record<ProfileKind, number>> = {
  kafka: 9092,
  mongo: 27017,
  cassandra: 9042,
  neo4j: 7687,
  redis: 6379,
};

/** A closed palette rather than free CSS colours: the UI maps names to theme-aware colours. */
export const ColorTag = z.enum(['grey', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink']);
export type ColorTag = z.infer<typeof ColorTag>;

export const Environment = z.enum(['dev', 'staging', 'prod']);
export type Environment = z.infer<typeof Environment>;

export const ProfileId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Profile ids are letters, digits, _ and -.');

/** A host name, IPv4 address or bracketed IPv6 address. */
const HOST_RE = String.raw`(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._-]{0,252}))`;
/** A host name or IP address; a bare IPv6 address is accepted here (no port to confuse it with). */
export const Host = z
  .string()
  .min(1)
  .max(255)
  .regex(new RegExp(`^(?:${HOST_RE}|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+)$`), 'Enter a host name or IP address.');
/** `host` or `host:port`; the kind's default port applies when the port is omitted. */
export const HostPort = z
  .string()
  .min(1)
  .max(262)
  .regex(new RegExp(`^${HOST_RE}(?::\\d{1,5})?$`), 'Enter host or host:port (IPv6 in brackets: [::1]:9092).');
/** A Kafka Connect REST URL: http(s)://host[:port][/path], no credentials, query or fragment; empty for none. */
export const ConnectUrl = z
  .string()
  .max(2048)
  .regex(
    /^(?:https?:\/\/[^\s/?#@]+(?:\/[^\s?#@]*)?)?$/,
    'Use http://host:port or https://host:port for Kafka Connect (credentials go in the fields below).',
  );
/** A Schema Registry base URL: http(s)://host[:port][/path] (Apicurio: .../apis/ccompat/v7), no credentials, query or fragment; empty for none. */
export const SchemaRegistryUrl = z
  .string()
  .max(2048)
  .regex(
    /^(?:https?:\/\/[^\s/?#@]+(?:\/[^\s?#@]*)?)?$/,
    'Use http://host:port or https://host:port for the Schema Registry (credentials go in the fields below).',
  );
/** How Stackdeck authenticates to the Schema Registry: HTTP basic (user + password) or a bearer token. */
export const SchemaRegistryAuth = z.enum(['none', 'basic', 'bearer']);
export type SchemaRegistryAuth = z.infer<typeof SchemaRegistryAuth>;
export const Port = z.number().int().min(1).max(65535);

/** What the caller sends for a secret field. Omitted means `keep`. */
export const SecretInput = z.discriminatedUnion('action', [
  /** Store this value (replacing any stored one). */
  z.object({ action: z.literal('set'), value: z.string().min(1).max(65536) }),
  /** Leave the stored value as it is (on create: no value). */
  z.object({ action: z.literal('keep') }),
  /** Remove the stored value. */
  z.object({ action: z.literal('clear') }),
]);
export type SecretInput = z.infer<typeof SecretInput>;

/** What the renderer may know about a secret: whether one is stored. Never the value. */
export const SecretState = z.object({ set: z.boolean() });
export type SecretState = z.infer<typeof SecretState>;

const SecretInputField = SecretInput.default({ action: 'keep' });

/** Names of the secret fields, as dotted paths, per kind. Core walks these; the UI may use them for labels. */
export const SECRET_FIELDS: Readonly<Record<ProfileKind, readonly string[]>> = {
  kafka: [
    'sasl.password',
    'tls.key',
    'tls.keyPassphrase',
    'connect.password',
    'schemaRegistry.password',
    'schemaRegistry.token',
    ...SSH_SECRET_FIELDS,
  ],
  mongo: ['password', 'tls.key', 'tls.keyPassphrase', ...SSH_SECRET_FIELDS],
  cassandra: ['password', 'tls.key', 'tls.keyPassphrase', ...SSH_SECRET_FIELDS],
  neo4j: ['password', 'tls.key', 'tls.keyPassphrase', ...SSH_SECRET_FIELDS],
  redis: ['password', 'tls.key', 'tls.keyPassphrase', ...SSH_SECRET_FIELDS],
};

const Pem = z.string().max(65536);

/**
 * The profile shapes, built once per secret representation: `SecretInput` for
 * drafts sent by the caller, `SecretState` for profiles returned to it (and core
 * builds a third, stored form with vault references). One definition keeps the
 * three in lockstep.
 */
export function profileShapes<S extends z.ZodType>(secret: S) {
  // Nested objects default to `{}` so a minimal draft is valid; the cast is needed
  // because `secret` is generic here and TypeScript cannot see that its input accepts
  // undefined (every concrete `secret` used below either has a default or is an output type).
  const tls = z
    .object({
      enabled: z.boolean().default(false),
      /** PEM of the CA(s) to trust instead of the system store; empty uses the system store. */
      ca: Pem.default(''),
      /** PEM client certificate for mutual TLS; empty for none. */
      cert: Pem.default(''),
      /** PEM private key of the client certificate (a secret). */
      key: secret,
      /** Passphrase of an encrypted client key (a secret). */
      keyPassphrase: secret,
      /** Turns off certificate and host name verification. An explicit, warned choice; never implied by a URI. */
      insecureSkipVerify: z.boolean().default(false),
      /** SNI / expected certificate host name when it differs from the host dialled; empty uses the host. */
      serverName: z.string().max(255).default(''),
    })
    .prefault({} as never);

  const common = {
    name: z.string().min(1).max(120),
    color: ColorTag.default('grey'),
    environment: Environment.default('dev'),
    /** Refuses every method marked `writes` for this connection, enforced in core. */
    readOnly: z.boolean().default(false),
    /** Free-text group for the sidebar; empty means ungrouped. */
    group: z.string().max(120).default(''),
    /** An SSH tunnel the connection goes through (contract/ssh.ts). */
    ssh: sshShape(secret),
  };

  const username = z.string().max(1024).default('');

  const kafka = z.object({
    ...common,
    kind: z.literal('kafka'),
    brokers: z.array(HostPort).min(1).max(100),
    clientId: z.string().min(1).max(255).default('stackdeck'),
    sasl: z
      .object({
        mechanism: z
          .enum(['none', 'plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer', 'aws-msk-iam'])
          .default('none'),
        /** The user; for OAUTHBEARER, the OAuth client id. */
        username,
        /** The password; for OAUTHBEARER, the OAuth client secret (sent to the token endpoint only). */
        password: secret,
        /** OAUTHBEARER: the token endpoint for the client-credentials grant (https://, or http:// on loopback). */
        tokenEndpoint: z.string().max(2048).default(''),
        /** OAUTHBEARER: the scope to ask for; empty for none. */
        scope: z.string().max(1024).default(''),
        /** AWS MSK IAM: the cluster's AWS region (the token is signed for it). */
        region: z.string().max(64).default(''),
        /** AWS MSK IAM: a profile name from the AWS profile files; empty: the default credential chain. Never credentials. */
        awsProfile: z.string().max(128).default(''),
      })
      .prefault({} as never),
    tls,
    /**
     * The Kafka Connect cluster of this Kafka cluster (its REST URL; empty: none).
     * Basic auth with the password in the vault; an https URL uses `tls` above.
     */
    connect: z
      .object({
        url: ConnectUrl.default(''),
        username,
        password: secret,
      })
      .prefault({} as never),
    /**
     * The Schema Registry of this Kafka cluster (Confluent REST API; empty url: none).
     * Secrets in the vault, bound to the registry URL; an https URL uses `tls` above.
     */
    schemaRegistry: z
      .object({
        url: SchemaRegistryUrl.default(''),
        auth: SchemaRegistryAuth.default('none'),
        /** Basic auth user. */
        username,
        /** Basic auth password. */
        password: secret,
        /** Bearer token, sent as `Authorization: Bearer`. */
        token: secret,
      })
      .prefault({} as never),
  });

  const mongo = z.object({
    ...common,
    kind: z.literal('mongo'),
    /**
     * `fields`: hosts (+ replica set); `uri`: a mongodb:// or mongodb+srv:// URI
     * without credentials, whose options are checked against an allow-list (TLS,
     * authSource and credentials live in their own fields, never in the URI).
     */
    endpoint: z.discriminatedUnion('mode', [
      z.object({
        mode: z.literal('fields'),
        hosts: z.array(HostPort).min(1).max(50),
        replicaSet: z.string().max(255).default(''),
        directConnection: z.boolean().default(false),
      }),
      z.object({ mode: z.literal('uri'), uri: z.string().min(1).max(4096) }),
    ]),
    username,
    password: secret,
    /** Database holding the user; empty uses the driver default (the URI's database, else admin). */
    authSource: z.string().max(64).default(''),
    authMechanism: z.enum(['default', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'PLAIN']).default('default'),
    tls,
  });

  const cassandra = z.object({
    ...common,
    kind: z.literal('cassandra'),
    contactPoints: z.array(HostPort).min(1).max(100),
    localDataCenter: z.string().min(1).max(255).default('datacenter1'),
    /** Default keyspace; empty for none. */
    keyspace: z
      .string()
      .max(48)
      .regex(/^[A-Za-z0-9_]*$/, 'Keyspace names are letters, digits and _.')
      .default(''),
    username,
    password: secret,
    tls,
    /**
     * DataStax Astra: the bundle's metadata service (config.json host:port). When set, core asks it
     * for the SNI proxy and the nodes' host ids and connects through the proxy, as Astra requires;
     * contactPoints then holds the proxy's address (host:cql_port) for the probe's network stages.
     */
    cloudMetadata: z.union([HostPort, z.literal('')]).default(''),
  });

  const neo4j = z.object({
    ...common,
    kind: z.literal('neo4j'),
    /** bolt://host[:port] (direct) or neo4j://host[:port] (routing). Encryption is set in `tls`, not by a +s scheme. */
    uri: z
      .string()
      .max(300)
      .regex(/^(bolt|neo4j):\/\/[^/?#\s@]+\/?$/, 'Use bolt://host:port or neo4j://host:port (set TLS below).'),
    /** Database name; empty uses the server's default database. */
    database: z.string().max(63).default(''),
    username,
    password: secret,
    tls,
  });

  const redis = z.object({
    ...common,
    kind: z.literal('redis'),
    // A Redis URI carries nothing beyond these fields, so it is an import format
    // (connections.profiles.parseUri) rather than a second stored form.
    host: Host,
    port: Port.default(DEFAULT_PORTS.redis),
    db: z.number().int().min(0).max(1023).default(0),
    /** ACL user (Redis 6+); empty authenticates as `default` with the password alone. */
    username,
    password: secret,
    tls,
    /**
     * A Redis Cluster: host:port is the first seed node and `seeds` lists more
     * (host:port). Key commands follow MOVED/ASK, scans cover every master; a
     * cluster has database 0 only.
     */
    cluster: z.boolean().default(false),
    seeds: z.array(HostPort).max(50).default([]),
  });

  return { kafka, mongo, cassandra, neo4j, redis };
}

// ---------------------------------------------------------------------------
// Drafts (input) and profiles (output)

const draftShapes = profileShapes(SecretInputField);
export const KafkaProfileDraft = draftShapes.kafka;
export const MongoProfileDraft = draftShapes.mongo;
export const CassandraProfileDraft = draftShapes.cassandra;
export const Neo4jProfileDraft = draftShapes.neo4j;
export const RedisProfileDraft = draftShapes.redis;

/** A profile as the caller sends it (create, update, probe of an unsaved profile). */
export const ProfileDraft = z.discriminatedUnion('kind', [
  KafkaProfileDraft,
  MongoProfileDraft,
  CassandraProfileDraft,
  Neo4jProfileDraft,
  RedisProfileDraft,
]);
export type ProfileDraft = z.output<typeof ProfileDraft>;
export type ProfileDraftInput = z.input<typeof ProfileDraft>;

const Timestamps = { id: ProfileId, createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() };
const outShapes = profileShapes(SecretState);
export const KafkaProfile = outShapes.kafka.extend(Timestamps);
export const MongoProfile = outShapes.mongo.extend(Timestamps);
export const CassandraProfile = outShapes.cassandra.extend(Timestamps);
export const Neo4jProfile = outShapes.neo4j.extend(Timestamps);
export const RedisProfile = outShapes.redis.extend(Timestamps);

/** A saved profile as returned to the caller: secrets only as `{ set }`. */
export const Profile = z.discriminatedUnion('kind', [
  KafkaProfile,
  MongoProfile,
  CassandraProfile,
  Neo4jProfile,
  RedisProfile,
]);
export type Profile = z.output<typeof Profile>;

/** A profile in an export file: no id, no timestamps, secrets only as `{ set }` (never values). */
export const ExportedProfile = z.discriminatedUnion('kind', [
  outShapes.kafka,
  outShapes.mongo,
  outShapes.cassandra,
  outShapes.neo4j,
  outShapes.redis,
]);
export type ExportedProfile = z.output<typeof ExportedProfile>;

export const ProfilesExport = z.object({
  format: z.literal('stackdeck-profiles'),
  version: z.literal(1),
  exportedAt: z.iso.datetime(),
  profiles: z.array(ExportedProfile).max(10_000),
});
export type ProfilesExport = z.output<typeof ProfilesExport>;

/** Something wrong with Stackdeck's own files that the UI should show (a banner), e.g. a corrupt profiles.json set aside. */
export const StoreIssue = z.object({
  file: z.enum(['profiles', 'vault']),
  problem: z.enum(['corrupt', 'unreadable', 'newer-version', 'missing-secret']),
  /** Where the damaged file was moved, when it was. */
  movedTo: z.string().nullable(),
  at: z.iso.datetime(),
  message: z.string(),
});
export type StoreIssue = z.infer<typeof StoreIssue>;

export const ProfileList = z.object({ profiles: z.array(Profile), issues: z.array(StoreIssue) });
export type ProfileList = z.infer<typeof ProfileList>;
