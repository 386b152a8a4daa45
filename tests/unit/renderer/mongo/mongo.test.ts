import { describe, expect, it } from 'vitest';
import * as BSON from 'bson';
import type { DocValue } from '../../../../src/shared/docValue';
import {
  asPython,
  pipelineText,
  splitPipeline,
  stageTemplate,
} from '../../../../src/renderer/src/features/mongo/aggregate/pipelineText';
import { tableOf } from '../../../../src/renderer/src/features/mongo/documents/DocumentResults';
import { EMPTY_QUERY, fromHistoryText, historyText } from '../../../../src/renderer/src/features/mongo/documents/query';
import { canonicalText, editableText, lineDiff } from '../../../../src/renderer/src/features/mongo/ejsonEdit';
import { parseCollectionResource } from '../../../../src/renderer/src/features/mongo/resourceIds';

/** The DocValue of a parsed EJSON value: the typed view core builds (src/core/mongo/bson.ts), for the types used here. */
function toDocValue(v: unknown): DocValue {
  if (v instanceof BSON.Int32) return { t: 'int', v: String(v.value) };
  if (v instanceof BSON.Double) return { t: 'double', v: Number.isInteger(v.value) ? `${v.value}.0` : String(v.value) };
  if (v instanceof BSON.Long) return { t: 'long', v: v.toString() };
  if (v instanceof BSON.ObjectId) return { t: 'objectId', v: v.toHexString() };
  if (v instanceof BSON.UUID) return { t: 'uuid', v: v.toHexString(true) };
  if (v instanceof Date) return { t: 'date', v: v.toISOString() };
  if (Array.isArray(v)) return { t: 'array', v: v.map(toDocValue) };
  if (typeof v === 'object' && v !== null)
    return { t: 'object', v: Object.entries(v).map(([k, x]) => [k, toDocValue(x)] as [string, DocValue]) };
  if (typeof v === 'number') return Number.isInteger(v) ? { t: 'int', v: String(v) } : { t: 'double', v: String(v) };
  return { t: 'string', v: String(v) };
}

describe('editable document text', () => {
  it('reads back (as core parses it) to the same BSON types', () => {
    const doc = {
      i: new BSON.Int32(5),
      d: new BSON.Double(5),
      f: new BSON.Double(1.25),
      l: BSON.Long.fromString('9007199254740993'),
      small: BSON.Long.fromNumber(3),
      at: new Date('2026-01-02T03:04:05.678Z'),
      id: new BSON.ObjectId('64b7f0c2a1b2c3d4e5f60718'),
      u: new BSON.UUID('0f8fad5b-d9cb-469f-a165-70867728950e'),
      nested: [{ x: new BSON.Int32(1) }],
    };
    const text = editableText(toDocValue(doc));
    const back = BSON.EJSON.parse(text, { relaxed: false }) as Record<string, unknown>;
    expect(toDocValue(back)).toEqual(toDocValue(doc));
    expect(text).toContain('"i": 5');
    expect(text).toContain('"$numberDouble": "5.0"');
    expect(text).toContain('"f": 1.25');
    // Canonical text is lossless too (what the guarded replace compares against).
    expect(toDocValue(BSON.EJSON.parse(canonicalText(toDocValue(doc)), { relaxed: false }))).toEqual(toDocValue(doc));
  });

  it('diffs lines', () => {
    expect(lineDiff('a\nb\nc', 'a\nB\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'del', text: 'b' },
      { kind: 'add', text: 'B' },
      { kind: 'same', text: 'c' },
    ]);
  });
});

describe('query text in History', () => {
  it('is the filter alone when nothing else is set, else JSON of the parts; both read back', () => {
    const q = { ...EMPTY_QUERY, filter: '{ a: 1 }' };
    expect(historyText(q)).toBe('{ a: 1 }');
    expect(fromHistoryText('{ a: 1 }')).toEqual(q);
    const full = { ...q, sort: '{ b: -1 }', limit: 5 };
    expect(fromHistoryText(historyText(full))).toEqual(full);
    expect(fromHistoryText('{}')).toEqual(EMPTY_QUERY);
  });
});

describe('pipeline text', () => {
  it('joins enabled stages and splits them back, strings with brackets included', () => {
    const stages = [
      { id: 1, text: '{ $match: { s: "a,]}" } }', enabled: true },
      { id: 2, text: '{ $limit: 1 }', enabled: false },
      { id: 3, text: '{ $project: { a: 1 } }', enabled: true },
    ];
    const text = pipelineText(stages);
    expect(splitPipeline(text)).toEqual(['{ $match: { s: "a,]}" } }', '{ $project: { a: 1 } }']);
    expect(splitPipeline(pipelineText(stages, false))).toHaveLength(3);
    expect(splitPipeline('{ }')).toBeNull();
  });

  it('offers each stage with its syntax, and exports Python with quoted keys and Python literals', () => {
    expect(stageTemplate('$limit')).toContain('$limit:');
    expect(asPython('db', 'c', '[{ $match: { ok: true, v: null, s: "a: true" } }]')).toContain(
      '[{ "$match": { "ok": True, "v": None, "s": "a: true" } }]',
    );
  });
});

describe('table view and resource ids', () => {
  it('takes top-level fields as columns in first-seen order, missing cells undefined', () => {
    const t = tableOf([toDocValue({ a: 1, b: 2 }), toDocValue({ c: 3, a: 4 })]);
    expect(t.columns.map((c) => c.key)).toEqual(['a', 'b', 'c']);
    expect(t.rows[1]![1]).toBeUndefined();
  });

  it('splits a collection tab id at the first slash (collection names may hold one)', () => {
    expect(parseCollectionResource('coll:shop/a/b')).toEqual({ db: 'shop', collection: 'a/b' });
    expect(parseCollectionResource('coll:shop/')).toBeNull();
    expect(parseCollectionResource('databases')).toBeNull();
  });
});
