/**
 * The Confluent wire format: magic byte 0, a 4-byte big-endian schema id,
 * then (Protobuf only) the message-index path as zigzag varints (a count,
 * then that many indexes; the single byte 0 is the shorthand for [0], the
 * first message of the file), then the serialized payload.
 *
 * Parsing never throws on a short or corrupt buffer: it says what is wrong,
 * so a browse shows the raw bytes with the reason instead of failing.
 */

export const MAGIC = 0;
export const HEADER_BYTES = 5;
/** A message-index path deeper than this is not a real .proto nesting: treat the bytes as corrupt. */
const MAX_INDEX_DEPTH = 64;

export interface WireHeader {
  readonly id: number;
  /** Where the payload (or, for Protobuf, the message indexes) starts. */
  readonly bodyStart: number;
}

/** The schema id of a buffer in the wire format, or null when it does not start with magic 0 and a full id. */
export function wireHeader(buf: Uint8Array | null): WireHeader | null {
  if (buf === null || buf.length < HEADER_BYTES || buf[0] !== MAGIC) return null;
  const id = ((buf[1] as number) << 24) | ((buf[2] as number) << 16) | ((buf[3] as number) << 8) | (buf[4] as number);
  // An id is a positive int32 in every registry; a negative one is not the wire format.
  return id < 0 ? null : { id, bodyStart: HEADER_BYTES };
}

export type IndexResult =
  | { readonly ok: true; readonly indexes: readonly number[]; readonly payloadStart: number }
  | { readonly ok: false; readonly error: string };

/** One zigzag varint (up to 32 bits) at `at`, or null when the buffer ends inside it. */
function readZigzag(buf: Uint8Array, at: number): { value: number; next: number } | null {
  let raw = 0;
  let shift = 0;
  for (let i = at; i < buf.length && shift < 35; i++) {
    const b = buf[i] as number;
    raw += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) {
      const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
      return { value, next: i + 1 };
    }
  }
  return null;
}

/** The Protobuf message-index path after the header. */
export function readMessageIndexes(buf: Uint8Array, start: number): IndexResult {
  const count = readZigzag(buf, start);
  if (count === null) return { ok: false, error: 'the message-index list is cut short' };
  if (count.value === 0) return { ok: true, indexes: [0], payloadStart: count.next };
  if (count.value < 0 || count.value > MAX_INDEX_DEPTH)
    return { ok: false, error: `the message-index count ${count.value} is not valid` };
  const indexes: number[] = [];
  let at = count.next;
  for (let i = 0; i < count.value; i++) {
    const index = readZigzag(buf, at);
    if (index === null) return { ok: false, error: 'the message-index list is cut short' };
    if (index.value < 0) return { ok: false, error: `message index ${index.value} is negative` };
    indexes.push(index.value);
    at = index.next;
  }
  return { ok: true, indexes, payloadStart: at };
}

function writeZigzag(out: number[], n: number): void {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Magic byte, id and (for Protobuf) the index path, in front of `payload`. */
export function frame(id: number, payload: Uint8Array, indexes?: readonly number[]): Buffer {
  const head = [MAGIC, (id >>> 24) & 0xff, (id >>> 16) & 0xff, (id >>> 8) & 0xff, id & 0xff];
  if (indexes !== undefined) {
    // [0] is written as the single byte 0, as Confluent's serializers do.
    if (indexes.length === 1 && indexes[0] === 0) head.push(0);
    else {
      writeZigzag(head, indexes.length);
      for (const i of indexes) writeZigzag(head, i);
    }
  }
  return Buffer.concat([Buffer.from(head), payload]);
}
