/**
 * Cluster and schema against the local Cassandra 5: cluster facts, keyspaces
 * with replication, the tree's tables/views/types/indexes, table detail with
 * key order and options, and the server's own DESCRIBE text. The oracle for
 * the columns is the DDL we created; for DDL it is Cassandra's DESCRIBE.
 */
import cassandra from 'cassandra-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cassandraServer from '../../stack/servers/cassandra.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';

const ks = uniqueName('sd_schema').replace(/-/g, '_');
const direct = new cassandra.Client({ contactPoints: ['127.0.0.1'], localDataCenter: 'datacenter1' });
let t: TestCore;
let id: string;

beforeAll(async () => {
  await requireServer(cassandraServer);
  await direct.connect();
  const ddl = [
    `CREATE KEYSPACE ${ks} WITH replication = {'class': 'NetworkTopologyStrategy', 'datacenter1': 1} AND durable_writes = false`,
    `CREATE TYPE ${ks}.address (street text, zip int)`,
    `CREATE TABLE ${ks}.events (tenant text, day date, at timestamp, seq int, kind text static, payload text, home frozen<address>,
       PRIMARY KEY ((tenant, day), at, seq)) WITH CLUSTERING ORDER BY (at DESC, seq ASC)
       AND default_time_to_live = 3600 AND gc_grace_seconds = 600 AND comment = 'it''s a test'`,
    `CREATE INDEX events_payload ON ${ks}.events (payload) USING 'sai'`,
    `CREATE MATERIALIZED VIEW ${ks}.events_by_kind AS SELECT tenant, day, at, seq, payload FROM ${ks}.events
       WHERE payload IS NOT NULL AND tenant IS NOT NULL AND day IS NOT NULL AND at IS NOT NULL AND seq IS NOT NULL
       PRIMARY KEY ((tenant, day), payload, at, seq)`,
    `CREATE TABLE ${ks}."MixedCase" ("Id" int PRIMARY KEY, v text)`,
  ];
  for (const q of ddl) await direct.execute(q);
  t = await startTestCore();
  id = (await t.connect('cassandra')).id;
}, 120_000);

afterAll(async () => {
  await direct.execute(`DROP KEYSPACE IF EXISTS ${ks}`).catch(() => undefined);
  await direct.shutdown();
  await t?.close();
}, 60_000);

describe('cluster', () => {
  it('reports name, partitioner, the node with DC, rack, version, host id, full token ownership and agreement', async () => {
    const c = await t.router.call('cassandra.cluster.describe', { connectionId: id });
    const local = (await direct.execute('SELECT cluster_name, host_id, release_version FROM system.local')).first();
    expect(c.clusterName).toBe(local.get('cluster_name'));
    expect(c.partitioner).toBe('org.apache.cassandra.dht.Murmur3Partitioner');
    expect(c.releaseVersion).toBe(local.get('release_version'));
    expect(c.schemaInAgreement).toBe(true);
    const node = c.nodes.find((n) => n.hostId === String(local.get('host_id')));
    expect(node).toMatchObject({ datacenter: 'datacenter1', rack: 'rack1', up: true });
    expect(node?.tokens).toBeGreaterThan(0);
    // One node owns the whole ring; several nodes' shares add up to 1.
    const total = c.nodes.reduce((s, n) => s + (n.ownership ?? 0), 0);
    expect(total).toBeCloseTo(1, 4);
  });
});

describe('keyspaces', () => {
  it('lists user keyspaces with replication, durable writes and their objects; system ones only on request', async () => {
    const { keyspaces } = await t.router.call('cassandra.keyspaces.list', { connectionId: id });
    expect(keyspaces.some((k) => k.system)).toBe(false);
    const mine = keyspaces.find((k) => k.name === ks);
    expect(mine).toMatchObject({
      strategy: 'org.apache.cassandra.locator.NetworkTopologyStrategy',
      replication: [['datacenter1', '1']],
      durableWrites: false,
      tables: ['MixedCase', 'events'],
      views: ['events_by_kind'],
      types: ['address'],
    });
    expect(mine?.indexes).toEqual([
      expect.objectContaining({ name: 'events_payload', table: 'events', kind: 'CUSTOM' }),
    ]);
    const all = await t.router.call('cassandra.keyspaces.list', { connectionId: id, includeSystem: true });
    const views = all.keyspaces.find((k) => k.name === 'system_views');
    expect(views).toMatchObject({ system: true, virtual: true });
    expect(views?.tables).toContain('clients');
    expect(all.keyspaces.find((k) => k.name === 'system_schema')?.system).toBe(true);
  });

  it('gives the keyspace DDL from the server’s DESCRIBE', async () => {
    const { ddl, ddlSource } = await t.router.call('cassandra.keyspaces.ddl', { connectionId: id, keyspace: ks });
    const expected = (await direct.execute(`DESCRIBE KEYSPACE ${ks}`)).rows.map((r) =>
      String(r.get('create_statement')),
    );
    expect(ddlSource).toBe('server');
    expect(ddl).toBe(expected.join('\n\n'));
    expect(ddl).toContain(`CREATE TYPE ${ks}.address`);
  });

  it('answers NOT_FOUND for a keyspace that does not exist', async () => {
    const e = await t.router
      .call('cassandra.keyspaces.ddl', { connectionId: id, keyspace: `${ks}_nope` })
      .catch((x: unknown) => x);
    expect((e as { code?: string }).code).toBe('NOT_FOUND');
  });
});

describe('table detail', () => {
  it('orders partition key, clustering (with order), static and regular columns, with options and DDL', async () => {
    const d = await t.router.call('cassandra.tables.describe', { connectionId: id, keyspace: ks, table: 'events' });
    expect(d.kind).toBe('table');
    expect(d.columns.map((c) => [c.name, c.kind, c.type, c.order])).toEqual([
      ['tenant', 'partition_key', 'text', null],
      ['day', 'partition_key', 'date', null],
      ['at', 'clustering', 'timestamp', 'DESC'],
      ['seq', 'clustering', 'int', 'ASC'],
      ['kind', 'static', 'text', null],
      ['home', 'regular', 'frozen<address>', null],
      ['payload', 'regular', 'text', null],
    ]);
    const opts = Object.fromEntries(d.options);
    expect(opts['default_time_to_live']).toBe('3600');
    expect(opts['gc_grace_seconds']).toBe('600');
    expect(opts['comment']).toBe("'it''s a test'");
    expect(opts['compaction']).toContain('SizeTieredCompactionStrategy');
    expect(opts['compression']).toContain('LZ4Compressor');
    expect(opts['caching']).toContain('keys');
    expect(opts['speculative_retry']).toBe("'99p'");
    expect(d.indexes).toEqual([expect.objectContaining({ name: 'events_payload', target: 'payload' })]);
    const server = (await direct.execute(`DESCRIBE TABLE ${ks}.events`)).rows.map((r) =>
      String(r.get('create_statement')),
    );
    expect(d.ddlSource).toBe('server');
    expect(d.ddl).toBe(server.join('\n\n'));
    expect(d.ddl).toContain('CLUSTERING ORDER BY (at DESC, seq ASC)');
  });

  it('describes a materialized view, a quoted mixed-case table and a virtual table', async () => {
    const v = await t.router.call('cassandra.tables.describe', {
      connectionId: id,
      keyspace: ks,
      table: 'events_by_kind',
    });
    expect(v).toMatchObject({ kind: 'view', baseTable: 'events', ddlSource: 'server' });
    expect(v.ddl).toContain('CREATE MATERIALIZED VIEW');
    const m = await t.router.call('cassandra.tables.describe', { connectionId: id, keyspace: ks, table: 'MixedCase' });
    expect(m.columns[0]).toMatchObject({ name: 'Id', kind: 'partition_key' });
    expect(m.ddl).toContain(`${ks}."MixedCase"`);
    const vt = await t.router.call('cassandra.tables.describe', {
      connectionId: id,
      keyspace: 'system_views',
      table: 'clients',
    });
    expect(vt.kind).toBe('virtual');
    expect(vt.columns.map((c) => c.name)).toContain('username');
  });

  it('answers NOT_FOUND for a missing table', async () => {
    const e = await t.router
      .call('cassandra.tables.describe', { connectionId: id, keyspace: ks, table: 'nope' })
      .catch((x: unknown) => x);
    expect((e as { code?: string }).code).toBe('NOT_FOUND');
  });
});
