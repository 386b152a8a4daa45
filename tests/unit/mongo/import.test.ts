import { BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  csvDocument,
  csvSplitter,
  detectType,
  jsonArraySplitter,
  jsonLinesSplitter,
} from '../../../src/core/mongo/importParse';
import { histogram, topValues } from '../../../src/core/mongo/schema';
import { flatten } from '../../../src/core/mongo/export';

/** Feeds `text` in pieces of `size` characters, as the renderer's slices would arrive. */
function feed(split: ReturnType<typeof csvSplitter>, text: string, size: number) {
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...split.push(text.slice(i, i + size), i + size >= text.length));
  return out;
}

describe('import splitters keep records whole across chunk boundaries, with their line numbers', () => {
  it('JSON Lines', () => {
    const text = '{"a":1}\n\n{"a":2}\r\n{"a":3}';
    for (const size of [1, 3, 100])
      expect(feed(jsonLinesSplitter(), text, size)).toEqual([
        { line: 1, text: '{"a":1}' },
        { line: 3, text: '{"a":2}' },
        { line: 4, text: '{"a":3}' },
      ]);
  });

  it('a JSON array, with brackets and commas inside strings', () => {
    const text = '[\n {"s": "a,]}"},\n {"b": [1, {"c": 2}]}\n]\n';
    for (const size of [1, 5, 100]) {
      const recs = feed(jsonArraySplitter(), text, size);
      expect(recs.map((r) => r.line)).toEqual([2, 3]);
      expect(JSON.parse(recs[0]!.text!)).toEqual({ s: 'a,]}' });
    }
    expect(() => feed(jsonArraySplitter(), '{"a": 1}', 100)).toThrow(/array/);
  });

  it('CSV with quotes, doubled quotes and newlines inside quotes', () => {
    const text = 'a,b\n"x, y","say ""hi"""\n"multi\nline",2\n';
    for (const size of [1, 4, 100])
      expect(feed(csvSplitter(), text, size)).toEqual([
        { line: 1, cells: ['a', 'b'] },
        { line: 2, cells: ['x, y', 'say "hi"'] },
        { line: 3, cells: ['multi\nline', '2'] },
      ]);
  });
});

describe('CSV typing', () => {
  it('detects what a reader expects and honours a chosen type', () => {
    expect(['12', '3000000000', '1.5', 'true', '2026-01-02', 'abc', '99999999999999999999'].map(detectType)).toEqual([
      'int',
      'long',
      'double',
      'boolean',
      'date',
      'string',
      'string',
    ]);
    const doc = csvDocument(['n', 'big', 'd', 'addr.city', 'empty'], ['7', '3000000000', '2.0', 'Oslo', ''], {
      d: 'double',
    });
    expect((doc.n as { _bsontype: string })._bsontype).toBe('Int32');
    expect(doc.big).toBeInstanceOf(BSON.Long);
    expect((doc.d as { _bsontype: string })._bsontype).toBe('Double');
    expect(doc.addr).toEqual({ city: 'Oslo' });
    expect('empty' in doc).toBe(false);
    expect(() => csvDocument(['n'], ['x'], { n: 'int' })).toThrow(/column n: "x" is not a 32-bit integer/);
  });
});

describe('schema charts and export flattening', () => {
  it('histograms count every value into equal bins; top values are sorted by count', () => {
    const h = histogram('Int32', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false);
    expect(h?.kind === 'histogram' && h.bins.reduce((a, b) => a + b.count, 0)).toBe(11);
    expect(h?.kind === 'histogram' && [h.min, h.max]).toEqual(['0', '10']);
    expect(topValues('String', ['b', 'a', 'b'])).toMatchObject({
      distinct: 2,
      values: [
        { value: 'b', count: 2 },
        { value: 'a', count: 1 },
      ],
    });
  });

  it('flattens nested documents with dots, keeping arrays and BSON values whole', () => {
    const id = new BSON.ObjectId();
    expect(flatten({ _id: id, a: { b: { c: 1 } }, t: [1, 2], e: {} })).toEqual({
      _id: id,
      'a.b.c': 1,
      t: [1, 2],
      e: {},
    });
  });
});
