/**
 * Message decoders for display: pure functions from the exact bytes
 * (`MessageBytes`) to text. Bytes that are not valid UTF-8 are never shown
 * through a replacing decoder: they become hex with an "invalid UTF-8" flag.
 * Everything returned is plain text or a JSON value rendered as text.
 */
import { Unpackr } from 'msgpackr';
import type { MessageBytes } from '../../../../../shared/contract/kafka/messages';
import { fromJson, parseJsonDoc, type DocValue } from '../../../../../shared/docValue';

export const DECODERS = ['auto', 'registry', 'text', 'json', 'hex', 'base64', 'msgpack'] as const;
export type DecoderId = (typeof DECODERS)[number];

export const DECODER_LABELS: Record<DecoderId, string> = {
  auto: 'Auto',
  registry: 'Schema Registry',
  text: 'Text (UTF-8)',
  json: 'JSON',
  hex: 'Hex',
  base64: 'Base64',
  msgpack: 'MessagePack',
};

export type DecodeFlag = 'invalid-utf8' | 'not-json' | 'not-msgpack' | 'not-schema' | 'schema-unknown' | 'schema-error';

export interface Decoded {
  /** What the text shows. */
  readonly as: 'null' | 'text' | 'json' | 'hex' | 'base64' | 'msgpack' | 'schema';
  readonly text: string;
  /** Parsed value for the JSON tree (json and msgpack). */
  readonly tree?: unknown;
  readonly flag?: DecodeFlag;
  /** Why a schema decode did not happen (unknown id, bad payload), in words from core. */
  readonly note?: string;
}

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, int64AsType: 'bigint' });

export function bytesOf(b: MessageBytes): Uint8Array {
  if (b.encoding === 'utf8') return new TextEncoder().encode(b.data);
  const bin = atob(b.data);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The UTF-8 text of the bytes, or null when they are not valid UTF-8 (never U+FFFD). */
export function textOf(b: MessageBytes): string | null {
  if (b.encoding === 'utf8') return b.data;
  try {
    return fatal.decode(bytesOf(b));
  } catch {
    return null;
  }
}

export function toHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const x of bytes) parts.push(x.toString(16).padStart(2, '0'));
  return parts.join(' ');
}

function toBase64(b: MessageBytes): string {
  if (b.encoding === 'base64') return b.data;
  let bin = '';
  for (const x of bytesOf(b)) bin += String.fromCharCode(x);
  return btoa(bin);
}

/** JSON text for values MessagePack can hold that JSON cannot (bigint, bytes, Map, Date). */
export function safeJson(value: unknown): string {
  return JSON.stringify(plain(value), null, 2) ?? 'undefined';
}

export function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array)
    return `<${value.length} bytes: ${toHex(value.subarray(0, 64))}${value.length > 64 ? ' …' : ''}>`;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function asJson(b: MessageBytes): Decoded | null {
  const text = textOf(b);
  if (text === null) return null;
  try {
    const tree = JSON.parse(text) as unknown;
    return { as: 'json', text: JSON.stringify(tree, null, 2), tree };
  } catch {
    return null;
  }
}

function asMsgpack(b: MessageBytes): Decoded | null {
  try {
    // The whole buffer must be exactly one value: trailing bytes mean it is not MessagePack.
    const values = unpackr.unpackMultiple(bytesOf(b)) as unknown[] | undefined;
    if (!values || values.length !== 1) return null;
    const tree = plain(values[0]);
    return { as: 'msgpack', text: safeJson(tree), tree };
  } catch {
    return null;
  }
}

/**
 * The typed tree DocumentView shows for a decoded value (json and msgpack):
 * JSON numbers keep their exact text (an id above 2^53 is not rounded), and
 * MessagePack int64, binary and timestamps keep their types.
 */
export function docOf(b: MessageBytes | null, d: Decoded): DocValue | undefined {
  if (b === null) return undefined;
  if (d.as === 'json') {
    const text = textOf(b);
    if (text === null) return undefined;
    try {
      return parseJsonDoc(text);
    } catch {
      return fromJson(d.tree);
    }
  }
  if (d.as === 'msgpack') {
    try {
      const values = unpackr.unpackMultiple(bytesOf(b)) as unknown[] | undefined;
      return values?.length === 1 ? fromJson(values[0]) : fromJson(d.tree);
    } catch {
      return fromJson(d.tree);
    }
  }
  return undefined;
}

function hexFlagged(b: MessageBytes): Decoded {
  return { as: 'hex', text: toHex(bytesOf(b)), flag: 'invalid-utf8' };
}

/** MessagePack that starts with a map or array header: the only binary shapes auto-detect calls MessagePack. */
function looksLikeMsgpack(bytes: Uint8Array): boolean {
  const first = bytes[0];
  if (first === undefined) return false;
  return (first >= 0x80 && first <= 0x9f) || first === 0xdc || first === 0xdd || first === 0xde || first === 0xdf;
}

export function decode(b: MessageBytes | null, decoder: DecoderId): Decoded {
  if (b === null) return { as: 'null', text: 'null' };
  switch (decoder) {
    case 'text': {
      const text = textOf(b);
      return text === null ? hexFlagged(b) : { as: 'text', text };
    }
    case 'json': {
      const json = asJson(b);
      if (json) return json;
      const text = textOf(b);
      return text === null ? hexFlagged(b) : { as: 'text', text, flag: 'not-json' };
    }
    case 'hex':
      return { as: 'hex', text: toHex(bytesOf(b)) };
    case 'base64':
      return { as: 'base64', text: toBase64(b) };
    case 'msgpack':
      return asMsgpack(b) ?? { ...hexFlagged(b), flag: 'not-msgpack' };
    case 'registry':
      // With a registry, core decodes wire-format values (schemaDecode.ts); bytes that reach here are not in it.
      return { as: 'hex', text: toHex(bytesOf(b)), flag: 'not-schema' };
    case 'auto': {
      const text = textOf(b);
      if (text !== null) {
        const t = text.trimStart();
        if (t.startsWith('{') || t.startsWith('[')) return asJson(b) ?? { as: 'text', text };
        return { as: 'text', text };
      }
      if (!b.truncated && looksLikeMsgpack(bytesOf(b))) {
        const mp = asMsgpack(b);
        if (mp) return mp;
      }
      return hexFlagged(b);
    }
  }
}

/** One line for the grid: auto-decoded, whitespace collapsed, cut at `max` characters. */
export function preview(b: MessageBytes | null, max = 200): string {
  if (b === null) return '';
  const d = decode(
    b.encoding === 'base64' && b.data.length > max * 2 ? { ...b, data: b.data.slice(0, max * 2) } : b,
    'auto',
  );
  const text = d.as === 'json' ? JSON.stringify(d.tree) : d.text;
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

export function formatSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
