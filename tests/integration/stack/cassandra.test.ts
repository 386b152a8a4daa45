/**
 * Round trip against the local-stack Cassandra (tests/stack/servers/cassandra.ts):
 * DDL, writes, and driver paging by `pageState` (the way Stackdeck pages CQL
 * results, never OFFSET). Needs `npm run stack:up`; an unreachable server
 * fails the file with a message naming it, it is never skipped.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, types } from 'cassandra-driver';
import { CASSANDRA_CONTACT_POINT, CASSANDRA_DATACENTER } from '../../stack/servers/cassandra.js';

const ROWS = 50;
const PAGE = 10;
const PARTITIONS = 5;
/** Unique per run, so parallel or aborted runs never collide; CQL identifiers are lower-case here. */
const keyspace = `stackdeck_it_${randomBytes(6).toString('hex')}`;

let client: Client | undefined;
/**
 * Why setup failed. Kept and rethrown by every test instead of failing in
 * beforeAll, where vitest would report the tests as skipped, not failed.
 */
let setupError: Error | undefined;

function connected(): Client {
  if (setupError !== undefined) throw setupError;
  if (client === undefined) throw new Error('Cassandra client not connected');
  return client;
}

beforeAll(async () => {
  const c = new Client({
    contactPoints: [CASSANDRA_CONTACT_POINT],
    localDataCenter: CASSANDRA_DATACENTER,
    socketOptions: { connectTimeout: 5_000, readTimeout: 30_000 },
  });
  try {
    await c.connect();
  } catch (err) {
    await c.shutdown().catch(() => undefined);
    setupError = new Error(
      `Cassandra is not reachable at ${CASSANDRA_CONTACT_POINT} (start the local stack: npm run stack:up): ` +
        (err instanceof Error ? err.message : String(err)),
    );
    return;
  }
  client = c;
  try {
    // DDL waits for schema agreement (trivial on one node) before resolving.
    await c.execute(
      `CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
    await c.execute(`CREATE TABLE ${keyspace}.items (bucket int, seq int, label text, PRIMARY KEY ((bucket), seq))`);
  } catch (err) {
    setupError = new Error(
      `Cassandra: creating the test keyspace failed: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
});

afterAll(async () => {
  if (client === undefined) return;
  try {
    await client.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`);
  } finally {
    await client.shutdown();
  }
});

describe('local stack: Cassandra', () => {
  it('reports its version and data centre over CQL', async () => {
    const rs = await connected().execute('SELECT release_version, data_center FROM system.local');
    const row = rs.first();
    expect(String(row.get('release_version'))).toMatch(/^5\.0\.\d+$/);
    expect(row.get('data_center')).toBe(CASSANDRA_DATACENTER);
  });

  it(`writes ${ROWS} rows and pages them back ${PAGE} at a time with pageState`, async () => {
    const c = connected();
    const insert = `INSERT INTO ${keyspace}.items (bucket, seq, label) VALUES (?, ?, ?)`;
    await Promise.all(
      Array.from({ length: ROWS }, (_, i) => c.execute(insert, [i % PARTITIONS, i, `item-${i}`], { prepare: true })),
    );

    const seen = new Map<number, string>();
    const pageSizes: number[] = [];
    let pageState: string | undefined;
    // Bounded: a paging bug must fail the test, not loop forever.
    for (let round = 0; round < ROWS; round++) {
      const rs: types.ResultSet = await c.execute(`SELECT bucket, seq, label FROM ${keyspace}.items`, [], {
        prepare: true,
        fetchSize: PAGE,
        pageState,
      });
      pageSizes.push(rs.rows.length);
      for (const row of rs.rows) {
        const seq = row.get('seq') as number;
        expect(seen.has(seq), `row ${seq} returned twice`).toBe(false);
        expect(row.get('bucket')).toBe(seq % PARTITIONS);
        seen.set(seq, row.get('label') as string);
      }
      pageState = rs.pageState ?? undefined;
      if (pageState === undefined) break;
    }

    expect(pageState, 'paging did not finish').toBeUndefined();
    expect(pageSizes.every((n) => n <= PAGE)).toBe(true);
    // 50 rows in pages of 10: five full pages, then possibly an empty last one
    // (the server cannot know a page is the last before reading past it).
    expect(pageSizes.filter((n) => n > 0).length).toBe(ROWS / PAGE);
    expect(seen.size).toBe(ROWS);
    for (let i = 0; i < ROWS; i++) expect(seen.get(i)).toBe(`item-${i}`);
  });

  it('reads one partition in clustering order across pages', async () => {
    const c = connected();
    const bucket = 3;
    const seqs: number[] = [];
    let pageState: string | undefined;
    for (let round = 0; round < ROWS; round++) {
      const rs: types.ResultSet = await c.execute(`SELECT seq FROM ${keyspace}.items WHERE bucket = ?`, [bucket], {
        prepare: true,
        fetchSize: 4,
        pageState,
      });
      seqs.push(...rs.rows.map((r) => r.get('seq') as number));
      pageState = rs.pageState ?? undefined;
      if (pageState === undefined) break;
    }
    const expected = Array.from({ length: ROWS / PARTITIONS }, (_, i) => i * PARTITIONS + bucket);
    expect(seqs).toEqual(expected);
  });
});
