/**
 * A tunnel that dies mid-query: the bastion's session process for the
 * connection is killed (as when the bastion reboots or a network drops) while a
 * blocking Redis command runs through it. The command fails, the connection
 * shows as lost with the reason, and the next use reconnects through a new
 * tunnel. Integration test files run one at a time, so killing every bastion
 * session here touches no other test.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import ferretdb from '../../stack/servers/ferretdb.js';
import redis from '../../stack/servers/redis.js';
import sshd from '../../stack/servers/sshd.js';
import { eventually, requireServer, uniqueName } from '../helpers/servers.js';
import { secureHarness, type SecureHarness } from '../secure/harness';
import { sessionPids, sshKeySection } from './fixture';

let h: SecureHarness;
const direct = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
const key = uniqueName('ssh-drop');

beforeAll(async () => {
  await requireServer(redis);
  await requireServer(sshd);
  h = await secureHarness();
  await direct.set(key, 'after reconnect');
});
afterAll(async () => {
  await direct.del(key);
  direct.disconnect();
  await h?.close();
});

describe('a dropped SSH tunnel', () => {
  it('fails the running query, marks the connection lost, and reconnects on the next use', async () => {
    const d = { kind: 'redis', name: uniqueName('ssh-drop'), host: '127.0.0.1', port: 6379, ssh: sshKeySection() };
    const { id } = (await h.call('connections.profiles.create', { draft: d as ProfileDraftInput })) as { id: string };
    const first = await h.area.registry.redis(id);
    const statuses: string[] = [];
    const off = h.area.registry.onStatus((s) => {
      if (s.connectionId === id) statuses.push(s.state);
    });
    // A blocking read that would wait 8 s: the tunnel dies under it.
    const blocked = first.redis.blpop(uniqueName('never-pushed'), 8).then(
      () => 'answered',
      (err: Error) => `failed: ${err.message}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    const pids = sessionPids();
    expect(pids.length).toBeGreaterThan(0);
    const started = Date.now();
    for (const pid of pids) process.kill(pid, 'SIGKILL');

    expect(await blocked).toMatch(/^failed: /);
    expect(Date.now() - started).toBeLessThan(5_000);
    const lost = await eventually('the connection is marked lost', async () => {
      const s = h.area.registry.status(id);
      return s.state === 'error' ? s : undefined;
    });
    expect(lost.lastError?.message, lost.lastError?.message).toMatch(/The connection was lost\..*SSH tunnel/);
    expect(first.scope.signal.aborted).toBe(true);
    expect(h.area.registry.isOpen(id)).toBe(false);

    // Reconnect: a new tunnel and client.
    const again = await h.area.registry.redis(id);
    expect(again.redis).not.toBe(first.redis);
    expect(await again.redis.get(key)).toBe('after reconnect');
    expect(h.area.registry.status(id).state).toBe('connected');
    expect(statuses).toEqual(expect.arrayContaining(['error', 'connecting', 'connected']));
    off();
    await h.area.registry.disconnect(id);
  });

  it('MongoDB (whose driver would reconnect by itself): the dropped tunnel alone marks it lost, and it reconnects', async () => {
    await requireServer(ferretdb);
    const d = {
      kind: 'mongo',
      name: uniqueName('ssh-drop-mongo'),
      endpoint: { mode: 'fields', hosts: ['127.0.0.1:27017'] },
      ssh: sshKeySection(),
    };
    const { id } = (await h.call('connections.profiles.create', { draft: d as ProfileDraftInput })) as { id: string };
    const first = await h.area.registry.mongo(id);
    await first.client.db('admin').command({ ping: 1 });
    for (const pid of sessionPids()) process.kill(pid, 'SIGKILL');
    const lost = await eventually('the connection is marked lost', async () => {
      const s = h.area.registry.status(id);
      return s.state === 'error' ? s : undefined;
    });
    expect(lost.lastError?.message).toMatch(/The connection was lost\..*SSH tunnel/);
    expect(first.scope.signal.aborted).toBe(true);
    const again = await h.area.registry.mongo(id);
    expect(again.client).not.toBe(first.client);
    expect(await again.client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
    await h.area.registry.disconnect(id);
  });
});
