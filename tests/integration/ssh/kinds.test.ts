/**
 * The other four kinds through the SSH bastion (127.0.0.1:2222) to the plain
 * servers of the stack: the probe passes with its ssh stage first, and a saved
 * connection runs one real operation through the tunnel. Kafka uses the
 * 3-broker cluster: the bootstrap broker is one address, the metadata names
 * all three, and every one of them must be reached through a forward.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileDraftInput } from '../../../src/shared/contract/connections';
import cassandra from '../../stack/servers/cassandra.js';
import ferretdb from '../../stack/servers/ferretdb.js';
import { kafka3 } from '../../stack/servers/kafka.js';
import neo4j from '../../stack/servers/neo4j.js';
import kafkaSecure, { SECURE_KAFKA_PORTS, SECURE_KAFKA_USERS } from '../../stack/servers/kafka-secure.js';
import redisSecure, { SECURE_REDIS_PORTS, SECURE_REDIS_USERS } from '../../stack/servers/redis-secure.js';
import sshd from '../../stack/servers/sshd.js';
import { eventually, requireServer, uniqueName } from '../helpers/servers.js';
import { outcome, secureHarness, tlsOf, type SecureHarness } from '../secure/harness';
import { sshKeySection, sshPasswordSection } from './fixture';

let h: SecureHarness;

beforeAll(async () => {
  await requireServer(sshd);
  h = await secureHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Established TCP connections to these ports, with their owning process, from `ss` (iproute2). */
function socketsTo(ports: number[]): string[] {
  const filter = ports.map((p) => `dport = :${p}`).join(' or ');
  const out = execFileSync('ss', ['-Htnp', 'state', 'established', `( ${filter} )`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.trim() !== '');
}
const directSockets = (ports: number[]) => socketsTo(ports).filter((l) => l.includes(`pid=${process.pid},`));
const sshdSockets = (ports: number[]) => socketsTo(ports).filter((l) => l.includes('"sshd"'));

async function save(d: ProfileDraftInput): Promise<string> {
  const created = (await h.call('connections.profiles.create', { draft: d })) as { id: string };
  return created.id;
}

describe('mongo through an SSH tunnel', () => {
  const d = (): ProfileDraftInput =>
    ({
      kind: 'mongo',
      name: uniqueName('ssh-mongo'),
      endpoint: { mode: 'fields', hosts: ['127.0.0.1:27017'] },
      ssh: sshKeySection(),
    }) as ProfileDraftInput;

  it('probes and runs a real command through the tunnel (directConnection to the forward)', async () => {
    await requireServer(ferretdb);
    const { stages, done } = outcome(await h.probe(d()));
    expect(done).toMatchObject({ ok: true });
    expect(stages.ssh?.tunnelled?.[0]?.target).toBe('127.0.0.1:27017');
    expect(done.serverVersion).toMatch(/FerretDB/);
    const id = await save(d());
    const { client } = await h.area.registry.mongo(id);
    const coll = client.db('stackdeck_ssh').collection(uniqueName('c'));
    await coll.insertOne({ via: 'ssh' });
    expect(await coll.findOne({}, { projection: { _id: 0 } })).toEqual({ via: 'ssh' });
    await coll.drop();
    await h.area.registry.disconnect(id);
  });

  it('a URI endpoint through a tunnel is refused with a clear message, nothing connected', async () => {
    const uri = { ...d(), endpoint: { mode: 'uri', uri: 'mongodb://127.0.0.1:27017/' } } as ProfileDraftInput;
    const { stages, done } = outcome(await h.probe(uri));
    expect(done.failedStage).toBe('ssh');
    expect(stages.ssh).toMatchObject({ errorCode: 'INVALID_INPUT', code: 'SSH_UNSUPPORTED' });
    expect(stages.ssh?.message).toMatch(/host fields/);
  });
});

describe('neo4j through an SSH tunnel', () => {
  it('neo4j:// is dialled as bolt:// to the forward; probe and a real query pass', async () => {
    await requireServer(neo4j);
    const d = {
      kind: 'neo4j',
      name: uniqueName('ssh-neo4j'),
      uri: 'neo4j://127.0.0.1:7687',
      ssh: sshPasswordSection(),
    } as ProfileDraftInput;
    const { done, stages } = outcome(await h.probe(d));
    expect(done).toMatchObject({ ok: true });
    expect(stages.ping?.message).toMatch(/Bolt .* at 127\.0\.0\.1:\d+/);
    const id = await save(d);
    const { driver } = await h.area.registry.neo4j(id);
    const r = await driver.executeQuery('RETURN 40 + 2 AS answer');
    expect(r.records[0]?.get('answer').toNumber()).toBe(42);
    await h.area.registry.disconnect(id);
  });
});

describe('cassandra through an SSH tunnel', () => {
  it('probes and queries through the tunnel; the driver reaches its host by the forward', async () => {
    await requireServer(cassandra);
    const d = {
      kind: 'cassandra',
      name: uniqueName('ssh-cassandra'),
      contactPoints: ['127.0.0.1:9042'],
      ssh: sshKeySection(),
    } as ProfileDraftInput;
    const events = await h.probe(d);
    const { done } = outcome(events);
    expect(done, JSON.stringify(events)).toMatchObject({ ok: true });
    expect(done.serverVersion).toMatch(/^Cassandra 5\./);
    const id = await save(d);
    const { client } = await h.area.registry.cassandra(id);
    const rs = await client.execute('SELECT cluster_name FROM system.local');
    expect(rs.first()?.get('cluster_name')).toBe('stackdeck');
    const hosts = client.hosts.values().map((host) => host.address);
    expect(hosts.length).toBeGreaterThan(0);
    for (const a of hosts) expect(a).not.toBe('127.0.0.1:9042');
    await h.area.registry.disconnect(id);
  });
});

describe('kafka through an SSH tunnel', () => {
  it('maps the bootstrap broker and every broker of the metadata to local forwards', async () => {
    await requireServer(kafka3);
    const d = {
      kind: 'kafka',
      name: uniqueName('ssh-kafka'),
      brokers: ['127.0.0.1:19092'],
      ssh: sshKeySection(),
    } as ProfileDraftInput;
    const { stages, done } = outcome(await h.probe(d));
    expect(done).toMatchObject({ ok: true });
    expect(stages.ssh?.tunnelled?.map((t) => t.target)).toEqual(['127.0.0.1:19092']);
    expect(stages.ping?.message).toMatch(/3 broker\(s\)/);
    const id = await save(d);
    const { admin } = await h.area.registry.kafka(id);
    const topic = uniqueName('ssh-topic');
    // Creating a topic with 3 replicas and reading its offsets touches every broker.
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3 }], waitForLeaders: false });
    // Leaders are elected a moment after creation; the client's own retries are kept short on purpose.
    const offsets = await eventually('the new topic has leaders', () => admin.fetchTopicOffsets(topic));
    expect(offsets).toHaveLength(3);
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.map((b) => b.port).sort()).toEqual([19092, 29092, 39092]);
    // The oracle is the OS: this process holds no socket to any broker port itself (only sshd does).
    expect(directSockets([19092, 29092, 39092])).toEqual([]);
    expect(sshdSockets([19092, 29092, 39092]).length).toBeGreaterThanOrEqual(3);
    await admin.deleteTopics({ topics: [topic] });
    await h.area.registry.disconnect(id);
  });
});

describe('TLS through an SSH tunnel', () => {
  it('Redis over TLS with an ACL user: the handshake and certificate check run through the tunnel', async () => {
    await requireServer(redisSecure);
    const tls = tlsOf(h.pki);
    const d = {
      kind: 'redis',
      name: uniqueName('ssh-tls-redis'),
      host: '127.0.0.1',
      port: SECURE_REDIS_PORTS.tls,
      username: SECURE_REDIS_USERS.admin.username,
      password: { action: 'set', value: SECURE_REDIS_USERS.admin.password },
      tls: tls.withCa,
      ssh: sshKeySection(),
    } as ProfileDraftInput;
    const { stages, done } = outcome(await h.probe(d));
    expect(done).toMatchObject({ ok: true, warnings: [] });
    expect(stages.tls?.message).toMatch(/issued by CN=Stackdeck Test CA/);
    // Another CA through the tunnel still fails at the TLS stage.
    const bad = outcome(await h.probe({ ...d, tls: tls.otherCa } as ProfileDraftInput));
    expect(bad.done.failedStage).toBe('tls');
  });

  it('Kafka SASL_SSL (SCRAM-SHA-512): TLS runs over each tunnelled broker socket', async () => {
    await requireServer(kafkaSecure);
    const tls = tlsOf(h.pki);
    const { username, password } = SECURE_KAFKA_USERS.scram512;
    const d = {
      kind: 'kafka',
      name: uniqueName('ssh-tls-kafka'),
      brokers: [`127.0.0.1:${SECURE_KAFKA_PORTS.sasl}`],
      sasl: { mechanism: 'scram-sha-512', username, password: { action: 'set', value: password } },
      tls: tls.withCa,
      ssh: sshKeySection(),
    } as ProfileDraftInput;
    const { stages, done } = outcome(await h.probe(d));
    expect(done, JSON.stringify(stages)).toMatchObject({ ok: true });
    expect(stages.tls?.status).toBe('ok');
    expect(stages.auth?.message).toMatch(/SCRAM-SHA-512/);
    expect(directSockets([SECURE_KAFKA_PORTS.sasl])).toEqual([]);
  });
});
