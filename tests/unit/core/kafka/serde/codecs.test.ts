import { describe, expect, it } from 'vitest';
import { compile } from '../../../../../src/core/kafka/serde/codecs';
import { CodecInputError } from '../../../../../src/core/kafka/serde/codec';
import { parseExactJson } from '../../../../../src/core/kafka/serde/jsonText';
import { frame } from '../../../../../src/core/kafka/serde/wire';

/**
 * The codecs on schemas given inline (the registry round trips, with schemas
 * registered by Confluent's serializers, are tests/integration/kafka-serde).
 */

const MONEY = JSON.stringify({
  type: 'record',
  name: 'Money',
  namespace: 'x',
  fields: [{ name: 'cents', type: 'long' }],
});
const ORDER = JSON.stringify({
  type: 'record',
  name: 'Order',
  namespace: 'x',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'total', type: 'x.Money' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});

const roundTrip = (codec: ReturnType<typeof compile>, text: string, messageType?: string): string => {
  const body = codec.encode(parseExactJson(text), messageType);
  return codec.decode(frame(7, body.payload, body.indexes), 5).json;
};

describe('Avro', () => {
  const codec = compile({ schemaType: 'AVRO', schema: ORDER, references: [] }, [{ name: 'x.Money', schema: MONEY }]);

  it('keeps a long beyond 2^53 exact both ways, with a referenced named type', () => {
    const text = '{"id":9007199254740993,"total":{"cents":-9223372036854775808},"note":"hi"}';
    expect(roundTrip(codec, text)).toBe(text);
  });

  it('refuses a value that does not fit, naming the field', () => {
    expect(() => codec.encode(parseExactJson('{"id":"one","total":{"cents":1}}'))).toThrow(CodecInputError);
    expect(() => codec.encode(parseExactJson('{"id":"one","total":{"cents":1}}'))).toThrow(/id/);
  });

  it('says a payload is cut short or has trailing bytes', () => {
    const ok = codec.encode(parseExactJson('{"id":1,"total":{"cents":2},"note":null}')).payload;
    expect(() => codec.decode(frame(7, ok.subarray(0, 2)), 5)).toThrow(/cut short|truncated/);
    expect(() => codec.decode(frame(7, Buffer.concat([ok, Buffer.from([1, 2])])), 5)).toThrow(/2 bytes follow/);
  });
});

describe('Protobuf', () => {
  const proto = `syntax = "proto3";
package t;
message A { int64 big = 1; bytes raw = 2; enum E { ZERO = 0; ONE = 1; } E e = 3;
  message Inner { string s = 1; } }
message B { string name = 1; }`;
  const codec = compile({ schemaType: 'PROTOBUF', schema: proto, references: [] }, []);

  it('lists the messages in index order and picks them by index path', () => {
    expect(codec.messageTypes).toEqual(['t.A', 't.A.Inner', 't.B']);
    expect(codec.encode({ name: 'b' }, 't.B').indexes).toEqual([1]);
    expect(codec.encode({ s: 'x' }, 't.A.Inner').indexes).toEqual([0, 0]);
    expect(codec.decode(frame(1, codec.encode({ name: 'b' }, 't.B').payload, [1]), 5)).toMatchObject({
      json: '{"name":"b"}',
      messageType: 't.B',
    });
  });

  it('shows int64 as exact strings, bytes as base64, enums by name', () => {
    expect(roundTrip(codec, '{"big":9007199254740993,"raw":"AAH/","e":"ONE"}', 't.A')).toBe(
      '{"big":"9007199254740993","raw":"AAH/","e":"ONE"}',
    );
  });

  it('refuses unknown fields and enum names, and an index no message has', () => {
    expect(() => codec.encode({ nope: 1 }, 't.A')).toThrow(/nope: no such field/);
    expect(() => codec.encode({ e: 'TWO' }, 't.A')).toThrow(/"TWO" is not a value/);
    expect(() => codec.encode({}, 't.Z')).toThrow(/no message "t.Z"/);
    expect(() => codec.decode(frame(1, Buffer.alloc(0), [5]), 5)).toThrow(/names no message/);
  });
});

describe('JSON Schema', () => {
  const schema = JSON.stringify({
    type: 'object',
    properties: { id: { type: 'integer' } },
    required: ['id'],
    additionalProperties: false,
  });
  const codec = compile({ schemaType: 'JSON', schema, references: [] }, []);

  it('shows the payload as written and lists violations without failing', () => {
    const good = codec.decode(frame(3, Buffer.from('{"id":12345678901234567890}')), 5);
    expect(good).toEqual({ json: '{"id":12345678901234567890}', violations: [] });
    const bad = codec.decode(frame(3, Buffer.from('{"id":"x","extra":1}')), 5);
    expect(bad.violations).toEqual(
      expect.arrayContaining(['/id must be integer', '/ must NOT have additional properties']),
    );
  });

  it('refuses to encode a value that breaks the schema', () => {
    expect(() => codec.encode({ id: 'x' })).toThrow(/must be integer/);
    expect(Buffer.from(codec.encode(parseExactJson('{"id":12345678901234567890}')).payload).toString()).toBe(
      '{"id":12345678901234567890}',
    );
  });
});

describe('JSON Schema references', () => {
  it('resolve a $ref by the reference name the registry gives', () => {
    const address = JSON.stringify({ type: 'object', properties: { zip: { type: 'integer' } }, required: ['zip'] });
    const person = JSON.stringify({
      type: 'object',
      properties: { home: { $ref: 'https://example.com/address.json' } },
      required: ['home'],
    });
    const codec = compile({ schemaType: 'JSON', schema: person, references: [] }, [
      { name: 'https://example.com/address.json', schema: address },
    ]);
    expect(codec.decode(frame(1, Buffer.from('{"home":{"zip":8000}}')), 5).violations).toEqual([]);
    expect(codec.decode(frame(1, Buffer.from('{"home":{}}')), 5).violations).toEqual([
      "/home must have required property 'zip'",
    ]);
  });
});
