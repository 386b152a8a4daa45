import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The committed icon set (`npm run icons` renders it from resources/icon.svg).
 * The containers are parsed here with a reader of this file's own, not with the
 * writer in scripts/icon-containers.mjs, so a writer bug cannot hide itself.
 */

const resources = join(process.cwd(), 'resources');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function png(data: Buffer): { width: number; height: number; colourType: number } {
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(data.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), colourType: data.readUInt8(25) };
}

function readIcns(file: Buffer): Array<{ type: string; size: number }> {
  expect(file.toString('latin1', 0, 4)).toBe('icns');
  expect(file.readUInt32BE(4), 'the header length is the file length').toBe(file.length);
  const entries: Array<{ type: string; size: number }> = [];
  let at = 8;
  while (at < file.length) {
    const type = file.toString('latin1', at, at + 4);
    const length = file.readUInt32BE(at + 4);
    expect(length).toBeGreaterThan(8);
    expect(at + length).toBeLessThanOrEqual(file.length);
    const image = png(file.subarray(at + 8, at + length));
    expect(image.width).toBe(image.height);
    entries.push({ type, size: image.width });
    at += length;
  }
  expect(at).toBe(file.length);
  return entries;
}

function readIco(file: Buffer): number[] {
  expect(file.readUInt16LE(0)).toBe(0);
  expect(file.readUInt16LE(2), 'type 1 = icon').toBe(1);
  const count = file.readUInt16LE(4);
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 16;
    const width = file.readUInt8(at) || 256;
    const height = file.readUInt8(at + 1) || 256;
    expect(file.readUInt16LE(at + 6), 'bits per pixel').toBe(32);
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    expect(offset + length).toBeLessThanOrEqual(file.length);
    const image = png(file.subarray(offset, offset + length));
    expect({ width: image.width, height: image.height }).toEqual({ width, height });
    sizes.push(width);
  }
  return sizes;
}

describe('icon set in resources/', () => {
  it('has the SVG master and a PNG per size from 16 to 1024 px, with transparency', () => {
    expect(existsSync(join(resources, 'icon.svg'))).toBe(true);
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const image = png(readFileSync(join(resources, 'icons', `${size}x${size}.png`)));
      expect({ width: image.width, height: image.height }).toEqual({ width: size, height: size });
      expect(image.colourType, 'RGBA').toBe(6);
    }
    expect(png(readFileSync(join(resources, 'icon.png'))).width).toBe(1024);
  });

  it('was rendered from the current master (run `npm run icons` after editing resources/icon.svg)', () => {
    const hash = createHash('sha256')
      .update(readFileSync(join(resources, 'icon.svg')))
      .digest('hex');
    expect(readFileSync(join(resources, 'icons', 'SOURCE'), 'utf8')).toBe(`${hash}  icon.svg\n`);
  });

  it('icon.icns holds PNGs for every macOS slot, 16 px to 1024 px (512@2x)', () => {
    const entries = readIcns(readFileSync(join(resources, 'icon.icns')));
    expect(Object.fromEntries(entries.map((e) => [e.type, e.size]))).toEqual({
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    });
  });

  it('icon.ico holds 16 to 256 px (NSIS and the Windows taskbar need 256)', () => {
    expect(readIco(readFileSync(join(resources, 'icon.ico')))).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });
});
