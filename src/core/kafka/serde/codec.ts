/**
 * A compiled schema: decodes a wire-format body to exact JSON text and
 * encodes a user's JSON value to a body. One implementation per schema type
 * (avro.ts, protobuf.ts, jsonSchema.ts); built once per registry and id
 * (codecs.ts) with its references resolved.
 */
import type { SchemaType } from './source';

export interface DecodedBody {
  /** The value as JSON text, integers beyond 2^53 exact. */
  readonly json: string;
  /** Protobuf: the full name of the message the index path chose. */
  readonly messageType?: string;
  /** JSON Schema: where the value breaks its schema (the record is still shown). */
  readonly violations?: readonly string[];
}

export interface EncodedBody {
  readonly payload: Uint8Array;
  /** Protobuf: the message-index path of the encoded message. */
  readonly indexes?: readonly number[];
}

export interface Codec {
  readonly type: SchemaType;
  /** Protobuf: the messages of the schema's own file, in index order (depth first). */
  readonly messageTypes: readonly string[];
  /** Decodes `buf` from `bodyStart` (just after the id); throws an Error saying what is wrong. */
  decode(buf: Buffer, bodyStart: number): DecodedBody;
  /** Encodes a value (parsed with parseExactJson); throws CodecInputError on a value the schema refuses. */
  encode(value: unknown, messageType?: string): EncodedBody;
}

/** A value the schema refuses: the message says where and why. */
export class CodecInputError extends Error {}

/** A referenced schema with the name it is referenced by (import path, Avro full name, $ref URL). */
export interface ResolvedReference {
  readonly name: string;
  readonly schema: string;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
