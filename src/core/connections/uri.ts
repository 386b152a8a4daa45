import {
  DEFAULT_PORTS,
  HostPort,
  PROFILE_KIND_LABEL,
  ProfileDraft,
  type ProfileKind,
} from '../../shared/contract/connections';
import { StackdeckError } from '../../shared/errors';

/**
 * Connection strings in, draft profiles out. Each kind has an allow-list of query
 * options; anything else is refused with a message naming the option, because a
 * pasted URI is untrusted input: options like `tlsInsecure` silently turn off
 * certificate checks, `tlsCAFile` reads files from disk, `authMechanismProperties`
 * can select provider callbacks. Messages never echo the URI (it may hold a password).
 */

type Json = Record<string, unknown>;
type OptionRule = { name: string; valid: (v: string) => boolean; expect: string; field?: boolean };

const bool: Pick<OptionRule, 'valid' | 'expect'> = {
  valid: (v) => v === 'true' || v === 'false',
  expect: 'true or false',
};
const posInt: Pick<OptionRule, 'valid' | 'expect'> = {
  valid: (v) => /^[1-9]\d{0,8}$/.test(v),
  expect: 'a positive whole number',
};
const nonNegInt: Pick<OptionRule, 'valid' | 'expect'> = { valid: (v) => /^\d{1,9}$/.test(v), expect: 'a whole number' };
const word = (re: RegExp, expect: string): Pick<OptionRule, 'valid' | 'expect'> => ({
  valid: (v) => re.test(v),
  expect,
});
const oneOf = (...values: string[]): Pick<OptionRule, 'valid' | 'expect'> => ({
  valid: (v) => values.includes(v),
  expect: values.join(', '),
});

function rules(list: OptionRule[]): Map<string, OptionRule> {
  return new Map(list.map((r) => [r.name.toLowerCase(), r]));
}

const MONGO_OPTIONS = rules([
  // Mapped to profile fields (and never kept in a stored URI).
  { name: 'tls', ...bool, field: true },
  { name: 'ssl', ...bool, field: true },
  { name: 'authSource', ...word(/^[A-Za-z0-9_$-]{1,64}$/, 'a database name'), field: true },
  { name: 'authMechanism', ...oneOf('DEFAULT', 'SCRAM-SHA-1', 'SCRAM-SHA-256', 'PLAIN'), field: true },
  // Kept in the URI (topology, routing, pool and timeout tuning).
  { name: 'replicaSet', ...word(/^[\w.-]{1,255}$/, 'a replica set name') },
  { name: 'directConnection', ...bool },
  { name: 'appName', ...word(/^[\w .-]{1,128}$/, 'a short name') },
  { name: 'readPreference', ...oneOf('primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest') },
  { name: 'readPreferenceTags', ...word(/^[\w.:,-]{0,255}$/, 'tag:value pairs') },
  { name: 'maxStalenessSeconds', ...nonNegInt },
  { name: 'w', ...word(/^(majority|\d{1,3}|[\w-]{1,64})$/, 'a number, majority or a tag set name') },
  { name: 'wtimeoutMS', ...nonNegInt },
  { name: 'journal', ...bool },
  { name: 'retryWrites', ...bool },
  { name: 'retryReads', ...bool },
  { name: 'readConcernLevel', ...oneOf('local', 'majority', 'linearizable', 'available', 'snapshot') },
  { name: 'maxPoolSize', ...posInt },
  { name: 'minPoolSize', ...nonNegInt },
  { name: 'maxIdleTimeMS', ...nonNegInt },
  { name: 'compressors', ...word(/^(zlib|none)(,(zlib|none))*$/, 'zlib or none (snappy and zstd need extra modules)') },
  { name: 'zlibCompressionLevel', ...word(/^(-1|[0-9])$/, '-1 to 9') },
  { name: 'loadBalanced', ...bool },
  { name: 'srvMaxHosts', ...nonNegInt },
  { name: 'srvServiceName', ...word(/^[\w-]{1,64}$/, 'a service name') },
  { name: 'localThresholdMS', ...nonNegInt },
  { name: 'heartbeatFrequencyMS', ...posInt },
  // 0 means "never time out" for these: refused, every network call needs a deadline.
  { name: 'serverSelectionTimeoutMS', ...posInt },
  { name: 'connectTimeoutMS', ...posInt },
  { name: 'socketTimeoutMS', ...posInt },
]);

const CERT_OFF =
  'turns off certificate verification. Stackdeck does not take that from a connection string; use "Skip certificate verification" in the TLS settings if you really mean it.';
const READS_FILE = 'makes the client read a file from disk. Paste the PEM into the TLS settings instead.';
const RISKY: Record<string, string> = {
  tlsinsecure: CERT_OFF,
  tlsallowinvalidcertificates: CERT_OFF,
  tlsallowinvalidhostnames: CERT_OFF,
  tlsdisablecertificaterevocationcheck: CERT_OFF,
  tlsdisableocspendpointcheck: CERT_OFF,
  sslvalidate: CERT_OFF,
  authmechanismproperties:
    'can select credential providers and callbacks. Stackdeck supports SCRAM and PLAIN authentication only.',
  tlscafile: READS_FILE,
  tlscertificatekeyfile: READS_FILE,
  tlscertificatefile: READS_FILE,
  tlscertificatekeyfilepassword: 'puts a key password in the connection string. Enter it in the TLS settings instead.',
  proxyhost: 'routes the connection through a proxy, which Stackdeck does not support.',
};

const REDIS_OPTIONS = rules([{ name: 'db', ...word(/^\d{1,4}$/, 'a database number'), field: true }]);
const KAFKA_OPTIONS = rules([
  { name: 'sasl.mechanism', ...oneOf('plain', 'scram-sha-256', 'scram-sha-512'), field: true },
  { name: 'clientId', ...word(/^[\w.-]{1,255}$/, 'a client id'), field: true },
  { name: 'tls', ...bool, field: true },
]);
const CASSANDRA_OPTIONS = rules([
  { name: 'localDataCenter', ...word(/^[\w.-]{1,255}$/, 'a data centre name'), field: true },
  { name: 'tls', ...bool, field: true },
]);

export function invalid(message: string, detail?: Record<string, string>): StackdeckError {
  return new StackdeckError('INVALID_INPUT', message, detail);
}

interface Split {
  scheme: string;
  username: string;
  password: string | undefined;
  hosts: string[];
  path: string;
  options: Map<string, { name: string; value: string }>;
}

/** Splits scheme://[user[:pass]@]host[:port][,host...][/path][?query] (multi-host authorities are not WHATWG URLs). */
function split(uri: string, table: Map<string, OptionRule>): Split {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(uri.trim());
  if (!m) throw invalid('This does not look like a connection string (expected scheme://host:port).');
  const [, scheme = '', authority = '', rawPath = '', query = '', fragment] = m;
  if (fragment)
    throw invalid('Connection strings cannot contain a # fragment. If a password contains #, write it as %23.');
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  const colon = userinfo.indexOf(':');
  const username = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo, 'user name');
  const password = colon >= 0 ? decode(userinfo.slice(colon + 1), 'password') : undefined;
  const hosts = (at >= 0 ? authority.slice(at + 1) : authority).split(',').filter((h) => h !== '');
  if (hosts.length === 0) throw invalid('The connection string has no host.');
  for (const host of hosts) {
    if (!HostPort.safeParse(host).success) throw invalid(`"${host}" is not a valid host or host:port.`, { host });
  }
  return {
    scheme: scheme.toLowerCase(),
    username,
    password,
    hosts,
    path: decode(rawPath, 'path'),
    options: readOptions(query, table),
  };
}

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(`The ${what} in the connection string is not correctly percent-encoded.`);
  }
}

/** The URL query parser, then the allow-list: refused options are named in the message and in detail.option. */
function readOptions(query: string, table: Map<string, OptionRule>): Map<string, { name: string; value: string }> {
  const out = new Map<string, { name: string; value: string }>();
  for (const [key, value] of new URLSearchParams(query)) {
    const lower = key.toLowerCase();
    const risky = RISKY[lower];
    if (risky) throw invalid(`The option "${key}" ${risky}`, { option: key });
    const rule = table.get(lower);
    if (!rule)
      throw invalid(`The option "${key}" is not supported by Stackdeck. Remove it from the connection string.`, {
        option: key,
      });
    if (out.has(lower)) throw invalid(`The option "${key}" is given more than once.`, { option: key });
    if (!rule.valid(value)) throw invalid(`The option "${key}" must be ${rule.expect}.`, { option: key });
    out.set(lower, { name: rule.name, value });
  }
  return out;
}

const secret = (value: string | undefined) => (value ? { action: 'set' as const, value } : { action: 'keep' as const });
const opt = (s: Split, name: string) => s.options.get(name.toLowerCase())?.value;
const LABEL = PROFILE_KIND_LABEL;

export interface ParsedUri {
  draft: ProfileDraft;
  warnings: string[];
}

export function parseConnectionUri(uri: string, kindHint?: ProfileKind, name?: string): ParsedUri {
  const text = uri.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text)?.[1]?.toLowerCase();
  const kind = scheme ? kindOfScheme(scheme) : kindHint;
  if (!kind) throw invalid('Say which kind of server this is: the text has no scheme such as mongodb:// or redis://.');
  if (kindHint && kind !== kindHint)
    throw invalid(`This is a ${LABEL[kind]} connection string, not ${LABEL[kindHint]}.`);
  // Kafka and Cassandra have no standard URI: a bare host list is accepted too.
  const withScheme = scheme ? text : `${kind}://${text}`;
  const warnings: string[] = [];
  const json = build(kind, withScheme, warnings);
  json.name = name ?? `${LABEL[kind]} ${Array.isArray(json.hosts) ? json.hosts[0] : hostLabel(json)}`;
  delete json.hosts;
  const parsed = ProfileDraft.safeParse(json);
  if (!parsed.success)
    throw invalid(
      `The connection string gives an invalid ${parsed.error.issues[0]?.path.join('.') ?? 'value'}: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  return { draft: parsed.data, warnings };
}

function hostLabel(json: Json): string {
  return String(json.host ?? json.uri ?? '').replace(/^\w+:\/\//, '');
}

function kindOfScheme(scheme: string): ProfileKind {
  if (scheme === 'mongodb' || scheme === 'mongodb+srv') return 'mongo';
  if (scheme === 'redis' || scheme === 'rediss') return 'redis';
  if (/^(bolt|neo4j)(\+s|\+ssc)?$/.test(scheme)) return 'neo4j';
  if (scheme === 'kafka' || scheme === 'kafka+ssl') return 'kafka';
  if (scheme === 'cassandra') return 'cassandra';
  throw invalid(
    `Stackdeck does not know the "${scheme}://" scheme. Use mongodb://, mongodb+srv://, redis://, rediss://, bolt://, neo4j://, kafka:// or cassandra://.`,
    { scheme },
  );
}

function build(kind: ProfileKind, uri: string, warnings: string[]): Json {
  switch (kind) {
    case 'mongo':
      return buildMongo(uri);
    case 'redis':
      return buildRedis(uri);
    case 'neo4j':
      return buildNeo4j(uri);
    case 'kafka':
      return buildKafka(uri, warnings);
    case 'cassandra':
      return buildCassandra(uri);
  }
}

function singleHost(s: Split, kind: ProfileKind): { host: string; port: number } {
  if (s.hosts.length !== 1) throw invalid(`A ${LABEL[kind]} connection string names exactly one host.`);
  const m = /^(.*?)(?::(\d+))?$/.exec(s.hosts[0] as string);
  return { host: m?.[1] ?? '', port: m?.[2] ? Number(m[2]) : DEFAULT_PORTS[kind] };
}

function buildMongo(uri: string): Json {
  const s = split(uri, MONGO_OPTIONS);
  const srv = s.scheme === 'mongodb+srv';
  if (srv && (s.hosts.length !== 1 || s.hosts[0]?.includes(':')))
    throw invalid('A mongodb+srv:// string names exactly one host, without a port.');
  const tlsValue = opt(s, 'tls') ?? opt(s, 'ssl');
  const database = s.path.replace(/^\//, '');
  const kept = [...s.options.entries()].filter(([key]) => !MONGO_OPTIONS.get(key)?.field);
  const needsUri = srv || kept.some(([key]) => key !== 'replicaset' && key !== 'directconnection');
  const endpoint = needsUri
    ? {
        mode: 'uri',
        uri: mongoUri(
          s.scheme,
          s.hosts,
          database,
          kept.map(([, o]) => o),
        ),
      }
    : {
        mode: 'fields',
        hosts: s.hosts,
        replicaSet: opt(s, 'replicaSet') ?? '',
        directConnection: opt(s, 'directConnection') === 'true',
      };
  const mechanism = opt(s, 'authMechanism');
  return {
    kind: 'mongo',
    hosts: s.hosts,
    endpoint,
    username: s.username,
    password: secret(s.password),
    // The driver authenticates against the URI's database when authSource is absent; fields mode has no path, so carry it over.
    authSource: opt(s, 'authSource') ?? (needsUri ? '' : database),
    authMechanism: mechanism && mechanism !== 'DEFAULT' ? mechanism : 'default',
    // mongodb+srv implies TLS unless the string turns it off.
    tls: { enabled: tlsValue ? tlsValue === 'true' : srv },
  };
}

function mongoUri(
  scheme: string,
  hosts: string[],
  database: string,
  options: { name: string; value: string }[],
): string {
  const query = new URLSearchParams(options.map((o): [string, string] => [o.name, o.value])).toString();
  return `${scheme}://${hosts.join(',')}/${encodeURIComponent(database)}${query ? `?${query}` : ''}`;
}

/**
 * A stored MongoDB URI (endpoint mode `uri`) must pass the same allow-list, and
 * must not carry what has its own field: credentials, TLS, authSource, authMechanism.
 */
export function checkStoredMongoUri(uri: string): void {
  const s = split(uri, MONGO_OPTIONS);
  if (s.scheme !== 'mongodb' && s.scheme !== 'mongodb+srv')
    throw invalid('A MongoDB URI starts with mongodb:// or mongodb+srv://.');
  if (s.username || s.password !== undefined) {
    throw invalid(
      'Remove the user name and password from the URI and enter them in their fields (or use Import from URI).',
      { option: 'userinfo' },
    );
  }
  for (const [key, o] of s.options) {
    if (MONGO_OPTIONS.get(key)?.field)
      throw invalid(`Set "${o.name}" in its own field rather than in the URI.`, { option: o.name });
  }
}

/** Hosts of a MongoDB URI, for the probe's DNS and TCP stages. */
export function mongoUriHosts(uri: string): { srv: boolean; hosts: string[] } {
  const s = split(uri, MONGO_OPTIONS);
  return { srv: s.scheme === 'mongodb+srv', hosts: s.hosts };
}

function buildRedis(uri: string): Json {
  const s = split(uri, REDIS_OPTIONS);
  const { host, port } = singleHost(s, 'redis');
  const pathDb = s.path.replace(/^\//, '');
  if (pathDb !== '' && !/^\d{1,4}$/.test(pathDb))
    throw invalid('The path of a Redis URI is the database number, e.g. redis://host:6379/0.');
  const db = opt(s, 'db') ?? pathDb;
  return {
    kind: 'redis',
    host: host.replace(/^\[(.*)\]$/, '$1'),
    port,
    db: db === '' ? 0 : Number(db),
    // redis://:secret@host is the classic requirepass form: no user name.
    username: s.username,
    password: secret(s.password),
    tls: { enabled: s.scheme === 'rediss' },
  };
}

function buildNeo4j(uri: string): Json {
  const s = split(uri, new Map());
  if (s.scheme.endsWith('+ssc')) {
    throw invalid(
      `The "${s.scheme}://" scheme accepts any certificate. Use ${s.scheme.replace('+ssc', '+s')}:// and add the CA in the TLS settings, or turn on "Skip certificate verification" explicitly.`,
      { option: s.scheme },
    );
  }
  const { host, port } = singleHost(s, 'neo4j');
  if (s.path !== '' && s.path !== '/') throw invalid('A Neo4j URI has no path; choose the database in its field.');
  return {
    kind: 'neo4j',
    uri: `${s.scheme.replace('+s', '')}://${host}:${port}`,
    username: s.username,
    password: secret(s.password),
    tls: { enabled: s.scheme.endsWith('+s') },
  };
}

function buildKafka(uri: string, warnings: string[]): Json {
  const s = split(uri, KAFKA_OPTIONS);
  if (s.path !== '' && s.path !== '/') throw invalid('A Kafka bootstrap string has no path.');
  let mechanism = opt(s, 'sasl.mechanism') ?? 'none';
  if (mechanism === 'none' && s.username) {
    mechanism = 'plain';
    warnings.push('Credentials were given without sasl.mechanism; PLAIN was assumed. Check the SASL settings.');
  }
  return {
    kind: 'kafka',
    hosts: s.hosts,
    brokers: s.hosts.map((h) => withPort(h, 'kafka')),
    clientId: opt(s, 'clientId') ?? 'stackdeck',
    sasl: { mechanism, username: s.username, password: secret(s.password) },
    tls: { enabled: s.scheme === 'kafka+ssl' || opt(s, 'tls') === 'true' },
  };
}

function buildCassandra(uri: string): Json {
  const s = split(uri, CASSANDRA_OPTIONS);
  const keyspace = s.path.replace(/^\//, '');
  return {
    kind: 'cassandra',
    hosts: s.hosts,
    contactPoints: s.hosts.map((h) => withPort(h, 'cassandra')),
    localDataCenter: opt(s, 'localDataCenter') ?? 'datacenter1',
    keyspace,
    username: s.username,
    password: secret(s.password),
    tls: { enabled: opt(s, 'tls') === 'true' },
  };
}

function withPort(hostPort: string, kind: ProfileKind): string {
  const { host, port } = splitHostPort(hostPort, kind);
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** host:port pairs with the kind's default port applied; IPv6 brackets removed from the host. */
export function splitHostPort(hostPort: string, kind: ProfileKind): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostPort);
  if (!m) throw invalid(`"${hostPort}" is not a valid host or host:port.`);
  return { host: (m[1] as string).replace(/^\[(.*)\]$/, '$1'), port: m[2] ? Number(m[2]) : DEFAULT_PORTS[kind] };
}
