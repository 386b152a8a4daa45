/**
 * The query bar's parsing and checks: shell syntax in, BSON out, and a clear
 * INVALID_INPUT (part, position or path) for each kind of bad input.
 */
import { BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { parseQuery, parseUpdateText } from '../../../src/core/mongo/query';
import { QueryText } from '../../../src/shared/contract/mongo/documents';
import { StackdeckError } from '../../../src/shared/errors';

const q = (over: Partial<Record<keyof QueryText, unknown>>) => parseQuery(QueryText.parse(over));

function failure(run: () => unknown): StackdeckError {
  try {
    run();
  } catch (err) {
    if (err instanceof StackdeckError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('parseQuery', () => {
  it('parses shell syntax with typed values', () => {
    const r = q({
      filter:
        '{ status: "A", qty: { $lt: 30 }, _id: ObjectId("5f1d7a3b2c9a4e0012345678"), n: NumberLong("12"), name: /ab+c/i }',
      project: '{ status: 1, _id: 0 }',
      sort: '{ qty: -1 }',
      hint: 'qty_1',
      skip: 5,
      limit: 10,
    });
    expect(r.filter.status).toBe('A');
    expect(r.filter.qty).toEqual({ $lt: 30 });
    expect((r.filter._id as BSON.ObjectId).toHexString()).toBe('5f1d7a3b2c9a4e0012345678');
    expect((r.filter.n as BSON.Long)._bsontype).toBe('Long');
    expect(r.filter.name).toBeInstanceOf(BSON.BSONRegExp);
    expect((r.filter.name as BSON.BSONRegExp).options).toBe('i');
    expect(r.project).toEqual({ status: 1, _id: 0 });
    expect(r.sort).toEqual({ qty: -1 });
    expect(r.hint).toBe('qty_1');
    expect(r.skip).toBe(5);
  });

  it('empty parts mean no filter/projection/sort', () => {
    const r = q({});
    expect(r.filter).toEqual({});
    expect(r.project).toBeNull();
    expect(r.sort).toBeNull();
  });

  it('reports a syntax error with its position', () => {
    const e = failure(() => q({ filter: '{ a: 1 }}' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.detail).toMatchObject({ part: 'filter', offset: 8, line: 1, column: 9 });
    expect(e.message).toContain('line 1, column 9');
    const multi = failure(() => q({ filter: '{\n  a: 1,\n  b: ,\n}' }));
    expect(multi.detail).toMatchObject({ line: 3, column: 6 });
  });

  it('refuses code instead of data (the parser answers an empty result)', () => {
    const e = failure(() => q({ filter: 'this.constructor.constructor("return process")()' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('not a document');
  });

  it('names unknown operators with their path', () => {
    expect(failure(() => q({ filter: '{ qty: { $lesser: 3 } }' })).detail).toMatchObject({ path: 'qty.$lesser' });
    expect(failure(() => q({ filter: '{ $foo: 1 }' })).message).toContain('$foo');
    expect(failure(() => q({ filter: '{ $or: [ { a: { $gtx: 1 } } ] }' })).detail).toMatchObject({
      path: '$or[0].a.$gtx',
    });
    expect(failure(() => q({ filter: '{ $lt: 1 }' })).message).toContain('goes under a field');
  });

  it('refuses a projection that mixes inclusion and exclusion, but allows _id: 0', () => {
    const e = failure(() => q({ project: '{ a: 1, b: 0 }' }));
    expect(e.detail).toMatchObject({ part: 'project' });
    expect(e.message).toContain('mixes inclusion (a) and exclusion (b)');
    expect(q({ project: '{ a: 1, _id: 0 }' }).project).toEqual({ a: 1, _id: 0 });
  });

  it('points at a bad ObjectId', () => {
    const e = failure(() => q({ filter: '{ x: 1, _id: ObjectId("zz") }' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('ObjectId("zz")');
    expect(e.detail).toMatchObject({ part: 'filter', offset: 13, column: 14 });
  });

  it('refuses an invalid regex in $regex or a literal, accepts PCRE-style inline flags', () => {
    expect(failure(() => q({ filter: '{ a: { $regex: "(" } }' })).detail).toMatchObject({ path: 'a.$regex' });
    expect(failure(() => q({ filter: '{ a: { $regex: "[a-" } }' })).code).toBe('INVALID_INPUT');
    expect(q({ filter: '{ a: { $regex: "(?i)abc" } }' }).filter).toEqual({ a: { $regex: '(?i)abc' } });
  });

  it('checks sort directions and collation', () => {
    expect(failure(() => q({ sort: '{ a: 2 }' })).detail).toMatchObject({ part: 'sort', path: 'a' });
    expect(failure(() => q({ collation: '{ strength: 2 }' })).detail).toMatchObject({ part: 'collation' });
    expect(q({ collation: '{ locale: "en", strength: 2 }' }).collation).toEqual({ locale: 'en', strength: 2 });
  });
});

describe('parseUpdateText', () => {
  it('accepts operator documents and pipelines, refuses plain documents', () => {
    expect(parseUpdateText('{ $set: { a: 1 } }')).toEqual({ $set: { a: 1 } });
    expect(parseUpdateText('[ { $set: { a: 1 } } ]')).toEqual([{ $set: { a: 1 } }]);
    expect(failure(() => parseUpdateText('{ a: 1 }')).message).toContain('not an update operator');
  });
});
