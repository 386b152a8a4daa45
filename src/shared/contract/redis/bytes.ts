/**
 * Redis keys and values are bytes. They cross the boundary as base64 (exact),
 * and are shown as text when they are valid UTF-8, or as escaped bytes
 * (redis-cli's `\xHH` style) when they are not, so a binary key can be shown,
 * opened, renamed and deleted by its exact bytes. Pure TS: used by core and UI.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

export function base64ToBytes(b64: string): Uint8Array {
  const clean = b64.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let j = 0;
  for (const ch of clean) {
    const v = LOOKUP.get(ch);
    if (v === undefined) throw new Error('not base64');
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, j);
}

const strict = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** The text of `bytes` when they are valid UTF-8, otherwise null. */
export function utf8OrNull(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

export function textToBytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** redis-cli's escaping: printable ASCII as is (backslash and quote escaped), everything else `\xHH`. */
export function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0x22) out += '\\"';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Text for display: the UTF-8 text when valid (and free of control characters), else escaped bytes. */
export function displayBytes(bytes: Uint8Array): { display: string; binary: boolean } {
  const text = utf8OrNull(bytes);
  // Control characters in a key name would be invisible or break the row: show those escaped too.
  // eslint-disable-next-line no-control-regex
  if (text !== null && !/[\u0000-\u001f\u007f]/.test(text)) return { display: text, binary: false };
  return { display: escapeBytes(bytes), binary: true };
}

/** Lowercase hex with a space between bytes, for the hex view of a value. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Parses hex typed by a user (spaces, `0x` and `\x` prefixes allowed); null when it is not hex. */
export function parseHex(text: string): Uint8Array | null {
  const clean = text.replace(/0x|\\x/gi, '').replace(/[\s,]+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(clean)) return null;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
