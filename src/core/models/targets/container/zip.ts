/**
 * A minimal zip writer for exported bundles: deflated entries written one by
 * one to a file (at most one entry in memory at a time), with a central
 * directory at the end. No zip64: an entry or archive over 4 GiB is refused,
 * which bundles (a model, a few text files) never reach.
 */
import { open } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';
import { StackdeckError } from '../../../../shared/errors';

export interface ZipSource {
  /** Path inside the archive, "/"-separated. */
  name: string;
  read: () => Promise<Buffer>;
  /** Unix mode bits (e.g. 0o755 for a script); 0o644 when absent. */
  mode?: number;
}

const LIMIT = 0xffffffff;

export async function writeZipFile(out: string, sources: readonly ZipSource[]): Promise<void> {
  // 'wx': never overwrite; the caller checked, this closes the race.
  const fh = await open(out, 'wx');
  try {
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const s of sources) {
      const raw = await s.read();
      const packed = deflateRawSync(raw, { level: 6 });
      if (raw.length >= LIMIT || offset + packed.length >= LIMIT)
        throw new StackdeckError('INVALID_INPUT', `"${s.name}" is too large for a zip bundle (4 GiB).`);
      const name = Buffer.from(s.name, 'utf8');
      const crc = crc32(raw);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6); // UTF-8 names
      local.writeUInt16LE(8, 8); // deflate
      local.writeUInt32LE(0, 10); // time/date: zero, so the same input gives the same bytes
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(raw.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      await fh.write(Buffer.concat([local, name]));
      await fh.write(packed);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(0x0314, 4); // made by Unix, so the mode below is read
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x0800, 8);
      central.writeUInt16LE(8, 10);
      central.writeUInt32LE(0, 12);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(packed.length, 20);
      central.writeUInt32LE(raw.length, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(((0o100000 | (s.mode ?? 0o644)) << 16) >>> 0, 38);
      central.writeUInt32LE(offset, 42);
      centrals.push(Buffer.concat([central, name]));
      offset += local.length + name.length + packed.length;
    }
    const dir = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(centrals.length, 8);
    end.writeUInt16LE(centrals.length, 10);
    end.writeUInt32LE(dir.length, 12);
    end.writeUInt32LE(offset, 16);
    await fh.write(Buffer.concat([dir, end]));
  } finally {
    await fh.close();
  }
}
