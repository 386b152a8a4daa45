import { describe, expect, it } from 'vitest';
import { assertSecretsMayFollow, connectUrlKey, endpointChange } from '../../../../src/core/connections/endpoint';
import { StoredProfile } from '../../../../src/core/connections/model';
import { ProfileDraft, type ProfileDraftInput } from '../../../../src/shared/contract/connections';

type Of<K extends ProfileDraftInput['kind']> = Extract<ProfileDraftInput, { kind: K }>;
const d = (input: ProfileDraftInput) => ProfileDraft.parse(input);
const redis = (o: Partial<Of<'redis'>> = {}) =>
  d({ kind: 'redis', name: 'r', host: 'Cache.example', port: 6379, ...o });
const kafka = (o: Partial<Of<'kafka'>> = {}) =>
  d({ kind: 'kafka', name: 'k', brokers: ['b1:9092', 'b2'], sasl: { mechanism: 'scram-sha-512' }, ...o });
const mongo = (endpoint: Of<'mongo'>['endpoint']) => d({ kind: 'mongo', name: 'm', endpoint });
const neo4j = (uri: string) => d({ kind: 'neo4j', name: 'n', uri });
const cassandra = (contactPoints: string[]) => d({ kind: 'cassandra', name: 'c', contactPoints });

describe('endpointChange: where a kept secret may go', () => {
  it('allows edits that keep the endpoint: name, colour, host case, default port spelled out, a subset of brokers', () => {
    expect(endpointChange(redis({ name: 'renamed', color: 'red', host: 'cache.EXAMPLE' }), redis())).toBeNull();
    expect(endpointChange(kafka({ brokers: ['b2:9092'] }), kafka())).toBeNull();
    expect(endpointChange(kafka({ brokers: ['b2:9092', 'B1:9092'] }), kafka())).toBeNull();
  });

  it('refuses another host, another port, an added broker, another kind', () => {
    expect(endpointChange(redis({ host: 'evil.example' }), redis())).toMatch(/evil\.example:6379 is not where/);
    expect(endpointChange(redis({ port: 6380 }), redis())).toMatch(/6380/);
    expect(endpointChange(kafka({ brokers: ['b1', 'b2', 'b3'] }), kafka())).toMatch(/b3:9092/);
    expect(endpointChange(d({ kind: 'kafka', name: 'r', brokers: ['cache.example:6379'] }), redis())).toMatch(/kind/);
  });

  it('refuses a weaker or different way of sending it: TLS off, other server name or CA, verification off, mechanism', () => {
    const saved = redis({ tls: { enabled: true, serverName: 'cache.example' } });
    const tls = { enabled: true, serverName: 'cache.example' };
    expect(endpointChange(redis({ tls: { ...tls, enabled: false } }), saved)).toMatch(/TLS setting/);
    expect(endpointChange(redis({ tls: { ...tls, serverName: 'other' } }), saved)).toMatch(/server name/);
    expect(endpointChange(redis({ tls: { ...tls, ca: 'PEM' } }), saved)).toMatch(/trusted CA/);
    expect(endpointChange(redis({ tls: { ...tls, insecureSkipVerify: true } }), saved)).toMatch(/verification/);
    expect(endpointChange(redis({ tls }), saved)).toBeNull();
    expect(endpointChange(kafka({ sasl: { mechanism: 'plain' } }), kafka())).toMatch(/authentication mechanism/);
  });

  it('binds a Cassandra secret to the Astra metadata service too: it names the proxy the password goes through', () => {
    const astra = (cloudMetadata: string) =>
      d({ kind: 'cassandra', name: 'a', contactPoints: ['db.astra.example:29042'], cloudMetadata });
    expect(endpointChange(astra('db.astra.example:29080'), astra('DB.astra.example:29080'))).toBeNull();
    expect(endpointChange(astra('evil.example:29080'), astra('db.astra.example:29080'))).toMatch(
      /Astra metadata service changed/,
    );
    expect(endpointChange(astra(''), astra('db.astra.example:29080'))).toMatch(/Astra metadata service/);
    expect(endpointChange(cassandra(['c1:9042']), cassandra(['c1']))).toBeNull();
  });

  it('compares a MongoDB URI by its hosts and SRV flag, and against the fields form', () => {
    const fields = mongo({ mode: 'fields', hosts: ['db1:27017', 'db2'] });
    expect(
      endpointChange(mongo({ mode: 'uri', uri: 'mongodb://db2,db1:27017/app?replicaSet=rs0' }), fields),
    ).toBeNull();
    expect(endpointChange(mongo({ mode: 'uri', uri: 'mongodb://db1,evil/app' }), fields)).toMatch(/evil:27017/);
    expect(endpointChange(mongo({ mode: 'uri', uri: 'mongodb+srv://db1/app' }), fields)).toMatch(/SRV/);
  });

  it('compares Neo4j by the URI host, not the scheme', () => {
    expect(endpointChange(neo4j('neo4j://graph'), neo4j('bolt://graph:7687'))).toBeNull();
    expect(endpointChange(neo4j('bolt://graph:7688'), neo4j('bolt://graph:7687'))).toMatch(/graph:7688/);
  });

  it('compares Cassandra contact points', () => {
    expect(endpointChange(cassandra(['c1:9042']), cassandra(['c1', 'c2:9042']))).toBeNull();
    expect(endpointChange(cassandra(['c1', 'c9']), cassandra(['c1', 'c2:9042']))).toMatch(/c9:9042/);
  });
});

describe('assertSecretsMayFollow: the Kafka Connect password is bound to the Connect URL', () => {
  /** A draft's SSH section without its secret edits: a stored profile holds vault references there, if anything. */
  const storedSsh = (ssh: ReturnType<typeof kafka>['ssh']) => {
    const strip = ({ password: _p, privateKey: _k, passphrase: _s, ...hop }: typeof ssh.jump) => hop;
    return { ...strip(ssh), jump: strip(ssh.jump) };
  };
  const saved = (url: string, tls = false): StoredProfile =>
    StoredProfile.parse({
      ...kafka({ connect: { url }, tls: { enabled: tls } }),
      ssh: storedSsh(kafka().ssh),
      connect: { url, username: 'ops', password: { ref: 'r1' } },
      schemaRegistry: { url: '', auth: 'none', username: '', password: null, token: null },
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: { ref: 'r2' } },
      tls: { enabled: tls },
      id: 'p1',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });

  it('keeps it for the same URL (host case, default port, trailing slash) and refuses another', () => {
    const base = saved('http://connect.example:8083');
    expect(() =>
      assertSecretsMayFollow(kafka({ connect: { url: 'http://CONNECT.example:8083/' } }), base, ['connect.password']),
    ).not.toThrow();
    expect(() =>
      assertSecretsMayFollow(kafka({ connect: { url: 'http://evil.example:8083' } }), base, ['connect.password']),
    ).toThrow(/Kafka Connect password.*Connect URL changed/);
    expect(() =>
      assertSecretsMayFollow(kafka({ connect: { url: 'https://connect.example:8083' } }), base, ['connect.password']),
    ).toThrow(/Connect URL changed/);
    expect(connectUrlKey('http://a.example')).toBe('http://a.example:80');
  });

  it('does not tie the SASL password to the Connect URL, nor the Connect password to the brokers', () => {
    const base = saved('http://connect.example:8083');
    expect(() =>
      assertSecretsMayFollow(kafka({ connect: { url: 'http://other.example:8083' } }), base, ['sasl.password']),
    ).not.toThrow();
    expect(() =>
      assertSecretsMayFollow(
        kafka({ brokers: ['b1:9092', 'b9:9092'], connect: { url: 'http://connect.example:8083' } }),
        base,
        ['connect.password'],
      ),
    ).not.toThrow();
  });

  it('refuses it for an https worker when the TLS settings changed', () => {
    const base = saved('https://connect.example:8443', true);
    expect(() =>
      assertSecretsMayFollow(
        kafka({ connect: { url: 'https://connect.example:8443' }, tls: { enabled: true, insecureSkipVerify: true } }),
        base,
        ['connect.password'],
      ),
    ).toThrow(/TLS settings changed/);
  });
});

describe('assertSecretsMayFollow: the Schema Registry password and token are bound to the registry URL and auth', () => {
  const storedSsh = (ssh: ReturnType<typeof kafka>['ssh']) => {
    const strip = ({ password: _p, privateKey: _k, passphrase: _s, ...hop }: typeof ssh.jump) => hop;
    return { ...strip(ssh), jump: strip(ssh.jump) };
  };
  const saved = (url: string, auth: 'basic' | 'bearer', tls = false): StoredProfile =>
    StoredProfile.parse({
      ...kafka({ tls: { enabled: tls } }),
      ssh: storedSsh(kafka().ssh),
      connect: { url: '', username: '', password: null },
      schemaRegistry: { url, auth, username: 'ops', password: { ref: 'r3' }, token: { ref: 'r4' } },
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: { ref: 'r2' } },
      tls: { enabled: tls },
      id: 'p1',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
  const draft = (url: string, auth: 'basic' | 'bearer', tls?: { enabled: boolean; insecureSkipVerify?: boolean }) =>
    kafka({ schemaRegistry: { url, auth }, ...(tls ? { tls } : {}) });

  it('keeps them for the same URL and auth, refuses another URL, another auth scheme', () => {
    const base = saved('http://registry.example:8081/apis/ccompat/v7', 'basic');
    expect(() =>
      assertSecretsMayFollow(draft('http://REGISTRY.example:8081/apis/ccompat/v7/', 'basic'), base, [
        'schemaRegistry.password',
      ]),
    ).not.toThrow();
    expect(() =>
      assertSecretsMayFollow(draft('http://evil.example:8081/apis/ccompat/v7', 'basic'), base, [
        'schemaRegistry.password',
      ]),
    ).toThrow(/Schema Registry password.*Schema Registry URL changed/);
    expect(() =>
      assertSecretsMayFollow(draft('http://registry.example:8081/other', 'basic'), base, ['schemaRegistry.password']),
    ).toThrow(/Schema Registry URL changed/);
    expect(() =>
      assertSecretsMayFollow(draft('http://registry.example:8081/apis/ccompat/v7', 'bearer'), base, [
        'schemaRegistry.token',
      ]),
    ).toThrow(/Schema Registry token.*authentication changed/);
  });

  it('does not tie them to the brokers, nor the cluster secrets to the registry URL', () => {
    const base = saved('http://registry.example:8081', 'bearer');
    expect(() =>
      assertSecretsMayFollow(
        kafka({
          brokers: ['b1:9092', 'b9:9092'],
          schemaRegistry: { url: 'http://registry.example:8081', auth: 'bearer' },
        }),
        base,
        ['schemaRegistry.token'],
      ),
    ).not.toThrow();
    expect(() =>
      assertSecretsMayFollow(draft('http://other.example:8081', 'bearer'), base, ['sasl.password']),
    ).not.toThrow();
  });

  it('refuses them for an https registry when the TLS settings changed', () => {
    const base = saved('https://registry.example:8443', 'bearer', true);
    expect(() =>
      assertSecretsMayFollow(draft('https://registry.example:8443', 'bearer', { enabled: true }), base, [
        'schemaRegistry.token',
      ]),
    ).not.toThrow();
    expect(() =>
      assertSecretsMayFollow(
        draft('https://registry.example:8443', 'bearer', { enabled: true, insecureSkipVerify: true }),
        base,
        ['schemaRegistry.token'],
      ),
    ).toThrow(/TLS settings changed/);
  });
});
