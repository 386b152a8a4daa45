/**
 * The client registry against the real local stack: lazy connect, one shared
 * client per profile (also for concurrent first calls), typed accessors, and
 * disposal on disconnect, edit, delete and quit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_STACK_DRAFTS,
  type ConnectionStatus,
  type Profile,
  type ProfileKind,
} from '../../../src/shared/contract/connections';
import { requireLocalStack, setup, type Setup } from './setup';

let s: Setup;
const ids = {} as Record<ProfileKind, string>;

beforeAll(async () => {
  await requireLocalStack();
  s = await setup();
  for (const draft of LOCAL_STACK_DRAFTS) {
    const p: Profile = await s.router.call('connections.profiles.create', { draft });
    ids[p.kind] = p.id;
  }
});
afterAll(async () => {
  await s?.close();
});

describe('client registry', () => {
  it('connects lazily: nothing is open until an area asks', async () => {
    for (const id of Object.values(ids)) expect(s.area.registry.isOpen(id)).toBe(false);
    const statuses = await s.router.call('connections.status.list', {});
    expect(statuses.map((x) => x.state)).toEqual([
      'disconnected',
      'disconnected',
      'disconnected',
      'disconnected',
      'disconnected',
    ]);
  });

  it('concurrent first calls share one connect and one client; later calls reuse it', async () => {
    const seen: ConnectionStatus[] = [];
    const off = s.area.registry.onStatus((x) => seen.push(x));
    const handles = await Promise.all([
      s.area.registry.redis(ids.redis),
      s.area.registry.redis(ids.redis),
      s.area.registry.redis(ids.redis),
    ]);
    off();
    expect(new Set(handles.map((h) => h.redis)).size).toBe(1);
    expect(seen.map((x) => x.state)).toEqual(['connecting', 'connected']);
    expect(seen[1]?.serverVersion).toMatch(/^Redis 7/);
    const again = await s.area.registry.redis(ids.redis);
    expect(again.redis).toBe(handles[0]?.redis);
    expect(again.profile).toMatchObject({ id: ids.redis, kind: 'redis' });
    expect(await again.redis.ping()).toBe('PONG');
  });

  it('gives each area a working client of its kind', async () => {
    const { admin } = await s.area.registry.kafka(ids.kafka);
    expect(Array.isArray(await admin.listTopics())).toBe(true);
    const { client: mongo } = await s.area.registry.mongo(ids.mongo);
    expect((await mongo.db('admin').command({ ping: 1 })).ok).toBe(1);
    const { client: cass } = await s.area.registry.cassandra(ids.cassandra);
    expect((await cass.execute('SELECT release_version FROM system.local')).rows).toHaveLength(1);
    const { driver } = await s.area.registry.neo4j(ids.neo4j);
    const res = await driver.executeQuery('RETURN 1 AS one');
    expect(res.records[0]?.get('one').toNumber()).toBe(1);
    const statuses = await s.router.call('connections.status.list', {});
    expect(statuses.every((x) => x.state === 'connected')).toBe(true);
  });

  it('refuses an accessor of the wrong kind without connecting', async () => {
    await s.area.registry.disconnect(ids.mongo);
    await expect(s.area.registry.kafka(ids.mongo)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(s.area.registry.isOpen(ids.mongo)).toBe(false);
    await expect(s.area.registry.redis('no-such-profile')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('disconnect closes the client; the next call opens a new one', async () => {
    const before = await s.area.registry.redis(ids.redis);
    const disposed: string[] = [];
    const off = s.area.registry.onDispose((id) => disposed.push(id));
    const status = await s.router.call('connections.client.disconnect', { connectionId: ids.redis });
    off();
    expect(status.state).toBe('disconnected');
    expect(disposed).toEqual([ids.redis]);
    expect(before.redis.status).toBe('end');
    const after = await s.area.registry.redis(ids.redis);
    expect(after.redis).not.toBe(before.redis);
    expect(await after.redis.ping()).toBe('PONG');
  });

  it('editing a profile disposes its client; deleting forgets it', async () => {
    const before = await s.area.registry.redis(ids.redis);
    await s.router.call('connections.profiles.update', {
      id: ids.redis,
      draft: { kind: 'redis', name: 'Local Redis db1', host: '127.0.0.1', port: 6379, db: 1 },
    });
    expect(before.redis.status).toBe('end');
    const after = await s.area.registry.redis(ids.redis);
    expect(after.profile.name).toBe('Local Redis db1');
    expect(after.redis.options).toMatchObject({ db: 1 });

    const temp: Profile = await s.router.call('connections.profiles.create', {
      draft: { kind: 'redis', name: 'temp', host: '127.0.0.1' },
    });
    const live = await s.area.registry.redis(temp.id);
    await s.router.call('connections.profiles.delete', { id: temp.id });
    expect(live.redis.status).toBe('end');
    expect(s.area.registry.isOpen(temp.id)).toBe(false);
    await expect(s.area.registry.redis(temp.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a failed connect is reported in the status and retried on the next call', async () => {
    const p: Profile = await s.router.call('connections.profiles.create', {
      draft: { kind: 'redis', name: 'down', host: '127.0.0.1', port: 1 },
    });
    const started = Date.now();
    await expect(s.router.call('connections.client.connect', { connectionId: p.id })).rejects.toMatchObject({
      code: 'UNREACHABLE',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const status = (await s.router.call('connections.status.list', {})).find((x) => x.connectionId === p.id);
    expect(status).toMatchObject({ state: 'error', lastError: { code: 'UNREACHABLE' } });
    expect(s.area.registry.isOpen(p.id)).toBe(false);

    await s.router.call('connections.profiles.update', {
      id: p.id,
      draft: { kind: 'redis', name: 'up', host: '127.0.0.1', port: 6379 },
    });
    const ok = await s.router.call('connections.client.connect', { connectionId: p.id });
    expect(ok).toMatchObject({ state: 'connected', lastError: null });
  });

  it('status.watch streams the snapshot, then changes, until cancelled', async () => {
    const events: ConnectionStatus[] = [];
    const ctrl = new AbortController();
    const watching = s.router.subscribe(
      'connections.status.watch',
      {},
      { emit: (e) => events.push(e), signal: ctrl.signal },
    );
    await new Promise((r) => setTimeout(r, 50));
    const snapshot = events.length;
    expect(snapshot).toBeGreaterThanOrEqual(5);
    await s.router.call('connections.client.disconnect', { connectionId: ids.kafka });
    await new Promise((r) => setTimeout(r, 50));
    expect(events.slice(snapshot)).toEqual([
      expect.objectContaining({ connectionId: ids.kafka, state: 'disconnected' }),
    ]);
    ctrl.abort();
    await expect(watching).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('disposeAll closes every client (quit)', async () => {
    const redis = await s.area.registry.redis(ids.redis);
    await s.area.registry.neo4j(ids.neo4j);
    await s.area.registry.cassandra(ids.cassandra);
    await s.area.registry.mongo(ids.mongo);
    await s.area.registry.kafka(ids.kafka);
    await s.area.registry.disposeAll();
    for (const id of Object.values(ids)) expect(s.area.registry.isOpen(id)).toBe(false);
    expect(redis.redis.status).toBe('end');
    const statuses = await s.router.call('connections.status.list', {});
    expect(
      statuses.filter((x) => Object.values(ids).includes(x.connectionId)).every((x) => x.state === 'disconnected'),
    ).toBe(true);
  });
});
