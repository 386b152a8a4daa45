/**
 * The staged probe against the real local stack, through the router (inputs
 * parsed, every event validated against the contract).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_STACK_DRAFTS, type ProfileDraftInput } from '../../../src/shared/contract/connections';
import { requireLocalStack, setup, stages, type Setup } from './setup';

let s: Setup;
beforeAll(async () => {
  await requireLocalStack();
  s = await setup();
});
afterAll(async () => {
  await s?.close();
});

const draftOf = (kind: string): ProfileDraftInput => {
  const d = LOCAL_STACK_DRAFTS.find((x) => x.kind === kind);
  if (!d) throw new Error(kind);
  return d;
};

describe('probe: the five local servers', () => {
  it.each([
    ['kafka', null],
    ['mongo', /^MongoDB 7\.\d+\.\d+ \(FerretDB v?1\.24/],
    ['cassandra', /^Cassandra 5\.0\./],
    ['neo4j', /^Neo4j 5\.26\./],
    ['redis', /^Redis 7\./],
  ])('%s: every stage passes or is not applicable, with the server version', async (kind, version) => {
    const events = await s.probe({ draft: draftOf(kind) });
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', ok: true, failedStage: null });
    const st = stages(events);
    // 127.0.0.1 needs no lookup; the local stack has no TLS and no auth.
    expect(Object.fromEntries(Object.entries(st).map(([k, v]) => [k, v.status]))).toEqual({
      dns: 'skipped',
      tcp: 'ok',
      tls: 'skipped',
      auth: 'skipped',
      ping: 'ok',
    });
    if (version) expect(done?.type === 'done' && done.serverVersion).toMatch(version);
    expect(st.ping?.elapsedMs).toBeLessThan(5_000);
  });

  it('resolves a host name at the DNS stage', async () => {
    const st = stages(await s.probe({ draft: { kind: 'redis', name: 'r', host: 'localhost', port: 6379 } }));
    expect(st.dns).toMatchObject({ status: 'ok' });
    expect(st.dns?.message).toMatch(/localhost → (127\.0\.0\.1|::1)/);
    expect(st.ping?.status).toBe('ok');
  });

  it('probes a saved profile by id', async () => {
    const p = await s.router.call('connections.profiles.create', { draft: draftOf('neo4j') });
    const events = await s.probe({ connectionId: p.id });
    expect(events.at(-1)).toMatchObject({ type: 'done', ok: true });
  });
});

describe('probe: failures', () => {
  it('a closed port fails at TCP with ECONNREFUSED well within 5 s', async () => {
    const started = Date.now();
    const events = await s.probe({ draft: { kind: 'redis', name: 'closed', host: '127.0.0.1', port: 1 } });
    expect(Date.now() - started).toBeLessThan(2_000);
    const st = stages(events);
    expect(st.tcp).toMatchObject({ status: 'failed', code: 'ECONNREFUSED', errorCode: 'UNREACHABLE' });
    expect(st.tcp?.message).toMatch(/refused/i);
    expect(events.at(-1)).toMatchObject({ type: 'done', ok: false, failedStage: 'tcp' });
  });

  it.each(['kafka', 'mongo', 'cassandra', 'neo4j'])('%s on a closed port fails at TCP too', async (kind) => {
    const draft = { ...draftOf(kind) } as Record<string, unknown>;
    if (kind === 'kafka') draft.brokers = ['127.0.0.1:1'];
    if (kind === 'mongo') draft.endpoint = { mode: 'fields', hosts: ['127.0.0.1:1'] };
    if (kind === 'cassandra') draft.contactPoints = ['127.0.0.1:1'];
    if (kind === 'neo4j') draft.uri = 'bolt://127.0.0.1:1';
    const st = stages(await s.probe({ draft: draft as ProfileDraftInput }));
    expect(st.tcp).toMatchObject({ status: 'failed', code: 'ECONNREFUSED' });
  });

  describe('redis with an ACL user', () => {
    const user = 'stackdeck-probe-test';
    const right = `right-${randomBytes(8).toString('hex')}`;
    let admin: Redis;
    beforeAll(async () => {
      admin = new Redis({
        host: '127.0.0.1',
        port: 6379,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
        connectTimeout: 5_000,
      });
      await admin.connect();
      await admin.call('ACL', 'SETUSER', user, 'on', `>${right}`, '~*', '+@all');
    });
    afterAll(async () => {
      await admin.call('ACL', 'DELUSER', user);
      admin.disconnect();
    });

    it('a wrong password fails at the auth stage with AUTH_FAILED', async () => {
      const wrong = `wrong-${randomBytes(8).toString('hex')}`;
      const events = await s.probe({
        draft: {
          kind: 'redis',
          name: 'acl',
          host: '127.0.0.1',
          port: 6379,
          username: user,
          password: { action: 'set', value: wrong },
        },
      });
      const st = stages(events);
      expect(st.tcp?.status).toBe('ok');
      expect(st.auth).toMatchObject({ status: 'failed', errorCode: 'AUTH_FAILED', code: 'WRONGPASS' });
      expect(st.ping?.status).toBe('skipped');
      expect(events.at(-1)).toMatchObject({ ok: false, failedStage: 'auth' });
      expect(JSON.stringify(events)).not.toContain(wrong);
    });

    it('the right password passes the auth stage', async () => {
      const events = await s.probe({
        draft: {
          kind: 'redis',
          name: 'acl',
          host: '127.0.0.1',
          port: 6379,
          username: user,
          password: { action: 'set', value: right },
        },
      });
      const st = stages(events);
      expect(st.auth?.status).toBe('ok');
      expect(st.ping?.status).toBe('ok');
      expect(JSON.stringify(events)).not.toContain(right);
    });

    it('editing a saved profile: the draft keeps the stored password', async () => {
      const p = await s.router.call('connections.profiles.create', {
        draft: {
          kind: 'redis',
          name: 'acl',
          host: '127.0.0.1',
          port: 6379,
          username: user,
          password: { action: 'set', value: right },
        },
      });
      // The dialog sends the edited fields with password "keep": the stored one is used.
      const events = await s.probe({
        connectionId: p.id,
        draft: { kind: 'redis', name: 'acl (edited)', host: '127.0.0.1', port: 6379, username: user },
      });
      expect(stages(events).auth?.status).toBe('ok');
    });
  });
});
