import { describe, expect, it } from 'vitest';
import { describeIndex, parseKeys } from '../../../src/core/mongo/indexes';
import { StackdeckError } from '../../../src/shared/errors';

describe('index descriptions (shapes a real MongoDB returns; FerretDB cannot create most of them)', () => {
  it('classifies single, compound, text, 2dsphere, hashed and wildcard, with TTL, partial, unique, sparse and hidden', () => {
    expect(
      describeIndex({ name: 'a_1', key: { a: 1 } }, 4096, { ops: 7, since: '2026-01-01T00:00:00.000Z' }),
    ).toMatchObject({
      type: 'single',
      keys: '{ a: 1 }',
      size: 4096,
      usage: 7,
    });
    expect(
      describeIndex({ name: 'c', key: { a: 1, 'b.c': -1 }, unique: true, sparse: true }, null, null),
    ).toMatchObject({
      type: 'compound',
      keys: '{ a: 1, "b.c": -1 }',
      unique: true,
      sparse: true,
      usage: null,
    });
    expect(describeIndex({ name: 't', key: { _fts: 'text', _ftsx: 1 } }, null, null).type).toBe('text');
    expect(describeIndex({ name: 'g', key: { loc: '2dsphere' } }, null, null).type).toBe('2dsphere');
    expect(describeIndex({ name: 'h', key: { id: 'hashed' } }, null, null).type).toBe('hashed');
    expect(describeIndex({ name: 'w', key: { '$**': 1 } }, null, null).type).toBe('wildcard');
    const ttl = describeIndex(
      {
        name: 'ttl',
        key: { at: 1 },
        expireAfterSeconds: 3600,
        hidden: true,
        partialFilterExpression: { qty: { $gt: 1 } },
      },
      null,
      null,
    );
    expect(ttl).toMatchObject({ ttlSeconds: 3600, hidden: true, partialFilter: '{"qty":{"$gt":1}}' });
  });

  it('parses key patterns in shell syntax and refuses bad ones before anything is sent', () => {
    expect(parseKeys('{ a: 1, b: -1, t: "text" }')).toEqual({ a: 1, b: -1, t: 'text' });
    for (const bad of ['{ a: 2 }', '{}', '[1]', '{ a: "up" }', '{ a: '])
      expect(() => parseKeys(bad), bad).toThrow(StackdeckError);
  });
});
