/**
 * Pure parts of the Kafka protocol layer: the version hint (the real broker
 * only exercises the metadata.version path, see tests/integration/kafka) and
 * the flexible-version codec round trip, tagged fields included.
 */
import { describe, expect, it } from 'vitest';
import { inferKafkaVersion, type ApiVersionsResult } from '../../../../src/core/kafka/protocol/apiVersions';
import { Reader, Writer } from '../../../../src/core/kafka/protocol/codec';
import { splitBatches, visibleBatches } from '../../../../src/core/kafka/protocol/records';

const result = (apis: Array<[number, number]>, mv?: number): ApiVersionsResult => ({
  apis: apis.map(([apiKey, max]) => ({ apiKey, min: 0, max })),
  supportedFeatures: mv === undefined ? [] : [{ name: 'metadata.version', minVersion: 1, maxVersion: mv }],
  finalizedFeaturesEpoch: mv === undefined ? -1 : 1,
  finalizedFeatures: mv === undefined ? [] : [{ name: 'metadata.version', minLevel: mv, maxLevel: mv }],
});

describe('inferKafkaVersion', () => {
  it('names the release line from metadata.version, without a patch level', () => {
    expect(inferKafkaVersion(result([], 20))).toMatchObject({
      release: '3.8',
      atLeast: false,
      clusterMetadataVersion: '3.8-IV0',
    });
    expect(inferKafkaVersion(result([], 11))).toMatchObject({ release: '3.5', atLeast: false });
  });

  it('knows the 4.x lines through 4.4 (levels from the 4.4.0 MetadataVersion enum)', () => {
    expect(inferKafkaVersion(result([], 25))).toMatchObject({
      release: '4.0',
      atLeast: false,
      clusterMetadataVersion: '4.0-IV3',
    });
    expect(inferKafkaVersion(result([], 27))).toMatchObject({ release: '4.1', atLeast: false });
    expect(inferKafkaVersion(result([], 33))).toMatchObject({
      release: '4.4',
      atLeast: false,
      clusterMetadataVersion: '4.4-IV2',
      finalizedFeatures: [{ name: 'metadata.version', level: 33, version: '4.4-IV2' }],
    });
  });

  it('says "newer than 4.4" for levels past its table rather than guessing', () => {
    expect(inferKafkaVersion(result([], 34))).toMatchObject({ release: '4.4', atLeast: true });
  });

  it('falls back to a lower bound from API versions (ZooKeeper-mode brokers report no metadata.version)', () => {
    expect(
      inferKafkaVersion(
        result([
          [0, 9],
          [1, 12],
          [18, 3],
          [44, 1],
        ]),
      ),
    ).toMatchObject({ release: '2.8', atLeast: true });
    expect(
      inferKafkaVersion(
        result([
          [1, 11],
          [18, 3],
          [44, 1],
        ]),
      ),
    ).toMatchObject({ release: '2.4', atLeast: true });
    expect(inferKafkaVersion(result([[1, 10]]))).toMatchObject({ release: null });
  });
});

describe('codec', () => {
  it('round-trips flexible fields and skips unknown tagged fields', () => {
    const w = new Writer(true);
    w.string('héllo')
      .nullableString(null)
      .array([1, 2, 3], (x, n) => x.int32(n))
      .array(null, () => undefined)
      .int64(2 ** 40);
    // Two tagged fields: tag 0 (an int32 we read) and tag 7 (unknown, skipped).
    w.uvarint(2).uvarint(0).uvarint(4).int32(42).uvarint(7).uvarint(3).int8(1).int8(2).int8(3);
    w.int16(-2);
    const r = new Reader(w.encoder.buffer, true);
    expect(r.string()).toBe('héllo');
    expect(r.nullableString()).toBeNull();
    expect(r.array((x) => x.int32())).toEqual([1, 2, 3]);
    expect(r.nullableArray((x) => x.int32())).toBeNull();
    expect(r.int64()).toBe(2 ** 40);
    let tagged = -1;
    r.tags((tag, _size, t) => {
      if (tag === 0) tagged = t.int32();
    });
    expect(tagged).toBe(42);
    expect(r.int16()).toBe(-2);
    expect(r.remaining()).toBe(0);
  });

  it('round-trips classic fields', () => {
    const w = new Writer(false);
    w.string('a')
      .nullableString(null)
      .array(['x', 'y'], (x, s) => x.string(s))
      .bool(true)
      .tags();
    const r = new Reader(w.encoder.buffer, false);
    expect([r.string(), r.nullableString(), r.array((x) => x.string()), r.bool()]).toEqual([
      'a',
      null,
      ['x', 'y'],
      true,
    ]);
    expect(r.remaining()).toBe(0);
  });
});

describe('record batches', () => {
  it('leaves a trailing partial batch out and reports one that does not fit at all', () => {
    // A 61-byte header with BatchLength 49 (=header rest) and magic 2, no records.
    const batch = Buffer.alloc(61);
    batch.writeInt32BE(0, 0);
    batch.writeInt32BE(5, 4); // base offset 5
    batch.writeInt32BE(49, 8);
    batch.writeInt8(2, 16);
    batch.writeInt32BE(2, 23); // last offset delta: offsets 5..7
    batch.writeInt32BE(-1, 43); // producer id -1 (high word) ...
    batch.writeInt32BE(-1, 47); // ... and low word
    const partial = batch.subarray(0, 30);
    const ok = splitBatches(Buffer.concat([batch, partial]), 5);
    expect(ok).toMatchObject({ nextOffset: 8, truncatedOnly: false });
    expect(ok.batches).toHaveLength(1);
    expect(visibleBatches(ok.batches, 'read_committed', [])).toHaveLength(1);
    const none = splitBatches(partial, 5);
    expect(none).toMatchObject({ nextOffset: 5, truncatedOnly: true, batches: [] });
  });
});
