// The .icns (macOS) and .ico (Windows) containers, written from PNG images.
// No image tool is needed: both formats may hold PNG data as is, so this is a
// few headers around bytes that scripts/icons.mjs renders.
// tests/unit/main/icons.test.ts parses the committed files with its own reader.

/** PNG signature + IHDR width/height (throws on anything that is not a PNG). */
export function pngSize(png) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (png.length < 24 || !png.subarray(0, 8).equals(signature) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG image');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * ICNS element types that carry PNG data, by pixel size. Retina types (`ic11`..`ic14`)
 * hold the same pixels as the next size up, so Finder picks sharp images at 2x.
 * Apple: "icns" file format (Icon Services); element list as in iconutil's output.
 */
export const ICNS_TYPES = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 }, // 512@2x
  { type: 'ic11', size: 32 }, // 16@2x
  { type: 'ic12', size: 64 }, // 32@2x
  { type: 'ic13', size: 256 }, // 128@2x
  { type: 'ic14', size: 512 }, // 256@2x
];

/** `pngs`: Map of pixel size -> PNG bytes. Every size ICNS_TYPES names must be there. */
export function writeIcns(pngs) {
  const elements = ICNS_TYPES.map(({ type, size }) => {
    const png = pngs.get(size);
    if (png === undefined) throw new Error(`icns: no ${size} px image`);
    const { width, height } = pngSize(png);
    if (width !== size || height !== size) throw new Error(`icns: the ${size} px image is ${width}x${height}`);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'latin1');
    header.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([header, png]);
  });
  const body = Buffer.concat(elements);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}

/** Sizes in the .ico: Windows picks 16/24/32/48 for lists and the taskbar, 256 for large icons and NSIS. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** PNG-compressed ICO entries (supported since Windows Vista). */
export function writeIco(pngs) {
  const images = ICO_SIZES.map((size) => {
    const png = pngs.get(size);
    if (png === undefined) throw new Error(`ico: no ${size} px image`);
    const { width, height } = pngSize(png);
    if (width !== size || height !== size) throw new Error(`ico: the ${size} px image is ${width}x${height}`);
    return { size, png };
  });
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  let offset = header.length + directory.length;
  images.forEach(({ size, png }, i) => {
    const at = i * 16;
    directory.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    directory.writeUInt8(size >= 256 ? 0 : size, at + 1);
    directory.writeUInt8(0, at + 2); // no palette
    directory.writeUInt8(0, at + 3); // reserved
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(png.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...images.map((image) => image.png)]);
}
