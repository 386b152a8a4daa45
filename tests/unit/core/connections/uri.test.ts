import { describe, expect, it } from 'vitest';
import { ProfileDraft } from '../../../../src/shared/contract/connections';
import { StackdeckError } from '../../../../src/shared/errors';
import { checkStoredMongoUri, parseConnectionUri } from '../../../../src/core/connections/uri';

function refused(fn: () => unknown): StackdeckError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StackdeckError);
    const e = err as StackdeckError;
    expect(e.code).toBe('INVALID_INPUT');
    return e;
  }
  throw new Error('expected the URI to be refused');
}

describe('parseConnectionUri: MongoDB', () => {
  it('takes credentials into secrets and the path database as authSource (fields mode)', () => {
    const { draft } = parseConnectionUri(
      'mongodb://alice:p%40ss%2Fw0rd@db1.example:27018,db2.example/sales?replicaSet=rs0',
    );
    expect(draft.kind).toBe('mongo');
    if (draft.kind !== 'mongo') return;
    expect(draft.endpoint).toEqual({
      mode: 'fields',
      hosts: ['db1.example:27018', 'db2.example'],
      replicaSet: 'rs0',
      directConnection: false,
    });
    expect(draft.username).toBe('alice');
    expect(draft.password).toEqual({ action: 'set', value: 'p@ss/w0rd' });
    expect(draft.authSource).toBe('sales');
    expect(draft.tls.enabled).toBe(false);
    expect(ProfileDraft.safeParse(draft).success).toBe(true);
  });

  it('keeps mongodb+srv and tuning options in URI mode, moving TLS and auth options to fields', () => {
    const { draft } = parseConnectionUri(
      'mongodb+srv://bob:secret@cluster0.example.net/app?retryWrites=true&w=majority&authSource=admin&appName=ops',
    );
    if (draft.kind !== 'mongo') throw new Error('kind');
    expect(draft.endpoint.mode).toBe('uri');
    if (draft.endpoint.mode !== 'uri') return;
    expect(draft.endpoint.uri).toBe('mongodb+srv://cluster0.example.net/app?retryWrites=true&w=majority&appName=ops');
    expect(draft.endpoint.uri).not.toContain('secret');
    expect(draft.authSource).toBe('admin');
    expect(draft.tls.enabled).toBe(true); // srv implies TLS
    expect(() => checkStoredMongoUri((draft.endpoint as { uri: string }).uri)).not.toThrow();
  });

  it('maps tls=true and authMechanism', () => {
    const { draft } = parseConnectionUri('mongodb://h:27017/?tls=true&authMechanism=SCRAM-SHA-256');
    if (draft.kind !== 'mongo') throw new Error('kind');
    expect(draft.tls.enabled).toBe(true);
    expect(draft.authMechanism).toBe('SCRAM-SHA-256');
    expect(draft.endpoint.mode).toBe('fields');
  });

  it.each([
    ['tlsInsecure', 'mongodb://h/?tlsInsecure=true', /certificate verification/],
    [
      'tlsAllowInvalidCertificates',
      'mongodb://h/?tls=true&tlsAllowInvalidCertificates=true',
      /certificate verification/,
    ],
    ['tlsAllowInvalidHostnames', 'mongodb://h/?TLSALLOWINVALIDHOSTNAMES=true', /certificate verification/],
    [
      'authMechanismProperties',
      'mongodb://h/?authMechanism=MONGODB-OIDC&authMechanismProperties=ENVIRONMENT:azure,TOKEN_RESOURCE:x',
      /authMechanismProperties|not supported|must be/,
    ],
    [
      'authMechanismProperties',
      'mongodb://h/?authMechanismProperties=SERVICE_NAME:require(%27child_process%27)',
      /credential providers/,
    ],
    ['tlsCAFile', 'mongodb://h/?tlsCAFile=/etc/passwd', /file from disk/],
    ['tlsCertificateKeyFile', 'mongodb://h/?tlsCertificateKeyFile=/home/u/.ssh/id_rsa', /file from disk/],
    ['proxyHost', 'mongodb://h/?proxyHost=evil.example', /proxy/],
    ['foo', 'mongodb://h/?foo=bar', /not supported/],
  ])('refuses %s, naming it', (option, uri, why) => {
    const e = refused(() => parseConnectionUri(uri));
    expect(e.message).toMatch(why);
    if (e.detail?.option === 'authMechanism') return; // MONGODB-OIDC is refused first, by value
    expect(e.detail?.option?.toString().toLowerCase()).toBe(option.toLowerCase());
    expect(e.message.toLowerCase()).toContain(option.toLowerCase());
  });

  it('refuses mechanisms it cannot run safely, and option values outside their range', () => {
    expect(refused(() => parseConnectionUri('mongodb://h/?authMechanism=MONGODB-AWS')).detail).toEqual({
      option: 'authMechanism',
    });
    expect(refused(() => parseConnectionUri('mongodb://h/?socketTimeoutMS=0')).message).toMatch(
      /socketTimeoutMS.*positive/,
    );
    expect(refused(() => parseConnectionUri('mongodb://h/?compressors=snappy')).detail).toEqual({
      option: 'compressors',
    });
    expect(refused(() => parseConnectionUri('mongodb://h/?w=1&w=2')).message).toMatch(/more than once/);
    expect(refused(() => parseConnectionUri('mongodb://h/?appName=%3Cscript%3E')).detail).toEqual({
      option: 'appName',
    });
  });

  it('never echoes the password in an error', () => {
    const e = refused(() => parseConnectionUri('mongodb://u:Sup3rSecretPw@h/?tlsInsecure=true'));
    expect(JSON.stringify(e.toShape())).not.toContain('Sup3rSecretPw');
    const bad = refused(() => parseConnectionUri('mongodb://u:Sup3rSecretPw@not a host/'));
    expect(JSON.stringify(bad.toShape())).not.toContain('Sup3rSecretPw');
  });

  it('a stored URI must not carry credentials or what has its own field', () => {
    expect(refused(() => checkStoredMongoUri('mongodb://u:p@h/')).message).toMatch(/user name and password/);
    expect(refused(() => checkStoredMongoUri('mongodb://h/?tls=true')).detail).toEqual({ option: 'tls' });
    expect(refused(() => checkStoredMongoUri('mongodb://h/?authSource=admin')).detail).toEqual({
      option: 'authSource',
    });
    expect(refused(() => checkStoredMongoUri('mongodb://h/?tlsInsecure=true')).detail).toEqual({
      option: 'tlsInsecure',
    });
    expect(() => checkStoredMongoUri('mongodb://h1,h2:27018/db?replicaSet=rs0&readPreference=secondary')).not.toThrow();
  });
});

describe('parseConnectionUri: other kinds', () => {
  it('redis: requirepass form, db from the path, rediss means TLS', () => {
    const a = parseConnectionUri('redis://:hunter22@cache.local:6380/3').draft;
    expect(a).toMatchObject({
      kind: 'redis',
      host: 'cache.local',
      port: 6380,
      db: 3,
      username: '',
      password: { action: 'set', value: 'hunter22' },
    });
    const b = parseConnectionUri('rediss://app:pw@[::1]').draft;
    expect(b).toMatchObject({ kind: 'redis', host: '::1', port: 6379, username: 'app', tls: { enabled: true } });
    expect(refused(() => parseConnectionUri('redis://h/?family=6')).detail).toEqual({ option: 'family' });
    expect(refused(() => parseConnectionUri('redis://h/abc')).message).toMatch(/database number/);
  });

  it('neo4j: +s means TLS; +ssc (accept any certificate) is refused', () => {
    expect(parseConnectionUri('neo4j+s://neo:pw@graph.example').draft).toMatchObject({
      kind: 'neo4j',
      uri: 'neo4j://graph.example:7687',
      username: 'neo',
      tls: { enabled: true, insecureSkipVerify: false },
    });
    expect(parseConnectionUri('bolt://127.0.0.1:7687').draft).toMatchObject({
      uri: 'bolt://127.0.0.1:7687',
      tls: { enabled: false },
    });
    expect(refused(() => parseConnectionUri('bolt+ssc://h')).message).toMatch(/accepts any certificate/);
    expect(refused(() => parseConnectionUri('neo4j://h/?policy=x')).detail).toEqual({ option: 'policy' });
  });

  it('kafka: a bare bootstrap list needs the kind; credentials without a mechanism warn', () => {
    expect(refused(() => parseConnectionUri('b1:9092,b2:9092')).message).toMatch(/which kind/);
    const { draft } = parseConnectionUri('b1:9092,b2', 'kafka');
    expect(draft).toMatchObject({ kind: 'kafka', brokers: ['b1:9092', 'b2:9092'], sasl: { mechanism: 'none' } });
    const withCreds = parseConnectionUri('kafka+ssl://u:pw@b1:9093?sasl.mechanism=scram-sha-512');
    expect(withCreds.draft).toMatchObject({
      sasl: { mechanism: 'scram-sha-512', username: 'u' },
      tls: { enabled: true },
    });
    const plain = parseConnectionUri('kafka://u:pw@b1:9093');
    expect(plain.warnings.join(' ')).toMatch(/PLAIN was assumed/);
    expect(refused(() => parseConnectionUri('kafka://b1?sasl.jaas.config=x')).detail).toEqual({
      option: 'sasl.jaas.config',
    });
  });

  it('cassandra: contact points, keyspace, local data centre', () => {
    const { draft } = parseConnectionUri('cassandra://c1,c2:9043/shop?localDataCenter=dc2');
    expect(draft).toMatchObject({
      kind: 'cassandra',
      contactPoints: ['c1:9042', 'c2:9043'],
      keyspace: 'shop',
      localDataCenter: 'dc2',
    });
  });

  it('refuses unknown schemes, kind mismatches and fragments', () => {
    expect(refused(() => parseConnectionUri('http://h')).detail).toEqual({ scheme: 'http' });
    expect(refused(() => parseConnectionUri('redis://h', 'mongo')).message).toMatch(
      /Redis connection string, not MongoDB/,
    );
    expect(refused(() => parseConnectionUri('redis://:pw#x@h')).message).toMatch(/fragment/);
    expect(refused(() => parseConnectionUri('mongodb://u:%zz@h')).message).toMatch(/percent-encoded/);
  });

  it('names the draft after the host unless a name is given', () => {
    expect(parseConnectionUri('redis://127.0.0.1:6379').draft.name).toBe('Redis 127.0.0.1');
    expect(parseConnectionUri('redis://127.0.0.1:6379', undefined, 'Cache').draft.name).toBe('Cache');
  });
});
