/**
 * The type round trip without a server: BSON (as the driver returns it with
 * typed reads) -> DocValue -> canonical Extended JSON -> BSON gives back the same
 * types and values, including the ones FerretDB cannot store (Decimal128,
 * MinKey, MaxKey, nested arrays), which the integration tests cannot send.
 */
import { BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { canonicalText, toDocValue } from '../../../src/core/mongo/bson';
import { ejsonText, toEjson, type DocValue } from '../../../src/shared/contract/mongo/value';

const { Binary, BSONRegExp, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp, UUID, EJSON } = BSON;

const oid = new ObjectId('5f1d7a3b2c9a4e0012345678');
const uuid = new UUID('8f282f1b-4a5b-4e37-9919-1196a5632eb7');
const sample = {
  _id: oid,
  int: new Int32(5),
  long: Long.fromString('9007199254740993'),
  double: new Double(1),
  negZero: new Double(-0),
  frac: new Double(2.5),
  dec: Decimal128.fromString('1234567890.123456789012345678901234'),
  date: new Date('2024-02-29T12:34:56.789Z'),
  bin: new Binary(Buffer.from([0, 1, 2, 255]), 0x80),
  uuid,
  re: new BSONRegExp('^a+b/c', 'im'),
  ts: new Timestamp({ t: 1700000000, i: 7 }),
  min: new MinKey(),
  max: new MaxKey(),
  nested: [[1, [2, [3]]], { x: [new Int32(1)] }],
  str: 'héllo',
  nil: null,
  yes: true,
};

/** What the driver hands us with TYPED_READ: a BSON serialize/deserialize round trip with no promotion. */
const asRead = (doc: object) =>
  BSON.deserialize(BSON.serialize(doc), { promoteValues: false, promoteLongs: false, bsonRegExp: true });

describe('BSON -> DocValue', () => {
  const v = toDocValue(asRead(sample));
  const field = (name: string): DocValue | undefined =>
    v.t === 'object' ? v.v.find(([k]) => k === name)?.[1] : undefined;

  it('keeps every type tag', () => {
    expect(field('_id')).toEqual({ t: 'objectId', v: '5f1d7a3b2c9a4e0012345678' });
    expect(field('int')).toEqual({ t: 'int', v: '5' });
    expect(field('long')).toEqual({ t: 'long', v: '9007199254740993' });
    expect(field('double')).toEqual({ t: 'double', v: '1.0' });
    expect(field('negZero')).toEqual({ t: 'double', v: '-0.0' });
    expect(field('dec')).toEqual({ t: 'decimal', v: '1234567890.123456789012345678901234' });
    expect(field('date')).toEqual({ t: 'date', v: '2024-02-29T12:34:56.789Z' });
    expect(field('bin')).toEqual({ t: 'binary', v: 'AAEC/w==', subtype: 0x80, size: 4 });
    expect(field('uuid')).toEqual({ t: 'uuid', v: '8f282f1b-4a5b-4e37-9919-1196a5632eb7' });
    expect(field('re')).toEqual({ t: 'other', type: 'regex', v: '/^a+b/c/im' });
    expect(field('ts')).toEqual({ t: 'other', type: 'timestamp', v: 'Timestamp({ t: 1700000000, i: 7 })' });
    expect(field('min')).toEqual({ t: 'other', type: 'minKey', v: 'MinKey()' });
    expect(field('max')).toEqual({ t: 'other', type: 'maxKey', v: 'MaxKey()' });
    expect(field('nested')).toEqual({
      t: 'array',
      v: [
        {
          t: 'array',
          v: [
            { t: 'int', v: '1' },
            {
              t: 'array',
              v: [
                { t: 'int', v: '2' },
                { t: 'array', v: [{ t: 'int', v: '3' }] },
              ],
            },
          ],
        },
        { t: 'object', v: [['x', { t: 'array', v: [{ t: 'int', v: '1' }] }]] },
      ],
    });
    expect(field('nil')).toEqual({ t: 'null' });
    expect(field('yes')).toEqual({ t: 'bool', v: true });
  });

  it('round-trips through canonical Extended JSON to the same BSON bytes', () => {
    const read = asRead(sample);
    const back = EJSON.parse(JSON.stringify(toEjson(toDocValue(read), 'canonical')), { relaxed: false });
    expect(Buffer.from(BSON.serialize(back)).toString('hex')).toBe(Buffer.from(BSON.serialize(read)).toString('hex'));
    // And the same text the driver's own EJSON writes.
    expect(JSON.parse(JSON.stringify(toEjson(toDocValue(read), 'canonical')))).toEqual(JSON.parse(canonicalText(read)));
  });

  it('relaxed Extended JSON shows plain numbers and ISO dates but keeps Long beyond 2^53 and Decimal128', () => {
    const text = ejsonText(toDocValue(asRead(sample)), 'relaxed');
    const obj = JSON.parse(text) as Record<string, unknown>;
    expect(obj.int).toBe(5);
    expect(obj.frac).toBe(2.5);
    expect(obj.long).toEqual({ $numberLong: '9007199254740993' });
    expect(obj.dec).toEqual({ $numberDecimal: '1234567890.123456789012345678901234' });
    expect(obj.date).toEqual({ $date: '2024-02-29T12:34:56.789Z' });
    const back = EJSON.parse(text, { relaxed: false }) as Record<string, unknown>;
    expect((back.long as { _bsontype: string })._bsontype).toBe('Long');
    expect((back.uuid as { sub_type: number }).sub_type).toBe(4);
  });
});
