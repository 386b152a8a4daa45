/**
 * The live schema, schema actions, system information and transactions
 * against the local Neo4j 5.26 through the router. Completion data is fed to
 * Neo4j's own language service (as the editor's worker does) to show it
 * completes a label and a procedure of this server, and lints against it.
 * Schema actions and terminate are refused in core on a read-only connection.
 * The oracle for server state is a bare neo4j-driver session.
 */
import { autocomplete, lintCypherQuery, type DbSchema } from '@neo4j-cypher/language-support';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbSchema } from '../../../src/shared/contract/neo4j/dbSchema';
import neo4jServer from '../../stack/servers/neo4j.js';
import { startTestCore, type TestCore } from '../../support/core';
import { eventually, requireServer, uniqueName } from '../helpers/servers';
import { failure, runCypher } from './run';

const suffix = uniqueName('s').replace(/-/g, '_');
const label = `SdSch_${suffix}`;
const relType = `SD_REL_${suffix}`;
const prop = `sdProp_${suffix}`;
const driver = neo4j.driver('bolt://127.0.0.1:7687', { scheme: 'none', credentials: '' });
let t: TestCore;
let id: string;
let roId: string;

async function indexNames(): Promise<string[]> {
  const r = await driver.executeQuery('SHOW INDEXES YIELD name RETURN name');
  return r.records.map((x) => x.get('name') as string);
}
async function constraintNames(): Promise<string[]> {
  const r = await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN name');
  return r.records.map((x) => x.get('name') as string);
}

beforeAll(async () => {
  await requireServer(neo4jServer);
  t = await startTestCore();
  id = (await t.connect('neo4j')).id;
  roId = (await t.connect('neo4j', { name: `it neo4j schema ro ${Date.now()}`, readOnly: true })).id;
  await driver.executeQuery(
    `CREATE (a:${label} {${prop}: 1})-[:${relType}]->(b:${label} {${prop}: 2}), (a)-[:${relType}]->(:${label})`,
  );
});

afterAll(async () => {
  await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`).catch(() => undefined);
  for (const n of await indexNames().catch(() => []))
    if (n.includes(suffix)) await driver.executeQuery(`DROP INDEX \`${n}\` IF EXISTS`).catch(() => undefined);
  for (const n of await constraintNames().catch(() => []))
    if (n.includes(suffix)) await driver.executeQuery(`DROP CONSTRAINT \`${n}\` IF EXISTS`).catch(() => undefined);
  await driver.close();
  await t?.close();
});

describe('completion data', () => {
  it('lists labels, types, keys, procedures, functions and databases of the live server', async () => {
    const s = await t.router.call('neo4j.schema.completion', { connectionId: id });
    expect(s.labels).toContain(label);
    expect(s.relationshipTypes).toContain(relType);
    expect(s.propertyKeys).toContain(prop);
    expect(s.databaseNames).toEqual(expect.arrayContaining(['neo4j', 'system']));
    const proc = s.procedures.find((p) => p.name === 'db.labels');
    expect(proc?.signature).toContain('db.labels()');
    expect(proc?.returnDescription.map((r) => r.name)).toContain('label');
    expect(s.functions.find((f) => f.name === 'toUpper')?.argumentDescription[0]?.type).toBe('STRING');
    expect(s.truncated).toBe(false);
  });

  it("feeds Neo4j's language service: a label and a procedure of this server complete, a typo lints", async () => {
    const s = await t.router.call('neo4j.schema.completion', { connectionId: id });
    const schema: DbSchema = toDbSchema(s, { answer: 42 });
    const q1 = `MATCH (n:${label.slice(0, 8)}`;
    const labels = autocomplete(q1, schema, { caretPosition: q1.length }).map((c) => c.label);
    expect(labels).toContain(label);
    const q2 = 'CALL db.';
    const procs = autocomplete(q2, schema, { caretPosition: q2.length }).map((c) => c.label);
    expect(procs).toContain('labels'); // the service completes the name after `db.`
    const q3 = 'RETURN $';
    expect(autocomplete(q3, schema, { caretPosition: q3.length }).map((c) => c.label)).toContain('$answer');
    const { diagnostics } = lintCypherQuery('MATCH (n) RETURN n LIMT 5', schema);
    expect(diagnostics.some((d) => d.severity === 1)).toBe(true);
    // A procedure the server does not have is flagged from the live list.
    const unknown = lintCypherQuery('CALL db.noSuchProcedure()', schema).diagnostics;
    expect(unknown.map((d) => d.message).join(' ')).toMatch(/noSuchProcedure/);
    expect(
      lintCypherQuery(`MATCH (n:${label}) RETURN n.${prop}`, schema).diagnostics.filter((d) => d.severity === 1),
    ).toEqual([]);
  });
});

describe('schema overview and actions', () => {
  it('creates a range index and a uniqueness constraint, lists them with state and population, and drops them', async () => {
    const idx = `idx_${suffix}`;
    const con = `con_${suffix}`;
    const made = await t.router.call('neo4j.schema.index.create', {
      connectionId: id,
      name: idx,
      kind: 'RANGE',
      entity: 'node',
      labelsOrTypes: [label],
      properties: [prop],
    });
    expect(made.statement).toBe(`CREATE RANGE INDEX \`${idx}\` IF NOT EXISTS FOR (e:\`${label}\`) ON (e.\`${prop}\`)`);
    await t.router.call('neo4j.schema.constraint.create', {
      connectionId: id,
      name: con,
      kind: 'UNIQUE',
      entity: 'node',
      labelOrType: label,
      properties: [`u_${prop}`],
    });
    expect(await indexNames()).toContain(idx);
    expect(await constraintNames()).toContain(con);

    await eventually('the overview with the new index online', async () => {
      const o = await t.router.call('neo4j.schema.overview', { connectionId: id });
      expect(o.labels.find((l) => l.name === label)?.count).toBe(3);
      expect(o.relationshipTypes.find((r) => r.name === relType)?.count).toBe(2);
      expect(o.propertyKeys).toContain(prop);
      const i = o.indexes.find((x) => x.name === idx);
      expect(i).toMatchObject({
        type: 'RANGE',
        entityType: 'NODE',
        labelsOrTypes: [label],
        properties: [prop],
        state: 'ONLINE',
      });
      expect(i?.populationPercent).toBe(100);
      expect(o.constraints.find((c) => c.name === con)).toMatchObject({ type: 'UNIQUENESS', labelsOrTypes: [label] });
      const schemaNode = o.graph.nodes.find((n) => n.labels.includes(label));
      expect(schemaNode).toBeDefined();
      expect(o.graph.rels.some((r) => r.type === relType && r.start === schemaNode?.id)).toBe(true);
      return true;
    });

    // The uniqueness constraint is enforced by the server.
    await driver.executeQuery(`CREATE (:${label} {u_${prop}: 'x'})`);
    const dup = await failure(runCypher(t, { connectionId: id, query: `CREATE (:${label} {u_${prop}: 'x'})` }));
    expect(dup.code).toBe('CONFLICT');

    await t.router.call('neo4j.schema.drop', { connectionId: id, kind: 'constraint', name: con });
    await t.router.call('neo4j.schema.drop', { connectionId: id, kind: 'index', name: idx });
    expect(await indexNames()).not.toContain(idx);
    expect(await constraintNames()).not.toContain(con);
  });

  it('creates a full-text index over two labels', async () => {
    const ft = `ft_${suffix}`;
    await t.router.call('neo4j.schema.index.create', {
      connectionId: id,
      name: ft,
      kind: 'FULLTEXT',
      entity: 'node',
      labelsOrTypes: [label, `${label}_B`],
      properties: ['title', 'body'],
    });
    const r = await driver.executeQuery('SHOW INDEXES YIELD name, type, labelsOrTypes WHERE name = $n RETURN *', {
      n: ft,
    });
    expect(r.records[0]?.get('type')).toBe('FULLTEXT');
    expect(r.records[0]?.get('labelsOrTypes')).toEqual([label, `${label}_B`]);
    await t.router.call('neo4j.schema.drop', { connectionId: id, kind: 'index', name: ft });
  });

  it('quotes names: a name with backticks and a brace cannot change the statement', async () => {
    const odd = `odd\`) ON (e.x) //${suffix}`;
    const made = await t.router.call('neo4j.schema.index.create', {
      connectionId: id,
      name: odd,
      kind: 'RANGE',
      entity: 'node',
      labelsOrTypes: [label],
      properties: ['x'],
    });
    expect(made.statement).toContain('`odd``) ON (e.x) //');
    expect(await indexNames()).toContain(odd);
    await t.router.call('neo4j.schema.drop', { connectionId: id, kind: 'index', name: odd });
    expect(await indexNames()).not.toContain(odd);
  });

  it('refuses an index of a kind that takes one label with two, before the server sees it', async () => {
    const e = await failure(
      t.router.call('neo4j.schema.index.create', {
        connectionId: id,
        kind: 'TEXT',
        entity: 'node',
        labelsOrTypes: [label, 'Other'],
        properties: [prop],
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
  });

  it('refuses schema actions and terminate on a read-only connection, in core, and nothing changes', async () => {
    const before = await indexNames();
    const e = await failure(
      t.router.call('neo4j.schema.index.create', {
        connectionId: roId,
        name: `ro_${suffix}`,
        kind: 'RANGE',
        entity: 'node',
        labelsOrTypes: [label],
        properties: [prop],
      }),
    );
    expect(e.code).toBe('READ_ONLY');
    expect(
      (await failure(t.router.call('neo4j.schema.drop', { connectionId: roId, kind: 'index', name: 'x' }))).code,
    ).toBe('READ_ONLY');
    expect(
      (
        await failure(
          t.router.call('neo4j.transactions.terminate', { connectionId: roId, ids: ['neo4j-transaction-1'] }),
        )
      ).code,
    ).toBe('READ_ONLY');
    expect(await indexNames()).toEqual(before);
    // Reading the schema is fine on a read-only connection.
    const o = await t.router.call('neo4j.schema.overview', { connectionId: roId });
    expect(o.labels.some((l) => l.name === label)).toBe(true);
  });
});

describe('system and transactions', () => {
  it('reports version, edition and settings', async () => {
    const s = await t.router.call('neo4j.system.info', { connectionId: id });
    expect(s.version).toMatch(/^5\.\d+/);
    expect(s.edition).toBe('community');
    expect(s.settings?.some((x) => x.name === 'db.transaction.timeout')).toBe(true);
  });

  it('lists a running transaction with its metadata and terminates it', async () => {
    const tag = `tx_${suffix}`;
    const session = driver.session();
    const running = session
      .run(`UNWIND range(1, 3000000000) AS x WITH x WHERE x = -1 RETURN x, '${tag}' AS tag`, {}, { metadata: { tag } })
      .then(
        () => 'finished',
        (err: { code?: string }) => err.code ?? 'failed',
      );
    let txId = '';
    await eventually('the transaction in SHOW TRANSACTIONS', async () => {
      const { transactions } = await t.router.call('neo4j.transactions.list', { connectionId: id });
      const tx = transactions.find((x) => x.currentQuery.includes(tag));
      expect(tx).toBeDefined();
      expect(tx?.metaData).toContainEqual(['tag', { t: 'string', v: tag }]);
      expect(tx?.elapsedMs).toBeGreaterThanOrEqual(0);
      txId = tx?.transactionId ?? '';
      return true;
    });
    const r = await t.router.call('neo4j.transactions.terminate', { connectionId: id, ids: [txId] });
    expect(r.terminated).toEqual([{ transactionId: txId, message: 'Transaction terminated.' }]);
    expect(await running).toMatch(/Terminated/);
    await session.close();
    const { transactions } = await t.router.call('neo4j.transactions.list', { connectionId: id });
    expect(transactions.some((x) => x.transactionId === txId)).toBe(false);
  });
});
