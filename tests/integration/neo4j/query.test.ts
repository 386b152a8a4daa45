/**
 * neo4j.query.run against the local Neo4j 5.26 through the router: typed
 * parameters of every kind round-trip, driver values keep their types, records
 * stream in batches up to maxRecords, summaries carry counters, notifications
 * and plans, errors are clear, a read-only connection is refused by the server
 * itself, and Cancel terminates the transaction on the server. The oracle for
 * server state is a bare neo4j-driver session, not the code under test.
 */
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import neo4jServer from '../../stack/servers/neo4j.js';
import { startTestCore, type TestCore } from '../../support/core';
import { eventually, requireServer, uniqueName } from '../helpers/servers';
import { failure, runCypher } from './run';

const label = `SdIt_${uniqueName('q').replace(/-/g, '_')}`;
const driver = neo4j.driver('bolt://127.0.0.1:7687', { scheme: 'none', credentials: '' });
let t: TestCore;
let id: string;
let roId: string;

async function count(): Promise<number> {
  const r = await driver.executeQuery(`MATCH (n:${label}) RETURN count(n) AS c`);
  return (r.records[0]?.get('c') as { toNumber(): number }).toNumber();
}

beforeAll(async () => {
  await requireServer(neo4jServer);
  t = await startTestCore();
  id = (await t.connect('neo4j')).id;
  roId = (await t.connect('neo4j', { name: `it neo4j ro ${Date.now()}`, readOnly: true })).id;
});

afterAll(async () => {
  await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`).catch(() => undefined);
  await driver.close();
  await t?.close();
});

describe('values and parameters', () => {
  it('round-trips parameters of every type exactly', async () => {
    const big = '9007199254740993'; // 2^53 + 1: not representable as a double
    const r = await runCypher(t, {
      connectionId: id,
      query:
        'RETURN $s AS s, $i AS i, valueType($i) AS it, $f AS f, $b AS b, $n AS n, $l AS l, $m AS m, $d AS d, ' +
        '$dt AS dt, $ldt AS ldt, $tm AS tm, $lt AS lt, $du AS du, $p AS p, $p3 AS p3, $by AS by, $i + 1 AS i1, valueType($f) AS ft',
      params: [
        ['s', { t: 'string', v: 'héllo "x"' }],
        ['i', { t: 'int', v: big }],
        ['f', { t: 'float', v: 2 }],
        ['b', { t: 'bool', v: true }],
        ['n', { t: 'null' }],
        [
          'l',
          {
            t: 'list',
            v: [
              { t: 'int', v: '1' },
              { t: 'string', v: 'two' },
            ],
          },
        ],
        ['m', { t: 'map', v: [['k', { t: 'list', v: [{ t: 'bool', v: false }] }]] }],
        ['d', { t: 'Date', v: '2024-02-29' }],
        ['dt', { t: 'DateTime', v: '2024-03-31T02:30:00.123456789[Europe/Paris]' }],
        ['ldt', { t: 'LocalDateTime', v: '2024-01-02T03:04:05' }],
        ['tm', { t: 'Time', v: '10:11:12.500000000+01:30' }],
        ['lt', { t: 'LocalTime', v: '23:59:59' }],
        ['du', { t: 'Duration', v: 'P1Y2M3DT4H5M6.007S' }],
        ['p', { t: 'Point', srid: 4326, x: 12.5, y: 55.5 }],
        ['p3', { t: 'Point', srid: 9157, x: 1, y: 2, z: 3 }],
        ['by', { t: 'bytes', v: Buffer.from([0, 255, 7]).toString('base64') }],
      ],
    });
    const row = Object.fromEntries(r.keys.map((k, i) => [k, r.rows[0]?.[i]]));
    expect(row.s).toEqual({ t: 'string', v: 'héllo "x"' });
    expect(row.i).toEqual({ t: 'int', v: big });
    expect(row.it).toEqual({ t: 'string', v: 'INTEGER NOT NULL' });
    expect(row.i1).toEqual({ t: 'int', v: '9007199254740994' });
    expect(row.f).toEqual({ t: 'double', v: '2.0' });
    expect(row.ft).toEqual({ t: 'string', v: 'FLOAT NOT NULL' });
    expect(row.b).toEqual({ t: 'bool', v: true });
    expect(row.n).toEqual({ t: 'null' });
    expect(row.l).toEqual({
      t: 'array',
      v: [
        { t: 'int', v: '1' },
        { t: 'string', v: 'two' },
      ],
    });
    expect(row.m).toEqual({ t: 'object', v: [['k', { t: 'array', v: [{ t: 'bool', v: false }] }]] });
    expect(row.d).toEqual({ t: 'other', type: 'Date', v: '2024-02-29' });
    // 02:30 does not exist on that day in Paris (DST): the server resolves it, zone kept.
    expect(row.dt).toMatchObject({ t: 'other', type: 'DateTime' });
    expect((row.dt as { v: string }).v).toMatch(/^2024-03-31T03:30:00\.123456789\+02:00\[Europe\/Paris\]$/);
    expect(row.ldt).toEqual({ t: 'other', type: 'LocalDateTime', v: '2024-01-02T03:04:05' });
    expect(row.tm).toEqual({ t: 'other', type: 'Time', v: '10:11:12.500000000+01:30' });
    expect(row.lt).toEqual({ t: 'other', type: 'LocalTime', v: '23:59:59' });
    expect(row.du).toEqual({ t: 'other', type: 'Duration', v: 'P1Y2M3DT4H5M6.007000000S' });
    expect(row.p).toEqual({ t: 'other', type: 'Point', v: 'point({srid:4326, x:12.5, y:55.5})' });
    expect(row.p3).toEqual({ t: 'other', type: 'Point', v: 'point({srid:9157, x:1.0, y:2.0, z:3.0})' });
    expect(row.by).toEqual({ t: 'binary', v: 'AP8H', size: 3 });
  });

  it('maps nodes, relationships and paths with their ids, labels, types and typed properties', async () => {
    const r = await runCypher(t, {
      connectionId: id,
      query: `CREATE p = (a:${label} {name: 'a', big: 9223372036854775807})-[:KNOWS {since: date('2020-01-01')}]->(b:${label}:Extra {name: 'b'}) RETURN a, b, relationships(p)[0] AS r, p`,
    });
    const [a, b, rel, path] = r.rows[0] ?? [];
    expect(a).toMatchObject({
      t: 'node',
      labels: [label],
      props: [
        ['big', { t: 'int', v: '9223372036854775807' }],
        ['name', { t: 'string', v: 'a' }],
      ],
    });
    expect(b).toMatchObject({ t: 'node', labels: expect.arrayContaining([label, 'Extra']) });
    expect(rel).toMatchObject({
      t: 'rel',
      type: 'KNOWS',
      props: [['since', { t: 'other', type: 'Date', v: '2020-01-01' }]],
    });
    if (a?.t !== 'node' || b?.t !== 'node' || rel?.t !== 'rel' || path?.t !== 'path') throw new Error('wrong types');
    expect(rel.start).toBe(a.id);
    expect(rel.end).toBe(b.id);
    expect(path.nodes.map((n) => n.id)).toEqual([a.id, b.id]);
    expect(path.rels.map((x) => x.id)).toEqual([rel.id]);
    expect(r.summary.queryType).toBe('rw');
    expect(Object.fromEntries(r.summary.counters)).toMatchObject({
      nodesCreated: 2,
      relationshipsCreated: 1,
      labelsAdded: 3,
    });
    expect(r.accessMode).toBe('WRITE');
    expect(await count()).toBe(2);
  });

  it('refuses a malformed parameter before running anything', async () => {
    const bad = await failure(
      runCypher(t, {
        connectionId: id,
        query: `CREATE (:${label} {d: $d})`,
        params: [['d', { t: 'Date', v: '2024-13-01' }]],
      }),
    );
    expect(bad.code).toBe('INVALID_INPUT');
    expect(bad.message).toContain('$d');
    const notInt = await failure(
      runCypher(t, { connectionId: id, query: 'RETURN $i', params: [['i', { t: 'int', v: '1.5' }]] }),
    );
    expect(notInt.code).toBe('INVALID_INPUT');
    expect(await count()).toBe(2);
  });
});

describe('streaming and summary', () => {
  it('streams records in batches and stops at maxRecords', async () => {
    const r = await runCypher(t, { connectionId: id, query: 'UNWIND range(1, 5000) AS x RETURN x', maxRecords: 1200 });
    expect(r.rows).toHaveLength(1200);
    expect(r.batches).toBeGreaterThan(1);
    expect(r.rows[1199]).toEqual([{ t: 'int', v: '1200' }]);
    expect(r.summary).toMatchObject({ truncated: true, recordCount: 1200, queryType: 'r' });
    expect(r.summary.firstRecordMs).not.toBeNull();
    const all = await runCypher(t, { connectionId: id, query: 'UNWIND range(1, 30) AS x RETURN x' });
    expect(all.summary).toMatchObject({ truncated: false, recordCount: 30 });
  });

  it('reports notifications as warnings and the EXPLAIN plan', async () => {
    const r = await runCypher(t, { connectionId: id, query: `EXPLAIN MATCH (a:${label}), (b:${label}) RETURN a, b` });
    expect(r.rows).toHaveLength(0);
    expect(r.summary.notifications.map((n) => n.code)).toContain('Neo.ClientNotification.Statement.CartesianProduct');
    const cart = r.summary.notifications.find((n) => n.code.endsWith('CartesianProduct'));
    expect(cart?.position).toMatchObject({ line: 1 });
    expect(r.summary.profiled).toBe(false);
    expect(r.summary.plan?.operator).toBe('ProduceResults');
    const ops: string[] = [];
    const walk = (p: NonNullable<typeof r.summary.plan>) => {
      ops.push(p.operator);
      p.children.forEach(walk);
    };
    if (r.summary.plan) walk(r.summary.plan);
    expect(ops).toContain('CartesianProduct');
    expect(r.summary.plan?.estimatedRows).toBeGreaterThan(0);
  });

  it('reports PROFILE rows and db hits per operator', async () => {
    const r = await runCypher(t, {
      connectionId: id,
      query: `PROFILE MATCH (n:${label}) RETURN n.name AS name ORDER BY name`,
    });
    expect(r.rows.map((x) => x[0])).toEqual([
      { t: 'string', v: 'a' },
      { t: 'string', v: 'b' },
    ]);
    expect(r.summary.profiled).toBe(true);
    const plan = r.summary.plan;
    expect(plan?.rows).toBe(2);
    const scan = JSON.stringify(plan);
    expect(scan).toContain('NodeByLabelScan');
    let hits = 0;
    const walk = (p: NonNullable<typeof plan>) => {
      hits += p.dbHits ?? 0;
      p.children.forEach(walk);
    };
    if (plan) walk(plan);
    expect(hits).toBeGreaterThan(0);
  });
});

describe('errors', () => {
  it('gives syntax errors with line and column', async () => {
    const e = await failure(runCypher(t, { connectionId: id, query: 'MATCH (n)\nRETURN n +' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/line 2, column 11/);
    expect(e.detail).toMatchObject({ line: 2, column: 11 });
  });
  it('names a missing parameter', async () => {
    const e = await failure(runCypher(t, { connectionId: id, query: 'RETURN $missing' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('missing');
    expect(e.message).toContain(':param');
  });
  it('names an unknown procedure', async () => {
    const e = await failure(runCypher(t, { connectionId: id, query: 'CALL db.noSuchThing()' }));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('db.noSuchThing');
  });
  it('stops a query at its transaction timeout', async () => {
    const e = await failure(
      runCypher(t, {
        connectionId: id,
        query: 'UNWIND range(1, 2000000000) AS x WITH x WHERE x = -1 RETURN x',
        timeoutMs: 300,
      }),
    );
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toContain('transaction timeout');
  });
  it('says a query was stopped for memory, and the connection keeps working', async () => {
    // Community edition cannot lower the per-transaction limit at run time (no dbms.setConfigValue),
    // so this collects past the server's total transaction memory (537 MiB here): ~10 s.
    const e = await failure(
      runCypher(t, {
        connectionId: id,
        query: "UNWIND range(1, 200000000) AS x RETURN size(collect('sd-mem-' + x)) AS c",
        timeoutMs: 120_000,
      }),
    );
    expect(e.code).toBe('SERVER_ERROR');
    expect(e.message).toMatch(/needed more memory than allowed/);
    expect(e.detail).toMatchObject({ neo4jCode: 'Neo.TransientError.General.MemoryPoolOutOfMemoryError' });
    const ok = await runCypher(t, { connectionId: id, query: 'RETURN 1 AS one' });
    expect(ok.rows).toEqual([[{ t: 'int', v: '1' }]]);
  }, 120_000);
});

describe('read-only connection', () => {
  it('runs in READ mode: the server refuses a write and nothing changes', async () => {
    const before = await count();
    const e = await failure(runCypher(t, { connectionId: roId, query: `CREATE (:${label} {name: 'ro'})` }));
    expect(e.code).toBe('READ_ONLY');
    expect(e.message).toMatch(/read-only/);
    expect(e.message).toMatch(/Nothing was changed/);
    // A write hidden in a procedure-like clause is refused the same way: the server decides, not a regex.
    const e2 = await failure(
      runCypher(t, { connectionId: roId, query: `MATCH (n:${label}) WITH n LIMIT 1 SET n.touched = true RETURN n` }),
    );
    expect(e2.code).toBe('READ_ONLY');
    expect(await count()).toBe(before);
    const touched = await driver.executeQuery(`MATCH (n:${label}) WHERE n.touched IS NOT NULL RETURN count(n) AS c`);
    expect((touched.records[0]?.get('c') as { toNumber(): number }).toNumber()).toBe(0);
    const read = await runCypher(t, { connectionId: roId, query: `MATCH (n:${label}) RETURN count(n) AS c` });
    expect(read.accessMode).toBe('READ');
    expect(read.rows[0]?.[0]).toEqual({ t: 'int', v: String(before) });
  });
});

describe('cancel', () => {
  it('terminates the transaction on the server', async () => {
    const tag = uniqueName('cancel');
    const controller = new AbortController();
    const query = `UNWIND range(1, 3000000000) AS x WITH x WHERE x = -1 RETURN x, '${tag}' AS tag`;
    const running = failure(runCypher(t, { connectionId: id, query }, controller.signal));
    const listed = async () => {
      const r = await driver.executeQuery('SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery');
      return r.records.some((x) => String(x.get('currentQuery')).includes(tag));
    };
    await eventually(
      'the query to show in SHOW TRANSACTIONS',
      async () => ((await listed()) ? true : undefined),
      10_000,
    );
    controller.abort();
    const e = await running;
    expect(e.code).toBe('CANCELLED');
    await eventually('the transaction to be gone', async () => ((await listed()) ? undefined : true), 10_000);
  });
});

describe('databases', () => {
  it('lists databases with status and the default', async () => {
    const r = await t.router.call('neo4j.databases.list', { connectionId: id });
    expect(r.defaultDatabase).toBe('neo4j');
    expect(r.databases.map((d) => d.name)).toEqual(expect.arrayContaining(['neo4j', 'system']));
    expect(r.databases.find((d) => d.name === 'neo4j')).toMatchObject({ currentStatus: 'online', isDefault: true });
  });
  it('runs against a chosen database and rejects an unknown one', async () => {
    const r = await runCypher(t, {
      connectionId: id,
      database: 'system',
      query: 'SHOW DATABASES YIELD name RETURN name',
    });
    expect(r.summary.database).toBe('system');
    const e = await failure(runCypher(t, { connectionId: id, database: 'nosuchdb', query: 'RETURN 1' }));
    expect(e.code).toBe('NOT_FOUND');
  });
});
