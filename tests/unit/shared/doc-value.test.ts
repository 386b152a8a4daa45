import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  DocValueSchema,
  JsonDocError,
  base64ToBytes,
  binaryHex,
  bytesToBase64,
  displayText,
  fieldPaths,
  formatPath,
  fromJson,
  getAt,
  parseJsonDoc,
  preview,
  toExtendedJson,
  toJs,
  toJsonText,
  typeLabel,
  type DocValue,
} from '../../../src/shared/docValue';

describe('DocValue', () => {
  it('parses JSON keeping the exact text of every number', () => {
    const doc = parseJsonDoc(
      '{"id": 9007199254740993, "n": 42, "big": -2147483649, "x": 1.50, "e": 1e3, "s": "a\\"b", "u": "\\u00e9"}',
    );
    expect(doc).toEqual({
      t: 'object',
      v: [
        ['id', { t: 'long', v: '9007199254740993' }],
        ['n', { t: 'int', v: '42' }],
        ['big', { t: 'long', v: '-2147483649' }],
        ['x', { t: 'double', v: '1.50' }],
        ['e', { t: 'double', v: '1e3' }],
        ['s', { t: 'string', v: 'a"b' }],
        ['u', { t: 'string', v: 'é' }],
      ],
    });
    // JSON.parse would have rounded it to ...992.
    expect(toJsonText(getAt(doc, ['id']) as DocValue)).toBe('9007199254740993');
    expect(parseJsonDoc(' [true, false, null, [], {}] ')).toEqual({
      t: 'array',
      v: [
        { t: 'bool', v: true },
        { t: 'bool', v: false },
        { t: 'null' },
        { t: 'array', v: [] },
        { t: 'object', v: [] },
      ],
    });
  });

  it('rejects bad JSON with a position', () => {
    for (const bad of ['{', '{"a" 1}', '[1,]', '01', '"abc', '{"a":1} x', 'nul']) {
      expect(() => parseJsonDoc(bad), bad).toThrow(JsonDocError);
    }
    try {
      parseJsonDoc('{"a": ?}');
    } catch (e) {
      expect((e as JsonDocError).position).toBe(6);
    }
  });

  it('agrees with JSON.parse on ordinary documents', () => {
    const text = JSON.stringify({ a: [1, 2.5, 'x', null, true, { b: -3 }], 'c d': {}, e: '\n\t"' });
    expect(toJs(parseJsonDoc(text))).toEqual(JSON.parse(text));
    expect(JSON.parse(toJsonText(parseJsonDoc(text)))).toEqual(JSON.parse(text));
    expect(JSON.parse(toJsonText(parseJsonDoc(text), 0))).toEqual(JSON.parse(text));
  });

  it('converts JavaScript values from decoders and drivers', () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    const doc = fromJson({
      n: 1,
      f: 1.5,
      big: 12345678901234567890n,
      d: new Date('2024-01-02T03:04:05.000Z'),
      b: bytes,
      m: new Map([[1, 'one']]),
      u: undefined,
    });
    expect(getAt(doc, ['n'])).toEqual({ t: 'int', v: '1' });
    expect(getAt(doc, ['f'])).toEqual({ t: 'double', v: '1.5' });
    expect(getAt(doc, ['big'])).toEqual({ t: 'long', v: '12345678901234567890' });
    expect(getAt(doc, ['d'])).toEqual({ t: 'date', v: '2024-01-02T03:04:05.000Z' });
    expect(getAt(doc, ['b'])).toEqual({ t: 'binary', v: 'AAH+/w==', size: 4 });
    expect(getAt(doc, ['m', '1'])).toEqual({ t: 'string', v: 'one' });
    expect(getAt(doc, ['u'])).toEqual({ t: 'null' });
    expect(toJs(getAt(doc, ['big']) as DocValue)).toBe(12345678901234567890n);
  });

  it('round-trips base64 and shows binary as hex', () => {
    for (const len of [0, 1, 2, 3, 4, 5, 100]) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37) & 255);
      expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    const bin: DocValue = { t: 'binary', v: bytesToBase64(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 1])), size: 5 };
    expect(binaryHex(bin as Extract<DocValue, { t: 'binary' }>, 4)).toBe('de ad be ef …');
    expect(displayText(bin)).toBe('de ad be ef 01 (5 bytes)');
  });

  it('formats paths as CEL/JavaScript reads them', () => {
    expect(formatPath(['items', 0, 'name'], 'value')).toBe('value.items[0].name');
    expect(formatPath(['content-type'], 'headers')).toBe('headers["content-type"]');
    expect(formatPath(['a'])).toBe('a');
    expect(formatPath([])).toBe('');
  });

  it('previews in one bounded line', () => {
    const doc = parseJsonDoc('{"id": 1, "name": "a", "tags": ["x", "y"], "deep": {"a": {"b": {"c": {"d": 1}}}}}');
    expect(preview(doc)).toBe('{ id: 1, name: "a", tags: ["x", "y"], deep: { a: { b: {…} } } }');
    const long = fromJson({ text: 'z'.repeat(1000) });
    expect(preview(long, 40)).toHaveLength(41);
    expect(preview(long, 40).endsWith('…')).toBe(true);
    expect(preview({ t: 'objectId', v: '65a1' })).toBe('ObjectId(65a1)');
  });

  it('writes MongoDB Extended JSON and type labels', () => {
    expect(toExtendedJson({ t: 'long', v: '5' })).toEqual({ $numberLong: '5' });
    expect(toExtendedJson({ t: 'date', v: '1970-01-01T00:00:01.000Z' })).toEqual({ $date: { $numberLong: '1000' } });
    expect(toExtendedJson({ t: 'binary', v: 'AA==', size: 1, subtype: 4 })).toEqual({
      $binary: { base64: 'AA==', subType: '04' },
    });
    expect(typeLabel({ t: 'objectId', v: 'x' })).toBe('ObjectId');
    expect(typeLabel({ t: 'other', type: 'Timestamp', v: '1' })).toBe('Timestamp');
  });

  it('lists field paths for completion', () => {
    const doc = parseJsonDoc('{"user": {"id": 1}, "items": [{"sku": "a"}], "n": 2}');
    expect(fieldPaths(doc).map((p) => formatPath(p, 'value'))).toEqual([
      'value.user',
      'value.user.id',
      'value.items',
      'value.items[0].sku',
      'value.n',
    ]);
  });

  it('has a zod schema that accepts every variant, rejects others and converts to JSON Schema', () => {
    const all = fromJson({ a: [1, 'x', null, true, 2.5, new Date(0), new Uint8Array([1])] });
    expect(DocValueSchema.parse(all)).toEqual(all);
    expect(DocValueSchema.safeParse({ t: 'int', v: 1 }).success).toBe(false);
    expect(DocValueSchema.safeParse({ t: 'nope' }).success).toBe(false);
    expect(() => z.toJSONSchema(DocValueSchema)).not.toThrow();
  });
});

describe('one cell text for grid copy and CSV export', () => {
  it('gives the same text through core export as the shared helper, exact numbers in nested values', async () => {
    const { cellText } = await import('../../../src/shared/docValue');
    const { cellText: exportCell } = await import('../../../src/core/export/format');
    const cells = [
      { t: 'null' },
      { t: 'long', v: '9007199254740993' },
      { t: 'binary', v: 'AAE=', size: 2 },
      { t: 'object', v: [['id', { t: 'long', v: '9007199254740993' }]] },
      { t: 'string', v: '=1+1' },
    ] satisfies DocValue[];
    for (const c of cells) expect(exportCell(c)).toBe(cellText(c));
    expect(cellText(cells[3])).toBe('{"id":9007199254740993}');
    expect(exportCell({ t: 'x', v: 1 })).toBe('{"t":"x","v":1}');
  });
});
