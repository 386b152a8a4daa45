import { inflateRawSync } from 'node:zlib';

/**
 * A small, bounded reader for the zip archives of Cassandra secure connect
 * bundles (a handful of small files). Reads the central directory (the
 * authoritative list), supports stored and deflated entries, and refuses
 * anything outside its bounds instead of trusting sizes the archive claims:
 * at most MAX_ENTRIES entries, each inflated with a hard output cap.
 */

export const MAX_ENTRIES = 32;
export const MAX_ENTRY_BYTES = 256 * 1024;

export class ZipError extends Error {}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

function findEocd(buf: Buffer): number {
  // The end record is 22 bytes plus a comment of up to 64 KiB, at the very end.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  throw new ZipError('This is not a zip file (no end of central directory).');
}

/** Every file entry's name and content (directories skipped). */
export function readZip(buf: Buffer): Map<string, Buffer> {
  if (buf.length < 22) throw new ZipError('This is not a zip file (too short).');
  const eocd = findEocd(buf);
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES)
    throw new ZipError(`The archive has ${count} entries; a bundle has a few (at most ${MAX_ENTRIES}).`);
  const out = new Map<string, Buffer>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN_SIG)
      throw new ZipError('The zip central directory is damaged.');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOC_SIG)
      throw new ZipError(`The zip entry ${name} is damaged.`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw new ZipError(`The zip entry ${name} runs past the end of the file.`);
    const data = buf.subarray(start, start + compressed);
    let content: Buffer;
    if (method === 0) content = Buffer.from(data);
    else if (method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: MAX_ENTRY_BYTES });
      } catch (err) {
        const tooBig = (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE';
        throw new ZipError(
          tooBig
            ? `The zip entry ${name} is larger than ${MAX_ENTRY_BYTES} bytes.`
            : `The zip entry ${name} cannot be inflated.`,
        );
      }
    } else
      throw new ZipError(`The zip entry ${name} uses compression method ${method}; only stored and deflate are read.`);
    if (content.length > MAX_ENTRY_BYTES)
      throw new ZipError(`The zip entry ${name} is larger than ${MAX_ENTRY_BYTES} bytes.`);
    out.set(name, content);
  }
  return out;
}
