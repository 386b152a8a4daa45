import { describe, expect, it } from 'vitest';
import {
  alterKeyspaceCql,
  alterTableCql,
  createKeyspaceCql,
  createTableCql,
  dropCql,
  tableProblems,
  type TableForm,
} from '../../../../src/renderer/src/features/cassandra/ddl';

const table = (over: Partial<TableForm> = {}): TableForm => ({
  keyspace: 'shop',
  name: 'orders',
  columns: [
    { name: 'customer', type: 'uuid', role: 'partition', order: 'ASC' },
    { name: 'day', type: 'date', role: 'partition', order: 'ASC' },
    { name: 'at', type: 'timestamp', role: 'clustering', order: 'DESC' },
    { name: 'Total', type: 'decimal', role: 'regular', order: 'ASC' },
    { name: '', type: 'text', role: 'regular', order: 'ASC' },
  ],
  comment: "it's mine",
  defaultTtl: 0,
  ...over,
});

describe('schema form CQL', () => {
  it('creates keyspaces with either strategy, quoting names and literals', () => {
    const base = { factor: 3, datacenters: [], durableWrites: true } as const;
    expect(createKeyspaceCql({ ...base, name: 'shop', strategy: 'SimpleStrategy', datacenters: [] })).toBe(
      "CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3};",
    );
    expect(
      createKeyspaceCql({
        ...base,
        name: 'Shop',
        strategy: 'NetworkTopologyStrategy',
        datacenters: [
          { name: 'dc1', factor: 3 },
          { name: "o'dc", factor: 2 },
          { name: ' ', factor: 9 },
        ],
        durableWrites: false,
      }),
    ).toBe(
      `CREATE KEYSPACE "Shop" WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, 'o''dc': 2} AND durable_writes = false;`,
    );
    expect(alterKeyspaceCql({ ...base, name: 'shop', strategy: 'SimpleStrategy', datacenters: [] })).toContain(
      'AND durable_writes = true',
    );
  });

  it('creates a table with a composite partition key, clustering order and options', () => {
    expect(createTableCql(table())).toBe(
      [
        'CREATE TABLE shop.orders (',
        '  customer uuid,',
        '  day date,',
        '  at timestamp,',
        '  "Total" decimal,',
        '  PRIMARY KEY ((customer, day), at)',
        ')',
        'WITH CLUSTERING ORDER BY (at DESC)',
        "  AND comment = 'it''s mine';",
      ].join('\n'),
    );
    expect(tableProblems(table())).toEqual([]);
  });

  it('names what is missing before any CQL runs', () => {
    expect(
      tableProblems(table({ name: '', columns: [{ name: 'a', type: '', role: 'static', order: 'ASC' }] })),
    ).toEqual([
      'Name the table.',
      'Mark at least one column as partition key.',
      'Give a a type.',
      'Static columns need at least one clustering column.',
    ]);
  });

  it('alters and drops', () => {
    expect(alterTableCql('shop', 'orders', { kind: 'add', column: 'note', type: 'text' })).toBe(
      'ALTER TABLE shop.orders ADD note text;',
    );
    expect(alterTableCql('shop', 'orders', { kind: 'drop', column: 'Total' })).toBe(
      'ALTER TABLE shop.orders DROP "Total";',
    );
    expect(alterTableCql('shop', 'orders', { kind: 'option', option: 'gc_grace_seconds', value: '3600; DROP' })).toBe(
      'ALTER TABLE shop.orders WITH gc_grace_seconds = 0;',
    );
    expect(alterTableCql('shop', 'orders', { kind: 'option', option: 'comment', value: "a'b" })).toBe(
      "ALTER TABLE shop.orders WITH comment = 'a''b';",
    );
    expect(dropCql('table', 'shop', 'orders')).toBe('DROP TABLE shop.orders;');
    expect(dropCql('keyspace', 'Shop')).toBe('DROP KEYSPACE "Shop";');
  });
});
