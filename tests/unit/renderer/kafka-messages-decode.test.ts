import { pack } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { decode, preview, textOf } from '../../../src/renderer/src/features/kafka/messages/decode';
import type { MessageBytes } from '../../../src/shared/contract/kafka/messages';

const utf8 = (data: string): MessageBytes => ({
  encoding: 'utf8',
  data,
  size: new TextEncoder().encode(data).length,
  truncated: false,
});
const bin = (bytes: ArrayLike<number>): MessageBytes => {
  const b = Uint8Array.from(bytes);
  return { encoding: 'base64', data: btoa(String.fromCharCode(...b)), size: b.length, truncated: false };
};

describe('message decoders', () => {
  it('null is shown as null (tombstone / no key)', () => {
    expect(decode(null, 'auto')).toEqual({ as: 'null', text: 'null' });
  });

  it('invalid UTF-8 becomes hex with a flag, never U+FFFD', () => {
    const b = bin([0xc3, 0x28, 0x41]);
    expect(textOf(b)).toBeNull();
    for (const d of ['auto', 'text', 'json'] as const) {
      const out = decode(b, d);
      expect(out).toMatchObject({ as: 'hex', text: 'c3 28 41', flag: 'invalid-utf8' });
      expect(out.text).not.toContain('\uFFFD');
    }
  });

  it('valid UTF-8 sent as base64 still decodes as text', () => {
    expect(decode(bin(new TextEncoder().encode('héllo')), 'text')).toEqual({ as: 'text', text: 'héllo' });
  });

  it('auto-detects JSON and pretty-prints it; JSON decoder flags non-JSON', () => {
    const d = decode(utf8('{"a":1,"b":[true,null]}'), 'auto');
    expect(d.as).toBe('json');
    expect(d.text).toBe('{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
    expect(d.tree).toEqual({ a: 1, b: [true, null] });
    expect(decode(utf8('plain words'), 'auto')).toEqual({ as: 'text', text: 'plain words' });
    expect(decode(utf8('{broken'), 'json')).toMatchObject({ as: 'text', flag: 'not-json' });
  });

  it('hex and base64 of the exact bytes', () => {
    expect(decode(utf8('AB'), 'hex').text).toBe('41 42');
    expect(decode(utf8('AB'), 'base64').text).toBe('QUI=');
    expect(decode(bin([0xff, 0]), 'base64').text).toBe('/wA=');
  });

  it('MessagePack: explicit and auto-detected maps; bad input flagged', () => {
    const packed = bin(pack({ id: 7, tags: ['x'], big: 2n ** 60n }));
    const d = decode(packed, 'msgpack');
    expect(d.as).toBe('msgpack');
    expect(d.tree).toEqual({ id: 7, tags: ['x'], big: (2n ** 60n).toString() });
    expect(decode(packed, 'auto').as).toBe('msgpack');
    expect(decode(bin([0x82, 0xa1]), 'msgpack')).toMatchObject({ as: 'hex', flag: 'not-msgpack' });
    expect(decode(bin([0x01, 0x02]), 'msgpack')).toMatchObject({ as: 'hex', flag: 'not-msgpack' });
  });

  it('preview is one line and bounded', () => {
    expect(preview(utf8('{\n "a": 1\n}'))).toBe('{"a":1}');
    expect(preview(utf8('x'.repeat(500)), 10)).toBe(`${'x'.repeat(10)}…`);
    expect(preview(null)).toBe('');
  });
});
