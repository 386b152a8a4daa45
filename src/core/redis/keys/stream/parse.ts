/**
 * Parsers of stream replies. XINFO answers flat [name, value, ...] arrays;
 * values are read by name, so fields a newer server adds (or an older one
 * lacks) never shift the others.
 */
import { MEMBER_PREVIEW_BYTES } from '../../../../shared/contract/redis/collections';
import type { StreamEntry } from '../../../../shared/contract/redis/stream';
import { cut } from '../../bytes';

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString() : String(v));

/** A flat [name, value, ...] array as a Map by name. */
export function flatMap(reply: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const arr = Array.isArray(reply) ? (reply as unknown[]) : [];
  for (let i = 0; i + 1 < arr.length; i += 2) out.set(text(arr[i]), arr[i + 1]);
  return out;
}

export function intOrNull(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(text(v));
  return Number.isFinite(n) ? n : null;
}

export const int = (v: unknown): number => intOrNull(v) ?? 0;
export const str = (v: unknown): string => (v === null || v === undefined ? '' : text(v));

/** XRANGE entries: [[id, [field, value, ...]], ...] with Buffers. */
export function entries(reply: unknown): StreamEntry[] {
  const arr = Array.isArray(reply) ? (reply as [Buffer, Buffer[] | null][]) : [];
  return arr.map(([id, flat]) => {
    const fields = [];
    const list = flat ?? [];
    for (let i = 0; i + 1 < list.length; i += 2)
      fields.push({ field: cut(list[i]!, MEMBER_PREVIEW_BYTES), value: cut(list[i + 1]!, MEMBER_PREVIEW_BYTES) });
    return { id: text(id), fields };
  });
}

/** The id of XINFO STREAM's first-entry / last-entry ([id, fields] or null). */
export function entryId(v: unknown): string | null {
  return Array.isArray(v) && v.length > 0 ? text(v[0]) : null;
}
