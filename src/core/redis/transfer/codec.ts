/**
 * The JSON Lines shape of an exported key (see src/shared/contract/redis/transfer.ts):
 * byte strings as UTF-8 text when valid, else {"b64": ...}. Pure; both ways.
 */
import { utf8OrNull } from '../../../shared/contract/redis/bytes';

export type Bytes = string | { b64: string };

export function enc(b: Buffer): Bytes {
  const text = utf8OrNull(b);
  return text !== null ? text : { b64: b.toString('base64') };
}

export function dec(v: unknown, where: string): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v && typeof v === 'object' && typeof (v as { b64?: unknown }).b64 === 'string') {
    const b64 = (v as { b64: string }).b64;
    const buf = Buffer.from(b64, 'base64');
    if (buf.toString('base64').replace(/=+$/, '') !== b64.replace(/=+$/, ''))
      throw new Error(`${where} is not valid base64`);
    return buf;
  }
  throw new Error(`${where} must be a string or {"b64": ...}`);
}

export interface ParsedKey {
  key: Buffer;
  type: 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';
  ttlMs: number;
  /** The commands that create the key (after a DEL when replacing). */
  commands: (string | Buffer)[][];
}

const SCORE = /^([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?|[-+]?inf)$/i;

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${where} must be an array`);
  return v;
}

/** One line of an export as the commands that recreate it; throws a message naming what is wrong. */
export function parseLine(line: string): ParsedKey {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    throw new Error('not valid JSON');
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw new Error('not a JSON object');
  const r = o as Record<string, unknown>;
  const key = dec(r.key, '"key"');
  if (key.length === 0) throw new Error('"key" is empty');
  const ttlMs = r.ttlMs === undefined ? -1 : Number(r.ttlMs);
  if (!Number.isInteger(ttlMs) || ttlMs < -1 || ttlMs === 0)
    throw new Error('"ttlMs" must be -1 or a positive integer');
  const v = r.value;
  const cmds: (string | Buffer)[][] = [];
  switch (r.type) {
    case 'string':
      cmds.push(['SET', key, dec(v, '"value"')]);
      break;
    case 'hash': {
      const pairs = arr(v, '"value"').flatMap((p, i) => {
        const [f, x] = arr(p, `value[${i}]`);
        return [dec(f, `value[${i}][0]`), dec(x, `value[${i}][1]`)];
      });
      if (pairs.length === 0) throw new Error('an empty hash cannot be created');
      cmds.push(['HSET', key, ...pairs]);
      break;
    }
    case 'list':
    case 'set': {
      const items = arr(v, '"value"').map((x, i) => dec(x, `value[${i}]`));
      if (items.length === 0) throw new Error(`an empty ${r.type} cannot be created`);
      cmds.push([r.type === 'list' ? 'RPUSH' : 'SADD', key, ...items]);
      break;
    }
    case 'zset': {
      const args = arr(v, '"value"').flatMap((p, i) => {
        const [m, s] = arr(p, `value[${i}]`);
        const score = String(s);
        if (!SCORE.test(score)) throw new Error(`value[${i}][1] is not a score`);
        return [score, dec(m, `value[${i}][0]`)];
      });
      if (args.length === 0) throw new Error('an empty sorted set cannot be created');
      cmds.push(['ZADD', key, ...args]);
      break;
    }
    case 'stream': {
      const entries = arr(v, '"value"');
      if (entries.length === 0) throw new Error('an empty stream cannot be created');
      entries.forEach((e, i) => {
        const [id, fields] = arr(e, `value[${i}]`);
        if (typeof id !== 'string' || !/^\d+-\d+$/.test(id)) throw new Error(`value[${i}][0] is not an entry id`);
        const flat = arr(fields, `value[${i}][1]`).flatMap((p, j) => {
          const [f, x] = arr(p, `value[${i}][1][${j}]`);
          return [dec(f, 'field'), dec(x, 'value')];
        });
        if (flat.length === 0) throw new Error(`value[${i}] has no fields`);
        cmds.push(['XADD', key, id, ...flat]);
      });
      break;
    }
    default:
      throw new Error(`"type" must be string, hash, list, set, zset or stream`);
  }
  if (ttlMs > 0) cmds.push(['PEXPIRE', key, String(ttlMs)]);
  return { key, type: r.type, ttlMs, commands: cmds };
}
