import { describe, expect, it } from 'vitest';
import { scrubSecrets, toStackdeckError } from '../../../src/core/errors';
import { createRouter } from '../../../src/core/router';
import { StackdeckError, type ErrorCode } from '../../../src/shared/errors';
import { createProbe, createTestHandlers, testContract } from '../../support/test-contract';

/**
 * The error-mapping table. The inputs mimic what Node and each driver really
 * throw (their `code`, `name`, `codeName`, nesting), because the mapping keys on
 * exactly those; producing each of these from a live server is the
 * connection-probe integration tests' job.
 */

const err = (message: string, props: Record<string, unknown> = {}): Error => Object.assign(new Error(message), props);
const sysErr = (code: string, message: string, props: Record<string, unknown> = {}): Error =>
  err(message, { code, errno: -1, syscall: 'connect', ...props });
const named = (name: string, message: string, props: Record<string, unknown> = {}): Error => {
  const e = err(message, props);
  e.name = name;
  return e;
};

const refused = sysErr('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9092', { address: '127.0.0.1', port: 9092 });

const table: Array<[string, unknown, ErrorCode, RegExp]> = [
  ['Node ECONNREFUSED', refused, 'UNREACHABLE', /Connection refused at 127\.0\.0\.1:9092/],
  [
    'happy-eyeballs AggregateError',
    Object.assign(
      new AggregateError(
        [sysErr('ECONNREFUSED', 'connect ECONNREFUSED ::1:6379', { address: '::1', port: 6379 }), refused],
        '',
      ),
      { code: 'ECONNREFUSED' },
    ),
    'UNREACHABLE',
    /Connection refused at \[::1\]:6379/,
  ],
  [
    'ENOTFOUND',
    sysErr('ENOTFOUND', 'getaddrinfo ENOTFOUND kafka.invalid', { hostname: 'kafka.invalid', syscall: 'getaddrinfo' }),
    'UNREACHABLE',
    /"kafka\.invalid" could not be resolved/,
  ],
  [
    'EHOSTUNREACH',
    sysErr('EHOSTUNREACH', 'connect EHOSTUNREACH 10.9.9.9:9042', { address: '10.9.9.9', port: 9042 }),
    'UNREACHABLE',
    /No network route to 10\.9\.9\.9:9042/,
  ],
  ['ECONNRESET', sysErr('ECONNRESET', 'read ECONNRESET'), 'UNREACHABLE', /closed by the other side/],
  [
    'ETIMEDOUT',
    sysErr('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:27017', { address: '10.0.0.1', port: 27017 }),
    'TIMEOUT',
    /10\.0\.0\.1:27017 did not answer in time/,
  ],
  ['self-signed certificate', sysErr('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'TLS', /self-signed/],
  [
    'host name mismatch',
    sysErr('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
    'TLS',
    /host name mismatch: the server's certificate does not name this host/,
  ],
  [
    'unknown CA',
    sysErr('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
    'TLS',
    /unknown CA: .*paste the CA that signed the server's certificate/,
  ],
  ['expired certificate', sysErr('CERT_HAS_EXPIRED', 'certificate has expired'), 'TLS', /certificate has expired/],
  [
    'client certificate required',
    sysErr(
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'SSL routines:ssl3_read_bytes:tlsv13 alert certificate required',
    ),
    'TLS',
    /requires a client certificate; add the client certificate and its key/,
  ],
  [
    'client certificate refused',
    sysErr('ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca'),
    'TLS',
    /refused the client certificate/,
  ],
  [
    'internal error alert (Cassandra refusing a client certificate)',
    sysErr('ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR', 'SSL routines:ssl3_read_bytes:tlsv1 alert internal error'),
    'TLS',
    /internal error alert; .*refuse the client certificate/,
  ],
  [
    'TLS to a plain port',
    sysErr('ERR_SSL_WRONG_VERSION_NUMBER', 'SSL routines::wrong version number'),
    'TLS',
    /does not speak TLS/,
  ],
  [
    'Redis WRONGPASS',
    named('ReplyError', 'WRONGPASS invalid username-password pair or user is disabled.'),
    'AUTH_FAILED',
    /Authentication failed/,
  ],
  ['Redis NOAUTH', named('ReplyError', 'NOAUTH Authentication required.'), 'AUTH_FAILED', /Authentication failed/],
  [
    'Redis password without a server password',
    named('ReplyError', 'ERR AUTH <password> called without any password configured for the default user.'),
    'AUTH_FAILED',
    /has no password set/,
  ],
  [
    'Redis NOPERM',
    named('ReplyError', "NOPERM User u has no permissions to run the 'flushdb' command", { code: 'NOPERM' }),
    'AUTH_FAILED',
    /not allowed/,
  ],
  [
    'MongoDB auth',
    named('MongoServerError', 'Authentication failed.', { code: 18, codeName: 'AuthenticationFailed' }),
    'AUTH_FAILED',
    /Authentication failed/,
  ],
  [
    'MongoDB server selection',
    named('MongoServerSelectionError', 'connect ECONNREFUSED 127.0.0.1:27017'),
    'UNREACHABLE',
    /Connection refused at 127\.0\.0\.1:27017/,
  ],
  [
    'MongoDB duplicate key',
    named('MongoServerError', 'E11000 duplicate key error collection: db.c index: _id_', { code: 11000 }),
    'CONFLICT',
    /already exists/,
  ],
  [
    'kafkajs SASL',
    named(
      'KafkaJSSASLAuthenticationError',
      'SASL SCRAM SHA256 authentication failed: Authentication failed during authentication',
    ),
    'AUTH_FAILED',
    /Authentication failed/,
  ],
  [
    'kafkajs retries around a refused connection',
    named('KafkaJSNumberOfRetriesExceeded', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', {
      cause: named('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED 127.0.0.1:9092'),
    }),
    'UNREACHABLE',
    /Connection refused at 127\.0\.0\.1:9092/,
  ],
  [
    'kafkajs topic authorization',
    named('KafkaJSProtocolError', 'Not authorized to access topics', { type: 'TOPIC_AUTHORIZATION_FAILED' }),
    'AUTH_FAILED',
    /TOPIC_AUTHORIZATION_FAILED/,
  ],
  [
    'Neo4j unauthorized',
    named('Neo4jError', 'The client is unauthorized due to authentication failure.', {
      code: 'Neo.ClientError.Security.Unauthorized',
    }),
    'AUTH_FAILED',
    /Authentication failed/,
  ],
  [
    'Neo4j unavailable',
    named('Neo4jError', 'Could not perform discovery. No routing servers available.', { code: 'ServiceUnavailable' }),
    'UNREACHABLE',
    /Could not reach/,
  ],
  [
    'Cassandra NoHostAvailable',
    named('NoHostAvailableError', 'All host(s) tried for query failed.', {
      innerErrors: {
        '127.0.0.1:9042': sysErr('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9042', {
          address: '127.0.0.1',
          port: 9042,
        }),
      },
    }),
    'UNREACHABLE',
    /Connection refused at 127\.0\.0\.1:9042/,
  ],
  [
    'Cassandra auth',
    named('AuthenticationError', 'Provided username cassandra and/or password are incorrect'),
    'AUTH_FAILED',
    /Authentication failed/,
  ],
  ['AbortError', new DOMException('The operation was aborted.', 'AbortError'), 'CANCELLED', /cancelled/],
  ['TimeoutError', new DOMException('The operation timed out.', 'TimeoutError'), 'TIMEOUT', /did not answer in time/],
  [
    'file not found',
    sysErr('ENOENT', "ENOENT: no such file or directory, open '/x/ca.pem'", { path: '/x/ca.pem', syscall: 'open' }),
    'NOT_FOUND',
    /\/x\/ca\.pem/,
  ],
  [
    'anything else',
    new Error('Syntax error near SELCT'),
    'SERVER_ERROR',
    /"kafka\.topics\.list" failed: Syntax error near SELCT/,
  ],
  ['a thrown string', 'oops', 'SERVER_ERROR', /failed: oops/],
  ['a thrown nothing', undefined, 'SERVER_ERROR', /failed unexpectedly/],
];

describe('toStackdeckError: mapping table', () => {
  it.each(table)('%s', (_label, thrown, code, message) => {
    const mapped = toStackdeckError(thrown, { operation: 'kafka.topics.list' });
    expect(mapped).toBeInstanceOf(StackdeckError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(message);
  });

  it('reports the underlying code and target in detail', () => {
    expect(toStackdeckError(refused).detail).toEqual({ cause: 'ECONNREFUSED', target: '127.0.0.1:9092' });
  });

  it('passes a StackdeckError through with its code and detail', () => {
    const original = new StackdeckError('CONFLICT', 'Topic orders already exists.', { topic: 'orders' });
    const mapped = toStackdeckError(original);
    expect(mapped.toShape()).toEqual(original.toShape());
  });
});

describe('no secrets in messages', () => {
  it.each([
    ['URI credentials', 'cannot connect to mongodb://admin:hunter2@db:27017/app', 'hunter2', 'mongodb://admin:***@db'],
    ['URI token user', 'GET https://ghp_abcdef123456@github.example/x failed', 'ghp_abcdef123456', 'https://***@'],
    ['key=value', 'options: user=bob password=hunter2; ssl=true', 'hunter2', 'password=***'],
    ['JSON', 'bad config {"sasl":{"password":"hunter2"}}', 'hunter2', '"password":***'],
    ['bearer', 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y', 'eyJhbGciOiJIUzI1NiJ9', 'Authorization:'],
    ['Redis AUTH echo', "ERR unknown command 'AUTH default hunter2'", 'hunter2', 'AUTH ***'],
    [
      'PEM key',
      'bad key -----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY----- here',
      'MIIEv',
      '[private key removed]',
    ],
  ])('%s', (_label, text, secret, kept) => {
    const scrubbed = scrubSecrets(text);
    expect(scrubbed).not.toContain(secret);
    expect(scrubbed).toContain(kept);
  });

  it('removes known secret values, plain and URI-encoded, from the message and detail', () => {
    const mapped = toStackdeckError(new Error('server said: bad pass p@ss/w0rd! (p%40ss%2Fw0rd!)'), {
      secrets: ['p@ss/w0rd!'],
    });
    expect(JSON.stringify(mapped.toShape())).not.toMatch(/p@ss|p%40ss/);
  });

  it('scrubs a StackdeckError passing through too', () => {
    const mapped = toStackdeckError(new StackdeckError('SERVER_ERROR', 'failed for redis://:hunter2@127.0.0.1:6379'));
    expect(mapped.message).not.toContain('hunter2');
  });

  it('the router maps what a handler throws, scrubbed', async () => {
    const probe = createProbe();
    probe.errors.set('refused', refused);
    probe.errors.set('leaky', new Error('connect failed for amqp://user:hunter2@mq'));
    const router = createRouter({
      contract: testContract,
      handlers: createTestHandlers(probe),
      readOnly: { isReadOnly: () => false },
    });
    await expect(router.call('test.fail.throw', { key: 'refused' })).rejects.toMatchObject({ code: 'UNREACHABLE' });
    const leaky = await router.call('test.fail.throw', { key: 'leaky' }).catch((e: unknown) => e as StackdeckError);
    expect(leaky).toMatchObject({ code: 'SERVER_ERROR' });
    expect(JSON.stringify((leaky as StackdeckError).toShape())).not.toContain('hunter2');
  });
});
