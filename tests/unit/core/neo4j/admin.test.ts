import { describe, expect, it } from 'vitest';
import { constraintStatement, dropStatement, indexStatement } from '../../../../src/core/neo4j/admin';
import { exportCell } from '../../../../src/core/neo4j/export';
import { IndexCreateInput, ConstraintCreateInput } from '../../../../src/shared/contract/neo4j/schema';

const idx = (i: unknown) => indexStatement(IndexCreateInput.parse(i));
const con = (c: unknown) => constraintStatement(ConstraintCreateInput.parse(c));

describe('schema statements', () => {
  it('builds index statements with every name backtick-quoted', () => {
    expect(
      idx({ connectionId: 'c', kind: 'RANGE', entity: 'node', labelsOrTypes: ['Person'], properties: ['name', 'age'] }),
    ).toBe('CREATE RANGE INDEX IF NOT EXISTS FOR (e:`Person`) ON (e.`name`, e.`age`)');
    expect(
      idx({
        connectionId: 'c',
        name: 'rel_t',
        kind: 'TEXT',
        entity: 'relationship',
        labelsOrTypes: ['KNOWS'],
        properties: ['note'],
      }),
    ).toBe('CREATE TEXT INDEX `rel_t` IF NOT EXISTS FOR ()-[e:`KNOWS`]-() ON (e.`note`)');
    expect(
      idx({ connectionId: 'c', kind: 'FULLTEXT', entity: 'node', labelsOrTypes: ['A', 'B'], properties: ['t'] }),
    ).toBe('CREATE FULLTEXT INDEX IF NOT EXISTS FOR (e:`A`|`B`) ON EACH [e.`t`]');
  });

  it('doubles backticks so a name cannot end the quoting', () => {
    expect(dropStatement('index', 'x` ON (n) DETACH DELETE n //')).toBe('DROP INDEX `x`` ON (n) DETACH DELETE n //`');
  });

  it('refuses shapes the server would reject, before sending', () => {
    expect(() =>
      idx({ connectionId: 'c', kind: 'POINT', entity: 'node', labelsOrTypes: ['A'], properties: ['a', 'b'] }),
    ).toThrow(/one property/);
    expect(() =>
      con({ connectionId: 'c', kind: 'NOT NULL', entity: 'node', labelOrType: 'A', properties: ['a', 'b'] }),
    ).toThrow(/one property/);
  });

  it('builds constraint statements', () => {
    expect(con({ connectionId: 'c', kind: 'UNIQUE', entity: 'node', labelOrType: 'P', properties: ['email'] })).toBe(
      'CREATE CONSTRAINT IF NOT EXISTS FOR (e:`P`) REQUIRE e.`email` IS UNIQUE',
    );
    expect(
      con({
        connectionId: 'c',
        name: 'k',
        kind: 'KEY',
        entity: 'relationship',
        labelOrType: 'R',
        properties: ['a', 'b'],
      }),
    ).toBe('CREATE CONSTRAINT `k` IF NOT EXISTS FOR ()-[e:`R`]-() REQUIRE (e.`a`, e.`b`) IS RELATIONSHIP KEY');
  });
});

describe('export cells', () => {
  it('keeps integers exact and graph entities as objects', () => {
    expect(exportCell({ t: 'int', v: '9007199254740993' })).toBe(9007199254740993n);
    expect(exportCell({ t: 'node', id: 'n1', labels: ['A'], props: [['x', { t: 'double', v: '1.5' }]] })).toEqual({
      elementId: 'n1',
      labels: ['A'],
      properties: { x: 1.5 },
    });
  });
});
