/**
 * JSON text for decoded values, exact where JSON.stringify is not: a 64-bit
 * integer (bigint) is written as its digits, so an id above 2^53 reaches the
 * renderer (which keeps number text exact) unrounded; bytes are base64, as
 * in Protobuf's JSON mapping. And the way back for produce: JSON text parsed
 * with integers beyond 2^53 kept as bigint (JSON.parse's reviver source).
 */

function write(value: unknown, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'bigint':
      out.push(value.toString());
      return;
    case 'number':
      // NaN and infinities are valid Avro floats but not JSON numbers: say what they are.
      out.push(Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value)));
      return;
    case 'string':
    case 'boolean':
      out.push(JSON.stringify(value));
      return;
    case 'object':
      break;
    default:
      out.push(JSON.stringify(String(value)));
      return;
  }
  if (value instanceof Uint8Array) {
    out.push(JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((v: unknown, i) => {
      if (i > 0) out.push(',');
      write(v, out);
    });
    out.push(']');
    return;
  }
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  out.push('{');
  let first = true;
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(String(k)), ':');
    write(v, out);
  }
  out.push('}');
}

export function toJsonText(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join('');
}

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const exact: Reviver = (_key, value, context) => {
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && /^-?\d+$/.test(source) ? BigInt(source) : value;
};

/** JSON.parse keeping integers beyond 2^53 exact (as bigint). Throws SyntaxError as JSON.parse does. */
export function parseExactJson(text: string): unknown {
  return JSON.parse(text, exact as Parameters<typeof JSON.parse>[1]);
}
