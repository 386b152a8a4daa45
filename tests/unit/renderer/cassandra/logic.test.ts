import { describe, expect, it } from 'vitest';
import { csvHeader } from '../../../../src/renderer/src/features/cassandra/ImportDialog';
import {
  parseTableResource,
  quoteIdent,
  tableResource,
} from '../../../../src/renderer/src/features/cassandra/resources';
import { replicationText } from '../../../../src/renderer/src/features/cassandra/SchemaView';
import { micros } from '../../../../src/renderer/src/features/cassandra/TraceView';
import type { KeyspaceSummary } from '../../../../src/shared/contract/cassandra';

describe('Cassandra renderer logic', () => {
  it('round-trips table resource ids, names with dots and slashes included', () => {
    for (const [ks, t] of [
      ['shop', 'orders'],
      ['My.Ks', 'a/b "c"'],
    ] as const)
      expect(parseTableResource(tableResource(ks, t))).toEqual({ keyspace: ks, table: t });
    expect(parseTableResource('schema')).toBeNull();
    expect(parseTableResource('table:%E0%A4/x')).toBeNull();
  });

  it('quotes identifiers that CQL would fold or reject', () => {
    expect(quoteIdent('orders')).toBe('orders');
    expect(quoteIdent('Orders')).toBe('"Orders"');
    expect(quoteIdent('select')).toBe('"select"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });

  it('states replication as users read it', () => {
    const ks = (strategy: string, replication: [string, string][]): KeyspaceSummary => ({
      name: 'k',
      system: false,
      strategy,
      replication,
      durableWrites: true,
      virtual: false,
      tables: [],
      views: [],
      types: [],
      functions: [],
      aggregates: [],
      indexes: [],
    });
    expect(replicationText(ks('org.apache.cassandra.locator.SimpleStrategy', [['replication_factor', '3']]))).toBe(
      'SimpleStrategy RF 3',
    );
    expect(
      replicationText(
        ks('org.apache.cassandra.locator.NetworkTopologyStrategy', [
          ['dc1', '3'],
          ['dc2', '2'],
        ]),
      ),
    ).toBe('NetworkTopologyStrategy dc1: 3, dc2: 2');
  });

  it('reads a CSV header with quoted names, a byte order mark and CRLF', () => {
    expect(csvHeader('\ufeffid,"a, b","say ""x"""\r\n1,2,3')).toEqual(['id', 'a, b', 'say "x"']);
  });

  it('shows trace times in µs, ms or s', () => {
    expect(micros(null)).toBe('–');
    expect(micros(795)).toBe('795 µs');
    expect(micros(4_350)).toBe('4.35 ms');
    expect(micros(2_500_000)).toBe('2.50 s');
  });
});
