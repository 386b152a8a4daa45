/**
 * A minimal ustar writer for a build context sent to POST /build (the Engine
 * API takes the context as a tar stream). Regular files only, names up to
 * 100 bytes, zero timestamps and owners so the same context gives the same
 * bytes (and the engine's layer cache hits).
 */
import { StackdeckError } from '../../../../shared/errors';

export interface TarEntry {
  name: string;
  data: Buffer;
  mode?: number;
}

/** Bounds the context held in memory: a service, its model and a few text files. */
export const MAX_CONTEXT_BYTES = 512 * 1024 * 1024;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(e: TarEntry): Buffer {
  const name = Buffer.from(e.name, 'utf8');
  if (name.length > 100)
    throw new StackdeckError('INVALID_INPUT', `"${e.name}" is too long a name for the build context (100 bytes).`);
  const h = Buffer.alloc(512);
  name.copy(h, 0);
  h.write(octal(e.mode ?? 0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(e.data.length, 12), 124, 'ascii');
  h.write(octal(0, 12), 136, 'ascii'); // mtime
  h.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  h.write('0', 156, 'ascii'); // regular file
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

export function tarBuffer(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (const e of entries) {
    const pad = (512 - (e.data.length % 512)) % 512;
    size += 512 + e.data.length + pad;
    if (size > MAX_CONTEXT_BYTES)
      throw new StackdeckError(
        'INVALID_INPUT',
        'The build context is larger than 512 MiB; export it and build it by hand.',
      );
    parts.push(header(e), e.data, Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024)); // two zero blocks end the archive
  return Buffer.concat(parts);
}
