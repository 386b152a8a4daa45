/**
 * Round trip against the local-stack Neo4j (tests/stack/servers/neo4j.ts):
 * write nodes and a relationship over Bolt, read them back, clean up. Every
 * node carries the test's label and a per-run id, so the test never touches
 * other data (a fixed label rather than a per-run one, because Neo4j never
 * forgets a label name once used). Needs
 * `npm run stack:up`; an unreachable server fails the file with a message
 * naming it, it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import type { Driver, Integer, Node, Relationship } from 'neo4j-driver';
import { NEO4J_URL } from '../../stack/servers/neo4j.js';

const runId = randomBytes(6).toString('hex');
/** Labels cannot be query parameters; this constant is spliced into the Cypher text. */
const label = 'StackdeckStackIt';

let driver: Driver | undefined;
/**
 * Why connecting failed. Kept and rethrown by every test instead of failing
 * in beforeAll, where vitest would report the tests as skipped, not failed.
 */
let setupError: Error | undefined;

function connected(): Driver {
  if (setupError !== undefined) throw setupError;
  if (driver === undefined) throw new Error('Neo4j driver not connected');
  return driver;
}

beforeAll(async () => {
  // Auth is off on the local stack: no token, the driver sends scheme "none".
  const d = neo4j.driver(NEO4J_URL, undefined, { connectionTimeout: 5_000, connectionAcquisitionTimeout: 10_000 });
  try {
    await d.getServerInfo();
  } catch (err) {
    await d.close().catch(() => undefined);
    setupError = new Error(
      `Neo4j is not reachable at ${NEO4J_URL} (start the local stack: npm run stack:up): ` +
        (err instanceof Error ? err.message : String(err)),
    );
    return;
  }
  driver = d;
});

afterAll(async () => {
  if (driver === undefined) return;
  try {
    await driver.executeQuery(`MATCH (n:${label} {runId: $runId}) DETACH DELETE n`, { runId });
  } finally {
    await driver.close();
  }
});

describe('local stack: Neo4j', () => {
  it('reports a 5.26 version over Bolt', async () => {
    const { records } = await connected().executeQuery('CALL dbms.components() YIELD versions RETURN versions[0] AS v');
    expect(records[0]?.get('v')).toMatch(/^5\.26\.\d+$/);
  });

  it('creates nodes and a relationship, matches them back, and deletes them', async () => {
    const d = connected();
    await d.executeQuery(
      `CREATE (a:${label} {runId: $runId, name: 'alice'})-[:KNOWS {since: 2020}]->(b:${label} {runId: $runId, name: 'bob'})`,
      { runId },
    );

    const { records } = await d.executeQuery(
      `MATCH (a:${label} {runId: $runId})-[r:KNOWS]->(b:${label} {runId: $runId}) RETURN a, r, b`,
      { runId },
      { routing: neo4j.routing.READ },
    );
    expect(records).toHaveLength(1);
    const record = records[0];
    if (record === undefined) throw new Error('no record');
    const a = record.get('a') as Node;
    const r = record.get('r') as Relationship;
    const b = record.get('b') as Node;
    expect(a.labels).toEqual([label]);
    expect(a.properties.name).toBe('alice');
    expect(b.properties.name).toBe('bob');
    expect(r.type).toBe('KNOWS');
    // Integers come back as neo4j Integer (64-bit safe), not JS numbers.
    const since = r.properties.since as Integer;
    expect(neo4j.isInt(since) && since.toNumber()).toBe(2020);
    expect(r.startNodeElementId).toBe(a.elementId);
    expect(r.endNodeElementId).toBe(b.elementId);

    const deleted = await d.executeQuery(`MATCH (n:${label} {runId: $runId}) DETACH DELETE n`, { runId });
    expect(deleted.summary.counters.updates().nodesDeleted).toBe(2);
    expect(deleted.summary.counters.updates().relationshipsDeleted).toBe(1);

    const left = await d.executeQuery(`MATCH (n:${label} {runId: $runId}) RETURN count(n) AS n`, { runId });
    expect((left.records[0]?.get('n') as Integer).toNumber()).toBe(0);
  });
});
