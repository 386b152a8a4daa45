/** DocValue from JavaScript values and from JSON text (exact numbers). */
import { type DocValue, NULL, intTag, bytesToBase64 } from './docValueBase';

/**
 * Any JavaScript value to a DocValue: what JSON.parse, MessagePack or a
 * driver returns. Integers become int (32-bit) or long, other numbers double,
 * bigint long, Date date, bytes binary, Map and plain objects object.
 */
export function fromJson(value: unknown): DocValue {
  if (value === null || value === undefined) return NULL;
  switch (typeof value) {
    case 'boolean':
      return { t: 'bool', v: value };
    case 'number':
      if (Number.isInteger(value) && Number.isSafeInteger(value)) return { t: intTag(String(value)), v: String(value) };
      return { t: 'double', v: String(value) };
    case 'bigint':
      return { t: 'long', v: value.toString() };
    case 'string':
      return { t: 'string', v: value };
    case 'object':
      break;
    default:
      return { t: 'other', type: typeof value, v: String(value) };
  }
  if (Array.isArray(value)) return { t: 'array', v: value.map(fromJson) };
  if (value instanceof Date)
    return Number.isNaN(value.getTime())
      ? { t: 'other', type: 'Date', v: 'Invalid Date' }
      : { t: 'date', v: value.toISOString() };
  if (value instanceof Uint8Array) return { t: 'binary', v: bytesToBase64(value), size: value.length };
  if (value instanceof ArrayBuffer) {
    const bytes = new Uint8Array(value);
    return { t: 'binary', v: bytesToBase64(bytes), size: bytes.length };
  }
  if (value instanceof Map) return { t: 'object', v: [...value].map(([k, v]) => [String(k), fromJson(v)]) };
  return { t: 'object', v: Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)]) };
}

export class JsonDocError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

/**
 * Parses JSON text straight into a DocValue, keeping every number's exact text
 * (JSON.parse rounds integers above 2^53): integers become int or long,
 * anything with a fraction or exponent double. Throws JsonDocError on bad JSON.
 */
export function parseJsonDoc(text: string): DocValue {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (what: string): never => {
    throw new JsonDocError(`${what} at position ${i}`, i);
  };
  const str = (): string => {
    // text[i] is the opening quote
    const start = ++i;
    let simple = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        simple = false;
        i += 2;
        continue;
      }
      if (c < 32) fail('Control character in a string');
      i++;
    }
    if (i >= n) fail('Unterminated string');
    const raw = text.slice(start, i);
    i++;
    if (simple) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return fail('Bad escape in a string');
    }
  };
  const NUM = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const value = (depth: number): DocValue => {
    if (depth > 2000) fail('Nested too deeply');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, DocValue][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'object', v: entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('Expected a property name');
        const k = str();
        ws();
        if (text[i] !== ':') fail("Expected ':'");
        i++;
        entries.push([k, value(depth + 1)]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { t: 'object', v: entries };
        }
        fail("Expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items: DocValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'array', v: items };
      }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { t: 'array', v: items };
        }
        fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return { t: 'string', v: str() };
    if (text.startsWith('true', i)) {
      i += 4;
      return { t: 'bool', v: true };
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return { t: 'bool', v: false };
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return NULL;
    }
    NUM.lastIndex = i;
    const m = NUM.exec(text);
    if (!m) return fail('Unexpected character');
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) return { t: intTag(m[0]), v: m[0] };
    return { t: 'double', v: m[0] };
  };
  const result = value(0);
  ws();
  if (i < n) fail('Unexpected text after the value');
  return result;
}
