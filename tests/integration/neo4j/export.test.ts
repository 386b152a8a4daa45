/**
 * neo4j.query.export against the local Neo4j: records to a JSON array and to
 * CSV through the generic exporter (exact 64-bit integers, nodes with their
 * ids, labels and properties), and a writing query refused (an export runs
 * the query again, in a READ transaction) with nothing written.
 */
import { readFile } from 'node:fs/promises';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportEvent } from '../../../src/shared/contract/exports';
import neo4jServer from '../../stack/servers/neo4j.js';
import { startTestCore, type TestCore } from '../../support/core';
import { requireServer, uniqueName } from '../helpers/servers';
import { failure } from './run';

const label = `SdExp_${uniqueName('e').replace(/-/g, '_')}`;
const driver = neo4j.driver('bolt://127.0.0.1:7687', { scheme: 'none', credentials: '' });
let t: TestCore;
let id: string;

beforeAll(async () => {
  await requireServer(neo4jServer);
  t = await startTestCore();
  id = (await t.connect('neo4j')).id;
  await driver.executeQuery(
    `UNWIND range(1, 3) AS i CREATE (:${label} {i: i, big: 9007199254740993, at: date('2024-02-29')})`,
  );
});
afterAll(async () => {
  await driver.executeQuery(`MATCH (n:${label}) DETACH DELETE n`).catch(() => undefined);
  await driver.close();
  await t?.close();
});

async function exportOf(
  input: Parameters<TestCore['router']['subscribe']>[1],
): Promise<Extract<ExportEvent, { type: 'done' }>> {
  const events: ExportEvent[] = [];
  await t.router.subscribe('neo4j.query.export', input as never, { emit: (e) => events.push(e as ExportEvent) });
  const done = events.find((e) => e.type === 'done');
  if (!done || done.type !== 'done') throw new Error('no done event');
  return done;
}

describe('neo4j.query.export', () => {
  it('writes records as a JSON array with exact integers and nodes as objects', async () => {
    const done = await exportOf({
      connectionId: id,
      query: `MATCH (n:${label}) RETURN n.i AS i, n.big AS big, n.at AS at, n ORDER BY i`,
      format: 'json',
    });
    expect(done.rows).toBe(3);
    const text = await readFile(done.path, 'utf8');
    expect(text).toContain('"big":"9007199254740993"');
    const rows = JSON.parse(text) as { i: number; at: string; n: { labels: string[]; properties: { i: number } } }[];
    expect(rows.map((r) => r.i)).toEqual([1, 2, 3]);
    expect(rows[0]?.at).toBe('2024-02-29');
    expect(rows[2]?.n.labels).toEqual([label]);
    expect(rows[2]?.n.properties.i).toBe(3);
  });

  it('writes CSV with the column names as header', async () => {
    const done = await exportOf({
      connectionId: id,
      query: `MATCH (n:${label}) RETURN n.i AS i ORDER BY i`,
      format: 'csv',
    });
    expect((await readFile(done.path, 'utf8')).trim().split(/\r?\n/)).toEqual(['i', '1', '2', '3']);
  });

  it('refuses a query that writes, and nothing is written', async () => {
    const e = await failure(
      exportOf({ connectionId: id, query: `CREATE (n:${label} {i: 99}) RETURN n`, format: 'json' }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('cannot be exported');
    const r = await driver.executeQuery(`MATCH (n:${label}) RETURN count(n) AS c`);
    expect((r.records[0]?.get('c') as { toNumber(): number }).toNumber()).toBe(3);
  });
});
