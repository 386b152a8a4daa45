import { describe, expect, it } from 'vitest';
import { frame, readMessageIndexes, wireHeader } from '../../../../../src/core/kafka/serde/wire';

/** The Confluent wire-format framing: magic, id, Protobuf message indexes, and buffers that are too short or corrupt. */

describe('wireHeader', () => {
  it('reads magic 0 and the big-endian id', () => {
    expect(wireHeader(Buffer.from([0, 0, 0, 1, 2, 9]))).toEqual({ id: 258, bodyStart: 5 });
    expect(wireHeader(Buffer.from([0, 0x7f, 0xff, 0xff, 0xff]))).toEqual({ id: 2 ** 31 - 1, bodyStart: 5 });
  });

  it('is null for no bytes, a short buffer, another magic byte or a negative id', () => {
    expect(wireHeader(null)).toBeNull();
    expect(wireHeader(Buffer.alloc(0))).toBeNull();
    expect(wireHeader(Buffer.from([0, 0, 0, 1]))).toBeNull();
    expect(wireHeader(Buffer.from('{"a":1}'))).toBeNull();
    expect(wireHeader(Buffer.from([0, 0xff, 0, 0, 1]))).toBeNull();
  });
});

describe('readMessageIndexes', () => {
  it('takes the single 0 as the first message', () => {
    expect(readMessageIndexes(Buffer.from([0, 0, 0, 0, 4, 0, 0x0a]), 5)).toEqual({
      ok: true,
      indexes: [0],
      payloadStart: 6,
    });
  });

  it('reads a count and zigzag indexes ([1], [0, 2], a multi-byte index)', () => {
    // zigzag: 1 -> 2, 2 -> 4, 64 -> 128 = 0x80 0x01
    expect(readMessageIndexes(Buffer.from([2, 2, 9]), 0)).toEqual({ ok: true, indexes: [1], payloadStart: 2 });
    expect(readMessageIndexes(Buffer.from([4, 0, 4]), 0)).toEqual({ ok: true, indexes: [0, 2], payloadStart: 3 });
    expect(readMessageIndexes(Buffer.from([2, 0x80, 0x01]), 0)).toEqual({ ok: true, indexes: [64], payloadStart: 3 });
  });

  it('says what is wrong with a cut-short, negative or absurd index list', () => {
    expect(readMessageIndexes(Buffer.from([]), 0)).toEqual({ ok: false, error: 'the message-index list is cut short' });
    expect(readMessageIndexes(Buffer.from([4, 2]), 0)).toEqual({
      ok: false,
      error: 'the message-index list is cut short',
    });
    expect(readMessageIndexes(Buffer.from([0x80]), 0)).toEqual({
      ok: false,
      error: 'the message-index list is cut short',
    });
    expect(readMessageIndexes(Buffer.from([2, 1]), 0)).toEqual({ ok: false, error: 'message index -1 is negative' });
    expect(readMessageIndexes(Buffer.from([1]), 0)).toMatchObject({ ok: false });
    expect(readMessageIndexes(Buffer.from([0xfe, 0x01]), 0)).toEqual({
      ok: false,
      error: 'the message-index count 127 is not valid',
    });
  });
});

describe('frame', () => {
  it('writes what wireHeader and readMessageIndexes read back', () => {
    const payload = Buffer.from([1, 2, 3]);
    for (const indexes of [undefined, [0], [1], [0, 2], [3, 64, 1]]) {
      const buf = frame(1234567, payload, indexes);
      expect(wireHeader(buf)).toEqual({ id: 1234567, bodyStart: 5 });
      if (indexes === undefined) {
        expect(buf.subarray(5)).toEqual(payload);
        continue;
      }
      const read = readMessageIndexes(buf, 5);
      expect(read).toMatchObject({ ok: true, indexes });
      if (read.ok) expect(buf.subarray(read.payloadStart)).toEqual(payload);
    }
    // [0] is the single byte 0, as Confluent's serializers write it.
    expect(frame(1, payload, [0]).subarray(5)).toEqual(Buffer.from([0, 1, 2, 3]));
  });
});
