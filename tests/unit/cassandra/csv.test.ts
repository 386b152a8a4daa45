import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/cassandra/csv';

describe('readCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and knows each record’s line', () => {
    const text = 'a,b,c\r\n1,"x, y","he said ""hi"""\n2,"two\nlines",\n\n3,plain,z';
    expect([...readCsv(text)]).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'he said "hi"'] },
      { line: 3, fields: ['2', 'two\nlines', ''] },
      { line: 6, fields: ['3', 'plain', 'z'] },
    ]);
  });

  it('skips a byte order mark and flags an unclosed quote', () => {
    const rows = [...readCsv('\ufeffk,v\n1,"open\n2,x\n')];
    expect(rows[0]).toEqual({ line: 1, fields: ['k', 'v'] });
    expect(rows[1]).toMatchObject({ line: 2, unterminated: true });
    expect(rows).toHaveLength(2);
  });
});
