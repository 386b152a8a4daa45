import { describe, expect, it } from 'vitest';
import { splitStatements } from '../../../src/core/cassandra/cql/lexer';
import { renameKeyspace } from '../../../src/core/cassandra/dump';

const rename = (cql: string, from: string, to: string): string[] =>
  splitStatements(cql).map((s) => renameKeyspace(s, from, to));

describe('renameKeyspace', () => {
  it('renames the keyspace where it is a keyspace, never a column, string or other name', () => {
    const ddl = [
      "CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'} AND durable_writes = true;",
      'CREATE TYPE shop.addr (shop text, street text);',
      "CREATE TABLE shop.orders (id int PRIMARY KEY, shop text, a frozen<shop.addr>) WITH comment = 'shop.orders';",
      'CREATE INDEX orders_shop_idx ON shop.orders (shop);',
    ].join('\n');
    expect(rename(ddl, 'shop', 'Shop2')).toEqual([
      "CREATE KEYSPACE \"Shop2\" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'} AND durable_writes = true;",
      'CREATE TYPE "Shop2".addr (shop text, street text);',
      'CREATE TABLE "Shop2".orders (id int PRIMARY KEY, shop text, a frozen<"Shop2".addr>) WITH comment = \'shop.orders\';',
      'CREATE INDEX orders_shop_idx ON "Shop2".orders (shop);',
    ]);
  });

  it('matches quoted keyspace names by their exact case', () => {
    expect(
      rename('CREATE TABLE "Ks".t (k int PRIMARY KEY); CREATE TABLE ks.t (k int PRIMARY KEY);', 'Ks', 'copy'),
    ).toEqual(['CREATE TABLE copy.t (k int PRIMARY KEY);', 'CREATE TABLE ks.t (k int PRIMARY KEY);']);
  });
});
