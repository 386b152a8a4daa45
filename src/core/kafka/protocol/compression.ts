/**
 * Decompression of record-batch bodies (attributes bits 0-2): gzip, snappy,
 * LZ4 and zstd, all pure JS or node:zlib so the Electron main bundle needs no
 * native module (and Node 20 has no built-in zstd).
 *
 * Each codec's wire format is the one the Java client and librdkafka write:
 * - gzip: a gzip stream (zlib's unzip also accepts a bare zlib stream).
 * - snappy: snappy-java's "xerial" stream framing, which is what Kafka's
 *   SnappyOutputStream writes: magic `\x82SNAPPY\0`, int32 version, int32
 *   min-compatible version, then [int32 length, raw snappy block]*. Some
 *   producers (older librdkafka, other clients) write one raw snappy block
 *   without the header, so that is accepted too, as the Java consumer does.
 * - lz4: the LZ4 frame format (KafkaLZ4BlockOutputStream, LZ4F in librdkafka).
 *   The pre-0.10 broken header checksum only ever applied to magic 0/1
 *   messages, which records.ts does not read. lz4js's frame reader mis-reads
 *   the optional 64-bit content size (32-bit shifts), so the frame is walked
 *   here and only lz4js's block decoder is used.
 * - zstd: standard zstd frames (fzstd, decompress-only).
 *
 * Any failure is a corrupt batch as far as the user is concerned: the broker
 * stored bytes that do not decode, so it is reported as SERVER_ERROR naming
 * the codec; `decompress` is also used on untrusted input in tests, where the
 * same error is what we want.
 */
import { promisify } from 'node:util';
import { unzip, unzipSync } from 'node:zlib';
import { Decompress as ZstdStream } from 'fzstd';
import { decompressBlock as lz4DecompressBlock } from 'lz4js';
import { uncompress as snappyUncompress } from 'snappyjs';
import { StackdeckError } from '../../../shared/errors';

export type CompressionCodec = 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Attribute bits 0-2 → codec; index 0 is "none". */
const CODECS: readonly (CompressionCodec | 'none')[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** The codec named by a batch's attributes, 'none' when uncompressed, null for ids 5-7 (undefined by Kafka). */
export function codecOfAttributes(attributes: number): CompressionCodec | 'none' | null {
  return CODECS[attributes & 0x07] ?? null;
}

const unzipAsync = promisify(unzip);

function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

class CorruptInput extends Error {}

/**
 * Output past the cap: a batch that expands beyond what Stackdeck will hold
 * for one batch (a "zip bomb": a few KiB of gzip can expand to gigabytes).
 * Every codec checks before or while it writes, never after.
 */
class TooLarge extends Error {
  constructor(readonly cap: number) {
    super(`expands past ${cap} bytes`);
  }
}

/**
 * The most one batch may expand to: the largest batch a fetch may return
 * (partitionMaxBytesLimit, 64 MiB), so decompression never holds more than the
 * fetch budget allows for the bytes it came from.
 */
export const MAX_BATCH_OUTPUT_BYTES = 64 * 1024 * 1024;

/** The uncompressed length a raw snappy block announces in its leading varint. */
function snappyLength(block: Buffer): number {
  let len = 0;
  let mul = 1;
  for (let i = 0; i < 5 && i < block.length; i++) {
    const b = block[i] as number;
    len += (b & 0x7f) * mul;
    if (b < 0x80) return len;
    mul *= 128;
  }
  throw new CorruptInput('snappy block length is invalid');
}

// --- snappy (xerial framing or raw) ---------------------------------------

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER = XERIAL_MAGIC.length + 8; // + version + compatible version

function snappy(input: Buffer, cap: number): Buffer {
  if (input.length < XERIAL_HEADER || !input.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    if (snappyLength(input) > cap) throw new TooLarge(cap);
    return asBuffer(snappyUncompress(input));
  }
  const chunks: Buffer[] = [];
  let pos = XERIAL_HEADER;
  let total = 0;
  while (pos < input.length) {
    if (input.length - pos < 4) throw new CorruptInput('snappy chunk length cut short');
    const len = input.readInt32BE(pos);
    pos += 4;
    if (len < 0 || pos + len > input.length) throw new CorruptInput(`snappy chunk of ${len} bytes runs past the batch`);
    const block = input.subarray(pos, pos + len);
    total += snappyLength(block);
    if (total > cap) throw new TooLarge(cap);
    chunks.push(asBuffer(snappyUncompress(block)));
    pos += len;
  }
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
}

// --- LZ4 frame -------------------------------------------------------------

const LZ4_MAGIC = 0x184d2204;
/** Skippable frames (magic 0x184D2A50-5F) carry no data; LZ4 tools may interleave them. */
const LZ4_SKIPPABLE_MASK = 0xfffffff0;
const LZ4_SKIPPABLE = 0x184d2a50;
const LZ4_BLOCK_MAX = [0, 0, 0, 0, 64 << 10, 256 << 10, 1 << 20, 4 << 20];

/** One frame's blocks, located first so the output can be allocated once (linked blocks reference earlier output). */
interface Lz4Block {
  readonly at: number;
  readonly size: number;
  readonly raw: boolean;
}

function lz4(input: Buffer, cap: number): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  while (pos < input.length) {
    if (input.length - pos < 7) throw new CorruptInput('LZ4 frame header cut short');
    const magic = input.readUInt32LE(pos);
    if ((magic & LZ4_SKIPPABLE_MASK) >>> 0 === LZ4_SKIPPABLE) {
      pos += 8 + input.readUInt32LE(pos + 4);
      continue;
    }
    if (magic !== LZ4_MAGIC) throw new CorruptInput(`not an LZ4 frame (magic 0x${magic.toString(16)})`);
    const flg = input[pos + 4] ?? 0;
    const bd = input[pos + 5] ?? 0;
    if (flg >> 6 !== 1) throw new CorruptInput(`unsupported LZ4 frame version ${flg >> 6}`);
    const blockChecksum = (flg & 0x10) !== 0;
    const hasContentSize = (flg & 0x08) !== 0;
    const contentChecksum = (flg & 0x04) !== 0;
    const hasDictId = (flg & 0x01) !== 0;
    const blockMax = LZ4_BLOCK_MAX[(bd >> 4) & 0x07] ?? 0;
    if (blockMax === 0) throw new CorruptInput(`invalid LZ4 block size id ${(bd >> 4) & 0x07}`);
    pos += 6 + (hasContentSize ? 8 : 0) + (hasDictId ? 4 : 0) + 1; // + header checksum byte
    const blocks: Lz4Block[] = [];
    let bound = 0;
    for (;;) {
      if (input.length - pos < 4) throw new CorruptInput('LZ4 frame ends without an end mark');
      const word = input.readUInt32LE(pos);
      pos += 4;
      if (word === 0) break;
      const size = word & 0x7fffffff;
      const raw = (word & 0x80000000) !== 0;
      if (size > blockMax || pos + size > input.length) throw new CorruptInput(`LZ4 block of ${size} bytes is invalid`);
      blocks.push({ at: pos, size, raw });
      bound += raw ? size : blockMax;
      pos += size + (blockChecksum ? 4 : 0);
    }
    pos += contentChecksum ? 4 : 0;
    if (pos > input.length) throw new CorruptInput('LZ4 frame checksum cut short');
    // `bound` assumes every block is full; many tiny blocks would make it huge. Allocate at most what is
    // left of the cap plus one block: a block is only started while the output is within the cap.
    const room = cap - total;
    const out = Buffer.allocUnsafe(Math.max(0, Math.min(bound, room + blockMax)));
    let written = 0;
    for (const b of blocks) {
      if (written > room) throw new TooLarge(cap);
      if (b.raw) {
        if (written + b.size > out.length) throw new TooLarge(cap);
        input.copy(out, written, b.at, b.at + b.size);
        written += b.size;
      } else {
        const end = lz4DecompressBlock(input, out, b.at, b.size, written);
        // lz4js does not bounds-check: a corrupt block shows up as output past its limit.
        if (!(end >= written && end - written <= blockMax)) throw new CorruptInput('corrupt LZ4 block');
        written = end;
      }
    }
    if (written > room) throw new TooLarge(cap);
    total += written;
    parts.push(out.subarray(0, written));
  }
  return parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
}

// --- zstd ----------------------------------------------------------------------

function zstd(input: Buffer, cap: number): Buffer {
  // The streaming decoder hands out the output as it goes, so the cap stops it mid-way.
  const chunks: Uint8Array[] = [];
  let total = 0;
  const stream = new ZstdStream((chunk) => {
    total += chunk.length;
    if (total > cap) throw new TooLarge(cap);
    chunks.push(chunk);
  });
  stream.push(input, true);
  return chunks.length === 1 && chunks[0] ? asBuffer(chunks[0]) : Buffer.concat(chunks);
}

// -----------------------------------------------------------------------------

const SYNC: Record<CompressionCodec, (input: Buffer, cap: number) => Buffer> = {
  gzip: (input, cap) => unzipSync(input, { maxOutputLength: cap }),
  snappy,
  lz4,
  zstd,
};

/** zlib's own cap error. */
const isZlibTooLarge = (e: unknown): boolean => (e as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';

function corrupt(codec: CompressionCodec, e: unknown, where: string, cap: number): StackdeckError {
  if (e instanceof TooLarge || isZlibTooLarge(e)) {
    return new StackdeckError(
      'SERVER_ERROR',
      `A ${codec}-compressed record batch${where} is too large: it expands past ${Math.round(cap / 1024 / 1024)} MiB, the most Stackdeck holds for one batch. It was not read.`,
      { compression: codec, reason: 'batch-too-large', limitBytes: cap },
    );
  }
  const reason = e instanceof Error ? e.message : String(e);
  return new StackdeckError('SERVER_ERROR', `A corrupt ${codec}-compressed record batch${where}: ${reason}.`, {
    compression: codec,
  });
}

/**
 * Decompresses one batch body. `where` (e.g. ` at offset 5 of partition 0 of "t"`)
 * only goes into the error message.
 */
export function decompress(
  codec: CompressionCodec,
  input: Buffer,
  where = '',
  cap: number = MAX_BATCH_OUTPUT_BYTES,
): Buffer {
  try {
    return SYNC[codec](input, cap);
  } catch (e) {
    throw corrupt(codec, e, where, cap);
  }
}

/** As `decompress`, but gzip runs on the libuv thread pool (it is the slowest codec and the one zlib can offload). */
export async function decompressAsync(
  codec: CompressionCodec,
  input: Buffer,
  where = '',
  cap: number = MAX_BATCH_OUTPUT_BYTES,
): Promise<Buffer> {
  if (codec !== 'gzip') return decompress(codec, input, where, cap);
  try {
    return await unzipAsync(input, { maxOutputLength: cap });
  } catch (e) {
    throw corrupt(codec, e, where, cap);
  }
}
