/**
 * Minimal types for the two untyped pure-JS decompressors compression.ts uses;
 * only the members it (and its unit test) calls are declared.
 */

declare module 'snappyjs' {
  /** Decompresses one raw snappy block; returns a Buffer for a Buffer, a Uint8Array for a Uint8Array. Throws on a corrupt block. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** One raw snappy block (the unit tests build fixtures with it). */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}

declare module 'lz4js' {
  /**
   * Decodes the LZ4 block src[sIndex, sIndex + sLength) into dst from dIndex
   * and returns the new end of output. No bounds checks: the caller sizes dst.
   */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
  /** One LZ4 frame (the unit tests build fixtures with it). */
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
}
