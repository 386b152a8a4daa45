import { base64ToBytes, toHex, utf8OrNull } from '../../../../shared/contract/redis/bytes';

/** Pure helpers of the Redis screens (unit tested). */

export function formatTtl(ms: number): string {
  if (ms === -1) return 'No expiry';
  if (ms === -2) return 'Gone';
  if (ms < 1000) return `${ms} ms`;
  let s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', s ? `${s}s` : ''].filter(Boolean);
  return parts.slice(0, 2).join(' ');
}

export function formatBytes(n: number | null): string {
  if (n === null) return '';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en');
}

export interface Decoded {
  bytes: Uint8Array;
  /** The UTF-8 text, or null when the bytes are not valid UTF-8. */
  text: string | null;
}

export function decode(b64: string): Decoded {
  const bytes = base64ToBytes(b64);
  return { bytes, text: utf8OrNull(bytes) };
}

/** How a value is shown: its text when it is UTF-8, hex otherwise. */
export function valueText(b64: string, max = 500): string {
  const { bytes, text } = decode(b64);
  if (text !== null) return text.length > max ? `${text.slice(0, max)}…` : text;
  const hex = toHex(bytes.subarray(0, Math.ceil(max / 3)));
  return `0x ${hex}${bytes.length * 3 > max ? ' …' : ''}`;
}

/** Whether text parses as a JSON object or array (worth the JSON view). */
export function looksLikeJson(text: string | null): boolean {
  if (text === null) return false;
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

export const TYPE_LABEL: Readonly<Record<string, string>> = {
  string: 'STRING',
  hash: 'HASH',
  list: 'LIST',
  set: 'SET',
  zset: 'ZSET',
  stream: 'STREAM',
  'ReJSON-RL': 'JSON',
  none: 'GONE',
};

export const typeLabel = (t: string): string => TYPE_LABEL[t] ?? t.toUpperCase();
