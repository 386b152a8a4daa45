/**
 * compression.ts on fixed inputs: each codec's framing (snappy with and
 * without the xerial header, an LZ4 frame with content size and checksum, a
 * zstd frame, gzip), and corrupt or truncated input → a SERVER_ERROR naming
 * the codec (and, through decodeBatch, the batch's place).
 */
import { gzipSync } from 'node:zlib';
import { compress as snappyCompress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { decompress, decompressAsync, type CompressionCodec } from '../../../../src/core/kafka/protocol/compression';
import { decodeBatch, type BatchView, type KafkaRecord } from '../../../../src/core/kafka/protocol/records';
import { StackdeckError } from '../../../../src/shared/errors';

const TEXT = Buffer.from('stackdeck '.repeat(20));
// `lz4 --content-size` / `zstd --check` of TEXT: frames with content size and content checksum.
const LZ4 = Buffer.from(
  '04224d186c40c800000000000000a414000000af737461636b6465636b200a00a6506465636b200000000033ca1900',
  'hex',
);
const ZSTD = Buffer.from('28b52ffd24c88d000050737461636b6465636b200100bb520509259c4a75', 'hex');

function xerial(chunks: readonly Buffer[]): Buffer {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  const parts = [header];
  for (const c of chunks) {
    const block = Buffer.from(snappyCompress(c));
    const len = Buffer.alloc(4);
    len.writeInt32BE(block.length);
    parts.push(len, block);
  }
  return Buffer.concat(parts);
}

function errorOf(f: () => unknown): StackdeckError {
  try {
    f();
  } catch (e) {
    if (e instanceof StackdeckError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('decompress', () => {
  it('reads snappy in the xerial framing (several chunks) and as one raw block', () => {
    expect(decompress('snappy', xerial([TEXT.subarray(0, 77), TEXT.subarray(77)]))).toEqual(TEXT);
    expect(decompress('snappy', Buffer.from(snappyCompress(TEXT)))).toEqual(TEXT);
  });

  it('reads an LZ4 frame, a zstd frame and gzip', async () => {
    expect(decompress('lz4', LZ4)).toEqual(TEXT);
    expect(decompress('zstd', ZSTD)).toEqual(TEXT);
    expect(decompress('gzip', gzipSync(TEXT))).toEqual(TEXT);
    expect(await decompressAsync('gzip', gzipSync(TEXT))).toEqual(TEXT);
    expect(await decompressAsync('zstd', ZSTD)).toEqual(TEXT);
  });

  const corrupt: Array<[CompressionCodec, string, Buffer]> = [
    ['snappy', 'garbage', Buffer.from('ffffffffffff', 'hex')],
    ['snappy', 'a chunk longer than the input', xerial([TEXT]).subarray(0, 30)],
    ['lz4', 'bad magic', Buffer.from('not an lz4 frame')],
    ['lz4', 'truncated', LZ4.subarray(0, 20)],
    ['zstd', 'bad magic', Buffer.from('not a zstd frame')],
    ['zstd', 'truncated', ZSTD.subarray(0, 15)],
    ['gzip', 'garbage', Buffer.from('not gzip at all')],
  ];
  it.each(corrupt)('%s: %s → SERVER_ERROR naming the codec', (codec, _what, input) => {
    const e = errorOf(() => decompress(codec, input, ' at offset 5'));
    expect(e.code).toBe('SERVER_ERROR');
    expect(e.message).toContain(`A corrupt ${codec}-compressed record batch at offset 5:`);
  });

  it('rejects corrupt gzip asynchronously too', async () => {
    await expect(decompressAsync('gzip', Buffer.from('nope'))).rejects.toMatchObject({ code: 'SERVER_ERROR' });
  });
});

describe('decodeBatch with compressed bodies', () => {
  const batch = (attributes: number, body: Buffer): BatchView => ({
    baseOffset: 40,
    lastOffset: 40,
    leaderEpoch: 0,
    attributes,
    baseTimestamp: 0,
    maxTimestamp: 0,
    producerId: -1,
    recordCount: 1,
    body,
  });
  const ctx = { topic: 't', partition: 2, fromOffset: 0, untilOffset: Infinity, copy: true };

  it('names the batch when its snappy body is corrupt', async () => {
    const out: KafkaRecord[] = [];
    await expect(decodeBatch(batch(2, Buffer.from('ffffffff', 'hex')), ctx, out)).rejects.toThrow(
      'A corrupt snappy-compressed record batch at offset 40 of partition 2 of "t"',
    );
  });

  it('refuses codec ids Kafka does not define', async () => {
    await expect(decodeBatch(batch(5, Buffer.alloc(4)), ctx, [])).rejects.toThrow('unknown compression codec 5');
  });
});
