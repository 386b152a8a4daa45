/**
 * A stored secret is bound to its endpoint (issue #8). For each kind: a profile
 * is saved with a password for the real local server; an edited draft that
 * points at another server (a recording proxy in front of the same real
 * server, i.e. a server "an attacker runs") and says "keep the saved password"
 * is refused, by the connection test and by profiles.update (and a connect
 * after it), and the proxy never sees the password. The positive control sends
 * the password itself through the proxy and finds it there, so the listener
 * would have caught the leak.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PORTS,
  type ProfileDraftInput,
  type ProfileKind,
  type SecretInput,
} from '../../../src/shared/contract/connections';
import { StackdeckError } from '../../../src/shared/errors';
import { requireLocalStack, setup, type Setup } from '../connections/setup';
import { startRecordingProxy, type RecordingProxy } from './recordingProxy';

let s: Setup;
const proxies: RecordingProxy[] = [];

beforeAll(async () => {
  await requireLocalStack();
  s = await setup();
});
afterAll(async () => {
  for (const p of proxies) await p.close();
  await s?.close();
});

/** A draft of `kind` for `hostPort`, with the password input given; mechanisms that send the password in clear. */
function draftFor(kind: ProfileKind, hostPort: string, password: SecretInput, name: string): ProfileDraftInput {
  const [host, port] = hostPort.split(':') as [string, string];
  switch (kind) {
    case 'kafka':
      return { kind, name, brokers: [hostPort], sasl: { mechanism: 'plain', username: 'sd-user', password } };
    case 'mongo':
      return {
        kind,
        name,
        endpoint: { mode: 'fields', hosts: [hostPort], directConnection: true },
        username: 'sd-user',
        authMechanism: 'PLAIN',
        password,
      };
    case 'cassandra':
      return { kind, name, contactPoints: [hostPort], username: 'sd-user', password };
    case 'neo4j':
      return { kind, name, uri: `bolt://${hostPort}`, username: 'neo4j', password };
    case 'redis':
      return { kind, name, host, port: Number(port), username: 'sd-user', password };
  }
}

/**
 * Whether the kind's protocol gets as far as sending the password to a server
 * that is not set up for it (the local stack runs without authentication): Kafka
 * stops at the SASL handshake the broker refuses, and Cassandra only sends
 * credentials when the server asks for them.
 */
const SENDS_PASSWORD_UNASKED: Record<ProfileKind, boolean> = {
  kafka: false,
  mongo: true,
  cassandra: false,
  neo4j: true,
  redis: true,
};

async function rejection(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StackdeckError) return err;
    throw err;
  }
  throw new Error('expected the call to be refused');
}

const KINDS: ProfileKind[] = ['kafka', 'mongo', 'cassandra', 'neo4j', 'redis'];

describe.each(KINDS)('%s: a kept secret does not follow a changed endpoint', (kind) => {
  const secret = `sd-secret-${kind}-${randomBytes(8).toString('hex')}`;
  const real = `127.0.0.1:${DEFAULT_PORTS[kind]}`;
  let id: string;
  let proxy: RecordingProxy;

  beforeAll(async () => {
    proxy = await startRecordingProxy(DEFAULT_PORTS[kind]);
    proxies.push(proxy);
    const saved = await s.router.call('connections.profiles.create', {
      draft: draftFor(kind, real, { action: 'set', value: secret }, `secret-bound ${kind}`),
    });
    id = saved.id;
  });

  it('the connection test of a draft pointing elsewhere with "keep" is refused, and nothing reaches that server', async () => {
    const err = await rejection(
      s.probe({ connectionId: id, draft: draftFor(kind, proxy.address, { action: 'keep' }, 'edited') }),
    );
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.detail?.reason).toBe('secret-endpoint-changed');
    expect(err.message).toMatch(/stored for another server.*Enter the password again/);
    expect(proxy.connections()).toBe(0);
    expect(proxy.received(secret)).toBe(false);
  });

  it('profiles.update pointing elsewhere with "keep" is refused; the profile and a later connect stay on the saved server', async () => {
    const err = await rejection(
      s.router.call('connections.profiles.update', {
        id,
        draft: draftFor(kind, proxy.address, { action: 'keep' }, 'edited'),
      }),
    );
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.detail?.reason).toBe('secret-endpoint-changed');
    const after = await s.router.call('connections.profiles.get', { id });
    expect(after.name).toBe(`secret-bound ${kind}`);
    await s.router.call('connections.client.connect', { connectionId: id }).catch(() => undefined);
    await s.router.call('connections.client.disconnect', { connectionId: id });
    expect(proxy.connections()).toBe(0);
    expect(proxy.received(secret)).toBe(false);
  });

  it('the same endpoint keeps the secret (rename); a new endpoint works once the password is entered again', async () => {
    const renamed = await s.router.call('connections.profiles.update', {
      id,
      draft: draftFor(kind, real, { action: 'keep' }, `secret-bound ${kind}`),
    });
    const pw = kind === 'kafka' ? (renamed as { sasl: { password: { set: boolean } } }).sasl.password : null;
    expect(pw?.set ?? (renamed as unknown as { password: { set: boolean } }).password.set).toBe(true);
    await s.probe({ connectionId: id, draft: draftFor(kind, proxy.address, { action: 'set', value: secret }, 'x') });
    expect(proxy.connections()).toBeGreaterThan(0);
    // Positive control: the listener does see a password that is sent to it.
    if (SENDS_PASSWORD_UNASKED[kind]) expect(proxy.received(secret)).toBe(true);
  });
});

it('a kind change with a kept TLS key is refused', async () => {
  const saved = await s.router.call('connections.profiles.create', {
    draft: {
      kind: 'redis',
      name: 'tls key',
      host: '127.0.0.1',
      port: 6379,
      tls: { enabled: true, key: { action: 'set', value: 'KEY-PEM' } },
    },
  });
  const err = await rejection(
    s.router.call('connections.profiles.update', {
      id: saved.id,
      draft: { kind: 'kafka', name: 'tls key', brokers: ['127.0.0.1:6379'], tls: { enabled: true } },
    }),
  );
  expect(err.detail?.reason).toBe('secret-endpoint-changed');
  expect(err.message).toMatch(/client key/);
});
