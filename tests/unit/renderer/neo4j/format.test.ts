import { describe, expect, it } from 'vitest';
import type { GraphNode, GraphRel, Neo4jValue } from '../../../../src/shared/contract/neo4j/values';
import { cellText, cypherText, tableText, toDocValue } from '../../../../src/renderer/src/features/neo4j/format';
import {
  paramFromValue,
  paramText,
  panelValue,
  parseParamCommand,
} from '../../../../src/renderer/src/features/neo4j/params';

const a: GraphNode = { t: 'node', id: '4:x:1', labels: ['Person'], props: [['name', { t: 'string', v: 'Ann' }]] };
const b: GraphNode = { t: 'node', id: '4:x:2', labels: ['Person', 'Admin'], props: [] };
const r: GraphRel = { t: 'rel', id: '5:x:1', type: 'KNOWS', start: '4:x:2', end: '4:x:1', props: [] };

describe('cypherText', () => {
  it('prints values as cypher-shell does', () => {
    expect(cypherText({ t: 'string', v: 'a "q"' })).toBe('"a \\"q\\""');
    expect(cypherText({ t: 'int', v: '9223372036854775807' })).toBe('9223372036854775807');
    expect(cypherText({ t: 'null' })).toBe('NULL');
    expect(cypherText(a)).toBe('(:Person {name: "Ann"})');
    expect(cypherText({ t: 'object', v: [['my key', { t: 'bool', v: true }]] })).toBe('{`my key`: TRUE}');
  });
  it('prints a path with the direction of each relationship', () => {
    // a <-[:KNOWS]- b: the relationship starts at b.
    expect(cypherText({ t: 'path', nodes: [a, b], rels: [r] })).toBe(
      '(:Person {name: "Ann"})<-[:KNOWS]-(:Person:Admin)',
    );
    expect(cypherText({ t: 'path', nodes: [b, a], rels: [r] })).toBe(
      '(:Person:Admin)-[:KNOWS]->(:Person {name: "Ann"})',
    );
  });
  it('cuts long cells', () => {
    expect(cellText({ t: 'string', v: 'x'.repeat(500) }, 10)).toBe(`${'x'.repeat(10)}…`);
  });
  it('draws the cypher-shell table', () => {
    const rows: Neo4jValue[][] = [
      [
        { t: 'int', v: '1' },
        { t: 'string', v: 'ab' },
      ],
    ];
    expect(tableText(['n', 'name'], rows)).toBe(
      ['+----------+', '| n | name |', '+----------+', '| 1 | "ab" |', '+----------+'].join('\n'),
    );
  });
  it('turns graph entities into documents', () => {
    expect(toDocValue(r)).toEqual({
      t: 'object',
      v: [
        ['elementId', { t: 'string', v: '5:x:1' }],
        ['type', { t: 'string', v: 'KNOWS' }],
        ['startNodeElementId', { t: 'string', v: '4:x:2' }],
        ['endNodeElementId', { t: 'string', v: '4:x:1' }],
        ['properties', { t: 'object', v: [] }],
      ],
    });
  });
});

describe(':param commands', () => {
  it('parses set, list, clear and refuses the rest', () => {
    expect(parseParamCommand(':param x => {a: [1, 2]}')).toEqual({ kind: 'set', name: 'x', expr: '{a: [1, 2]}' });
    expect(parseParamCommand(' :params ')).toEqual({ kind: 'list' });
    expect(parseParamCommand(':params clear')).toEqual({ kind: 'clear' });
    expect(parseParamCommand(':param 1x => 2')).toMatchObject({ kind: 'invalid' });
    expect(parseParamCommand(':play movies')).toMatchObject({ kind: 'invalid' });
    expect(parseParamCommand('MATCH (n) RETURN n')).toBeNull();
  });
  it('keeps the server-evaluated value typed', () => {
    expect(paramFromValue({ t: 'int', v: '9007199254740993' })).toEqual({ t: 'int', v: '9007199254740993' });
    expect(paramFromValue({ t: 'other', type: 'Point', v: 'point({srid:4326, x:1.5, y:2.0})' })).toEqual({
      t: 'Point',
      srid: 4326,
      x: 1.5,
      y: 2,
    });
    expect(paramFromValue({ t: 'other', type: 'DateTime', v: '2024-01-01T00:00:00Z' })).toEqual({
      t: 'DateTime',
      v: '2024-01-01T00:00:00Z',
    });
    expect(() => paramFromValue(a)).toThrow(/cannot be parameters/);
    expect(
      paramText({
        t: 'list',
        v: [
          { t: 'float', v: 2 },
          { t: 'string', v: 'x' },
        ],
      }),
    ).toBe('[2.0, "x"]');
  });
  it('checks panel values by type', () => {
    expect(panelValue('int', '12')).toEqual({ value: { t: 'int', v: '12' } });
    expect(panelValue('int', '1.2')).toHaveProperty('error');
    expect(panelValue('bool', 'yes')).toHaveProperty('error');
    expect(panelValue('Point', '12.5, 55')).toEqual({ value: { t: 'Point', srid: 4326, x: 12.5, y: 55 } });
    expect(panelValue('map', '{a: 1}')).toEqual({ expr: '{a: 1}' });
    expect(panelValue('Date', '2024-01-01')).toEqual({ value: { t: 'Date', v: '2024-01-01' } });
  });
});
