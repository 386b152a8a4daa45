/**
 * Kafka records to the contract's plain-JSON messages. Bytes are sent as UTF-8
 * text only when they are valid UTF-8 (fatal decoder), else as base64, so the
 * renderer always gets the exact bytes and never a U+FFFD substitute.
 */
import type { KafkaMessage, MessageBytes } from '../../../shared/contract/kafka/messages';
import type { KafkaRecord } from '../protocol/records';
import { preview, type DecodedRecord } from '../serde/decoder';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of `buf` when it is valid UTF-8, else null. */
export function utf8OrNull(buf: Uint8Array): string | null {
  try {
    return fatal.decode(buf);
  } catch {
    return null;
  }
}

export function toBytes(buf: Buffer | null, limit = Infinity): MessageBytes | null {
  if (buf === null) return null;
  const truncated = buf.length > limit;
  let part = truncated ? buf.subarray(0, limit) : buf;
  let text = utf8OrNull(part);
  if (text === null && truncated) {
    // The cut may split a multi-byte character: back off up to 3 bytes before calling it binary.
    for (let back = 1; back <= 3 && text === null; back++) {
      const shorter = buf.subarray(0, limit - back);
      text = utf8OrNull(shorter);
      if (text !== null) part = shorter;
    }
  }
  return text !== null
    ? { encoding: 'utf8', data: text, size: buf.length, truncated }
    : { encoding: 'base64', data: part.toString('base64'), size: buf.length, truncated };
}

/** `decoded`: the schema-decoded key/value of the record (serde/decoder.ts), shown next to the raw bytes. */
export function toMessage(r: KafkaRecord, valueLimit = Infinity, decoded?: DecodedRecord): KafkaMessage {
  const keySchema = preview(decoded?.key, valueLimit);
  const valueSchema = preview(decoded?.value, valueLimit);
  return {
    topic: r.topic,
    partition: r.partition,
    offset: r.offset,
    timestamp: r.timestamp,
    timestampType: r.timestampType,
    key: toBytes(r.key, valueLimit),
    value: toBytes(r.value, valueLimit),
    headers: r.headers.map((h) => ({ key: h.key, value: toBytes(h.value, valueLimit) })),
    sizeBytes: r.sizeBytes,
    transactional: r.transactional,
    ...(keySchema ? { keySchema } : {}),
    ...(valueSchema ? { valueSchema } : {}),
  };
}
