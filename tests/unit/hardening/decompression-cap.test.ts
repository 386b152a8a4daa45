import { gzipSync, zstdCompressSync } from 'node:zlib';
import { compress as lz4Compress } from 'lz4js';
import { compress as snappyCompress } from 'snappyjs';
import { describe, expect, it } from 'vitest';
import {
  decompress,
  decompressAsync,
  MAX_BATCH_OUTPUT_BYTES,
  type CompressionCodec,
} from '../../../src/core/kafka/protocol/compression';
import { StackdeckError } from '../../../src/shared/errors';

/**
 * Decompression has an output cap (issue #8): a small batch that expands past
 * it (a zip bomb) is refused as too large, per codec, without the output ever
 * being allocated; a batch under the cap decodes as before.
 */

const MiB = 1024 * 1024;
const CAP = 1 * MiB;
/** 4 MiB of one byte: compresses to a few KiB in every codec. */
const BOMB_TEXT = Buffer.alloc(4 * MiB, 0x61);
const FITS = Buffer.alloc(CAP - 1024, 0x62);

function xerial(data: Buffer, chunk: number): Buffer {
  const parts = [Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1])];
  for (let at = 0; at < data.length; at += chunk) {
    const block = Buffer.from(snappyCompress(data.subarray(at, at + chunk)));
    const len = Buffer.alloc(4);
    len.writeInt32BE(block.length);
    parts.push(len, block);
  }
  return Buffer.concat(parts);
}

const ENCODE: Record<string, (b: Buffer) => Buffer> = {
  gzip: (b) => gzipSync(b),
  snappy: (b) => Buffer.from(snappyCompress(b)),
  'snappy (xerial)': (b) => xerial(b, 64 * 1024),
  lz4: (b) => Buffer.from(lz4Compress(b)),
  zstd: (b) => zstdCompressSync(b),
};

function errorOf(f: () => unknown): StackdeckError {
  try {
    f();
  } catch (e) {
    if (e instanceof StackdeckError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe.each(Object.keys(ENCODE))('%s', (name) => {
  const codec = name.split(' ')[0] as CompressionCodec;
  const bomb = (ENCODE[name] as (b: Buffer) => Buffer)(BOMB_TEXT);

  it('a small batch that expands past the cap is refused as too large, naming where', () => {
    expect(bomb.length).toBeLessThan(300 * 1024);
    const e = errorOf(() => decompress(codec, bomb, ' at offset 9 of partition 2 of "t"', CAP));
    expect(e.code).toBe('SERVER_ERROR');
    expect(e.message).toMatch(/is too large: it expands past 1 MiB.*It was not read/);
    expect(e.message).toContain('at offset 9 of partition 2 of "t"');
    expect(e.detail).toMatchObject({ reason: 'batch-too-large', compression: codec, limitBytes: CAP });
  });

  it('async path too', async () => {
    await expect(decompressAsync(codec, bomb, '', CAP)).rejects.toMatchObject({
      detail: { reason: 'batch-too-large' },
    });
  });

  it('a batch under the cap decodes unchanged', () => {
    const encoded = (ENCODE[name] as (b: Buffer) => Buffer)(FITS);
    expect(decompress(codec, encoded, '', CAP).equals(FITS)).toBe(true);
  });
});

it('the default cap is the largest batch a fetch may return (64 MiB)', () => {
  expect(MAX_BATCH_OUTPUT_BYTES).toBe(64 * MiB);
});
