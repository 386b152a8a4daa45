/**
 * Keys and values that core decoded with their Schema Registry schema
 * (`keySchema` / `valueSchema` on a message): shown as their JSON, with a
 * "subject vN (AVRO)" tag; an unknown id or a payload that did not decode is
 * shown as the raw bytes in hex with core's reason. "Auto" prefers the schema
 * decode when there is one; every other decoder shows the raw bytes.
 */
import type { MessageBytes, SchemaDecoded } from '../../../../../shared/contract/kafka/messages';
import { parseJsonDoc, toJsonText, type DocValue } from '../../../../../shared/docValue';
import { bytesOf, decode, docOf, preview, toHex, type Decoded, type DecoderId } from './decode';

/** "orders-value v3 (AVRO)", or what went wrong ("unknown schema id 42"). */
export function schemaTag(s: SchemaDecoded): string {
  if (s.status === 'unknown-id') return `unknown schema id ${s.schemaId}`;
  const name = s.subject !== null ? `${s.subject} v${s.version ?? '?'}` : `schema id ${s.schemaId}`;
  return `${name} (${s.type ?? '?'})`;
}

function fromSchema(b: MessageBytes, s: SchemaDecoded): Decoded {
  if (s.status === 'decoded' && s.json !== null && !s.truncated) {
    try {
      const tree = JSON.parse(s.json) as unknown;
      // The text from the exact parse: a long beyond 2^53 is shown as its digits, not a rounded double.
      return { as: 'schema', text: toJsonText(parseJsonDoc(s.json)), tree };
    } catch {
      // A cut preview is not JSON: show its text as it is.
    }
  }
  if (s.status === 'decoded' && s.json !== null) return { as: 'schema', text: s.json };
  return {
    as: 'hex',
    text: toHex(bytesOf(b)),
    flag: s.status === 'unknown-id' ? 'schema-unknown' : 'schema-error',
    note: s.error ?? undefined,
  };
}

export function decodePart(b: MessageBytes | null, decoder: DecoderId, s: SchemaDecoded | undefined): Decoded {
  if (b !== null && s !== undefined && (decoder === 'auto' || decoder === 'registry')) return fromSchema(b, s);
  return decode(b, decoder);
}

/** The typed tree of a schema-decoded value: numbers keep their exact text (a long beyond 2^53). */
export function docOfPart(b: MessageBytes | null, d: Decoded, s: SchemaDecoded | undefined): DocValue | undefined {
  if (d.as === 'schema' && s?.json != null && d.tree !== undefined) {
    try {
      return parseJsonDoc(s.json);
    } catch {
      return undefined;
    }
  }
  return docOf(b, d);
}

/** One grid line: the decoded JSON when core decoded it, the reason and hex when it could not. */
export function previewPart(b: MessageBytes, s: SchemaDecoded | undefined, max: number): string {
  if (s === undefined) return preview(b, max);
  if (s.status === 'decoded' && s.json !== null) {
    const one = s.json.replace(/\s+/g, ' ');
    return one.length > max ? `${one.slice(0, max)}…` : one;
  }
  const hex = toHex(bytesOf(b).subarray(0, Math.ceil(max / 3)));
  return `⚠ ${s.error ?? schemaTag(s)} · ${hex}`;
}
