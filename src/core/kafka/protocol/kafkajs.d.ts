/**
 * Minimal types for the kafkajs 2.2.4 internals this folder imports by path.
 * kafkajs ships no types for `src/**`; only the members we call are declared,
 * and every value that comes back from them is narrowed before it leaves
 * `src/core/kafka/protocol/` (see internals.ts).
 */

declare module 'kafkajs/src/protocol/encoder.js' {
  /** The protocol writer kafkajs uses for its own requests (big-endian, growable buffer). */
  export default class Encoder {
    constructor(initialSize?: number);
    readonly buffer: Buffer;
    writeInt8(value: number): Encoder;
    writeInt16(value: number): Encoder;
    writeInt32(value: number): Encoder;
    /** Accepts number, decimal string or bigint (kafkajs converts through its Long wrapper). */
    writeInt64(value: number | string | bigint): Encoder;
    /** FLOAT64, big-endian IEEE 754. */
    writeDouble(value: number): Encoder;
    writeBoolean(value: boolean): Encoder;
    /** INT16 length + UTF-8; null writes length -1. */
    writeString(value: string | null): Encoder;
    /** COMPACT_STRING: unsigned varint (length + 1) + UTF-8; null writes 0. */
    writeUVarIntString(value: string | null): Encoder;
    writeUVarInt(value: number): Encoder;
    writeBuffer(value: Buffer): Encoder;
    size(): number;
  }
}

declare module 'kafkajs/src/protocol/error.js' {
  export interface KjsErrorCode {
    type: string;
    code: number;
    retriable: boolean;
    message: string;
  }
  export const errorCodes: KjsErrorCode[];
  const errors: { errorCodes: KjsErrorCode[] };
  export default errors;
}
