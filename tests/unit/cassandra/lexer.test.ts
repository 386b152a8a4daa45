import { describe, expect, it } from 'vitest';
import { isReadStatement, lex, splitStatements, statementAt } from '../../../src/core/cassandra/cql/lexer';
import { planStatements } from '../../../src/core/cassandra/cql/run';
import { complete, diagnose } from '../../../src/core/cassandra/cql/complete';

const kinds = (text: string): string[] => splitStatements(text).map((s) => s.kind);
const texts = (text: string): string[] => splitStatements(text).map((s) => s.text);

describe('CQL lexer', () => {
  it("keeps '' escapes, $$ strings, quoted identifiers and comments as single tokens", () => {
    const toks = lex(`SELECT 'it''s; fine', $$a;b$$, "We""ird;" FROM t -- x;y\n// z;\n/* ; */;`)
      .filter((t) => t.type !== 'ws')
      .map((t) => [t.type, t.text]);
    expect(toks).toEqual([
      ['ident', 'SELECT'],
      ['string', "'it''s; fine'"],
      ['punct', ','],
      ['dollarString', '$$a;b$$'],
      ['punct', ','],
      ['quotedIdent', '"We""ird;"'],
      ['ident', 'FROM'],
      ['ident', 't'],
      ['comment', '-- x;y'],
      ['comment', '// z;'],
      ['comment', '/* ; */'],
      ['semicolon', ';'],
    ]);
  });

  it('lexes uuids, blobs, negative and exponent numbers and named parameters', () => {
    const toks = lex(`x = 123e4567-e89b-12d3-a456-426614174000 AND b = 0xCAFE AND n = -1.5e-3 AND p = :name AND q = ?`)
      .filter((t) => t.type !== 'ws' && t.type !== 'ident' && t.type !== 'punct')
      .map((t) => [t.type, t.text]);
    expect(toks).toEqual([
      ['uuid', '123e4567-e89b-12d3-a456-426614174000'],
      ['blob', '0xCAFE'],
      ['number', '-1.5e-3'],
      ['param', ':name'],
      ['param', '?'],
    ]);
  });

  it('flags unterminated strings, identifiers and comments', () => {
    for (const text of ["SELECT 'abc", 'SELECT "abc', 'SELECT 1 /* no end', 'SELECT $$ x']) {
      expect(lex(text).some((t) => t.unterminated)).toBe(true);
      expect(splitStatements(text)[0]?.kind).toBe('unknown');
    }
  });
});

describe('splitting', () => {
  it('splits at top-level semicolons only', () => {
    expect(
      texts(`SELECT * FROM a WHERE k = 'x;y';  -- c;\n INSERT INTO b (k) VALUES ($$;$$);\n;; SELECT "a;b" FROM c`),
    ).toEqual([`SELECT * FROM a WHERE k = 'x;y';`, `INSERT INTO b (k) VALUES ($$;$$);`, `SELECT "a;b" FROM c`]);
  });

  it('keeps BEGIN BATCH ... APPLY BATCH as one statement', () => {
    const s = splitStatements(
      `BEGIN UNLOGGED BATCH USING TIMESTAMP 5 INSERT INTO t (k) VALUES (1); UPDATE t SET v = 2 WHERE k = 1; APPLY BATCH; SELECT * FROM t;`,
    );
    expect(s.map((x) => x.kind)).toEqual(['write', 'select']);
    expect(s[0]?.text.endsWith('APPLY BATCH;')).toBe(true);
  });

  it('finds the statement under the cursor', () => {
    const text = 'SELECT 1 FROM a;\nSELECT 2 FROM b;\nSELECT 3 FROM c';
    const all = splitStatements(text);
    expect(statementAt(all, text.indexOf('2'))?.text).toBe('SELECT 2 FROM b;');
    expect(statementAt(all, text.length)?.text).toBe('SELECT 3 FROM c');
  });
});

describe('classification and the read-only plan', () => {
  it('classifies reads, writes, schema changes and the rest, case-insensitively', () => {
    expect(
      kinds(
        'select * from t; Use ks; DESC tables; describe keyspace k; LIST ROLES; insert into t (k) values (1); ' +
          'update t set v=1 where k=1; delete from t where k=1; truncate t; create table x (k int primary key); ' +
          "alter table x add v int; drop table x; grant select on all keyspaces to r; copy t to 'f'",
      ),
    ).toEqual([
      'select',
      'use',
      'describe',
      'describe',
      'list',
      'write',
      'write',
      'write',
      'write',
      'schema',
      'schema',
      'schema',
      'other',
      'unknown',
    ]);
  });

  it('does not let comments or strings hide a write', () => {
    const hidden = [
      '/* SELECT */ INSERT INTO t (k) VALUES (1)',
      '-- SELECT\nDELETE FROM t WHERE k = 1',
      "SELECT * FROM t WHERE k = 'x'; DROP TABLE t",
      "SELECT * FROM t WHERE k = 'it''s'; DROP TABLE t",
      'SELECT * FROM t; BEGIN BATCH INSERT INTO t (k) VALUES (1); APPLY BATCH',
    ];
    for (const text of hidden) {
      expect(() => planStatements(text, true)).toThrow(expect.objectContaining({ code: 'READ_ONLY' }));
      expect(() => planStatements(text, false)).not.toThrow();
    }
  });

  it('refuses what it cannot classify on read-only, and unterminated text everywhere', () => {
    expect(() => planStatements('COPY t TO STDOUT', true)).toThrow(expect.objectContaining({ code: 'READ_ONLY' }));
    expect(() => planStatements('BEGIN BATCH SELECT * FROM t; APPLY BATCH', true)).toThrow(
      expect.objectContaining({ code: 'READ_ONLY' }),
    );
    expect(() => planStatements("SELECT * FROM t WHERE k = 'x", false)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => planStatements(' -- only a comment\n', false)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(planStatements('SELECT 1 FROM t; USE k; DESCRIBE TABLES; LIST USERS', true).map((s) => s.kind)).toEqual([
      'select',
      'use',
      'describe',
      'list',
    ]);
    expect(isReadStatement('write')).toBe(false);
  });

  it('refuses a batch that holds anything but INSERT, UPDATE and DELETE, and one without APPLY BATCH', () => {
    expect(kinds('BEGIN BATCH CREATE TABLE x (k int primary key); APPLY BATCH')).toEqual(['unknown']);
    expect(kinds('BEGIN BATCH INSERT INTO t (k) VALUES (1);')).toEqual(['unknown']);
  });
});

describe('diagnostics and completion', () => {
  it('reports unterminated strings and a missing semicolon between statements', () => {
    expect(diagnose("SELECT 'abc").map((d) => d.message)).toEqual(["Unterminated string: close it with '."]);
    expect(diagnose('SELECT * FROM a\nSELECT * FROM b;')[0]?.message).toMatch(/add ; before "SELECT"/);
    expect(diagnose('SELECT * FROM a;\nSELECT * FROM b;')).toEqual([]);
  });

  it('completes tables after FROM, tables after ks., and the columns of the statement’s table', async () => {
    const schema = {
      keyspaces: async () => ['shop', 'other'],
      tables: async (ks: string) => (ks === 'shop' ? ['orders', 'Users'] : ['x']),
      columns: async (_ks: string, table: string) =>
        table === 'orders' ? [{ name: 'order_id', type: 'uuid', kind: 'partition_key' }] : [],
    };
    const labels = async (text: string, ks: string | null = 'shop'): Promise<string[]> =>
      ((await complete(text, text.length, ks, schema))?.options ?? []).map((o) => o.label);
    expect(await labels('SELECT * FROM ')).toEqual(expect.arrayContaining(['orders', '"Users"', 'shop', 'other']));
    expect(await labels('SELECT * FROM other.')).toEqual(['x']);
    const text = 'SELECT  FROM orders';
    const res = await complete(text, 7, 'shop', schema);
    expect(res?.options.map((o) => o.label)).toContain('order_id');
    expect(await labels('SELECT * FROM orders WHERE o')).toContain('order_id');
    expect(await labels("SELECT 'o")).toEqual([]);
  });
});
