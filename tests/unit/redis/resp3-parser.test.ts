/**
 * The CLI's RESP3 parser on hand-written frames: every RESP3 type, input
 * split at every byte, attributes, push frames, and the bounds (huge bulk
 * declared, kept bytes, kept items, nesting, long lines).
 */
import { describe, expect, it } from 'vitest';
import {
  Resp3Parser,
  RespProtocolError,
  type ParserLimits,
  type Resp3,
} from '../../../src/core/redis/cli/resp3/parser';
import { encodeCommand } from '../../../src/core/redis/cli/resp3/connection';
import { keySlot } from '../../../src/core/redis/cli/resp3/slot';

const LIMITS: ParserLimits = { keepBytes: 1024, maxItems: 1000, maxBulk: 1 << 20, maxLine: 256, maxDepth: 8 };

function parse(input: string | Buffer, limits: ParserLimits = LIMITS, chunk = 0): Resp3[] {
  const out: Resp3[] = [];
  const p = new Resp3Parser(limits, (v) => out.push(v));
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1');
  if (chunk <= 0) p.feed(buf);
  else for (let i = 0; i < buf.length; i += chunk) p.feed(buf.subarray(i, i + chunk));
  return out;
}

const bulk = (s: string): Resp3 => ({ t: 'bulk', bytes: Buffer.from(s), size: Buffer.byteLength(s) });

const ALL =
  '+OK\r\n-ERR bad\r\n:-42\r\n(3492890328409238509324850943850943825024385\r\n,1.5\r\n,inf\r\n#t\r\n#f\r\n_\r\n' +
  '$5\r\nhe\r\nl\r\n$-1\r\n$0\r\n\r\n=15\r\ntxt:Some string\r\n!9\r\nSYNTAX xx\r\n' +
  '*2\r\n:1\r\n*1\r\n$1\r\nx\r\n%2\r\n+a\r\n:1\r\n$1\r\nb\r\n~1\r\n+m\r\n*0\r\n%0\r\n*-1\r\n';

const EXPECTED: Resp3[] = [
  { t: 'simple', text: 'OK' },
  { t: 'error', text: 'ERR bad' },
  { t: 'int', value: '-42' },
  { t: 'bignum', value: '3492890328409238509324850943850943825024385' },
  { t: 'double', value: '1.5' },
  { t: 'double', value: 'inf' },
  { t: 'bool', value: true },
  { t: 'bool', value: false },
  { t: 'nil' },
  bulk('he\r\nl'),
  { t: 'nil' },
  bulk(''),
  { t: 'verbatim', format: 'txt', bytes: Buffer.from('Some string'), size: 11 },
  { t: 'error', text: 'SYNTAX xx' },
  {
    t: 'array',
    total: 2,
    items: [
      { t: 'int', value: '1' },
      { t: 'array', total: 1, items: [bulk('x')] },
    ],
  },
  {
    t: 'map',
    total: 2,
    entries: [
      [
        { t: 'simple', text: 'a' },
        { t: 'int', value: '1' },
      ],
      [bulk('b'), { t: 'set', total: 1, items: [{ t: 'simple', text: 'm' }] }],
    ],
  },
  { t: 'array', total: 0, items: [] },
  { t: 'map', total: 0, entries: [] },
  { t: 'nil' },
];

describe('RESP3 parser', () => {
  it('parses every RESP3 type', () => {
    expect(parse(ALL)).toEqual(EXPECTED);
  });

  it('gives the same values however the input is fragmented', () => {
    for (const chunk of [1, 2, 3, 7, 13]) expect(parse(ALL, LIMITS, chunk), `chunks of ${chunk}`).toEqual(EXPECTED);
  });

  it('attaches attributes to the value that follows, at the top and inside an aggregate', () => {
    const input = '|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039123\r\n|1\r\n+ttl\r\n:3\r\n:9\r\n';
    const [v] = parse(input, LIMITS, 1);
    expect(v).toEqual({
      t: 'attributed',
      attrs: [
        [
          { t: 'simple', text: 'key-popularity' },
          { t: 'map', total: 1, entries: [[bulk('a'), { t: 'double', value: '0.19' }]] },
        ],
      ],
      value: {
        t: 'array',
        total: 2,
        items: [
          { t: 'int', value: '2039123' },
          {
            t: 'attributed',
            attrs: [
              [
                { t: 'simple', text: 'ttl' },
                { t: 'int', value: '3' },
              ],
            ],
            value: { t: 'int', value: '9' },
          },
        ],
      },
    });
  });

  it('delivers push frames as values of their own, between replies', () => {
    const out = parse('>2\r\n+invalidate\r\n*1\r\n$3\r\nfoo\r\n+OK\r\n', LIMITS, 2);
    expect(out.map((v) => v.t)).toEqual(['push', 'simple']);
    expect(out[0]).toEqual({
      t: 'push',
      total: 2,
      items: [
        { t: 'simple', text: 'invalidate' },
        { t: 'array', total: 1, items: [bulk('foo')] },
      ],
    });
  });

  it('rejects a bulk declared larger than the limit before reading it', () => {
    expect(() => parse(`$${(1 << 20) + 1}\r\n`)).toThrow(RespProtocolError);
    expect(() => parse(`*${(1 << 20) + 1}\r\n`)).toThrow(/over the limit/);
  });

  it('keeps only keepBytes of a big bulk, with its full size, and reads on in step', () => {
    const big = Buffer.alloc(5000, 0x61);
    const input = Buffer.concat([Buffer.from('$5000\r\n'), big, Buffer.from('\r\n:7\r\n')]);
    const out = parse(input, LIMITS, 333);
    expect(out[0]).toMatchObject({ t: 'bulk', size: 5000 });
    expect(out[0]!.t === 'bulk' && out[0]!.bytes.length).toBe(1024);
    expect(out[1]).toEqual({ t: 'int', value: '7' });
  });

  it('keeps at most maxItems values of one reply, across nesting, and the totals', () => {
    const limits = { ...LIMITS, maxItems: 5 };
    const rows = Array.from({ length: 10 }, (_, i) => `*2\r\n:${i}\r\n:${i}\r\n`).join('');
    const out = parse(`*10\r\n${rows}+next\r\n`, limits, 5);
    const top = out[0]!;
    expect(top.t === 'array' && top.total).toBe(10);
    const kept = top.t === 'array' ? top.items : [];
    const count = (v: Resp3): number =>
      v.t === 'array' ? v.items.length + v.items.reduce((a, x) => a + count(x), 0) : 0;
    expect(count(top)).toBeLessThanOrEqual(5);
    expect(kept.length).toBeGreaterThan(0);
    // The next reply gets a fresh budget.
    expect(out[1]).toEqual({ t: 'simple', text: 'next' });
  });

  it('refuses nesting past maxDepth, over-long lines, and bytes that are not RESP', () => {
    expect(() => parse('*1\r\n'.repeat(9) + ':1\r\n')).toThrow(/nested too deeply/);
    expect(() => parse('+' + 'x'.repeat(300))).toThrow(/too long/);
    expect(() => parse('?abc\r\n')).toThrow(/Unknown reply type/);
    expect(() => parse(':12a\r\n')).toThrow(/Bad integer/);
    expect(() => parse('$?\r\n')).toThrow(/Bad length/);
    expect(() => parse('#x\r\n')).toThrow(/Bad boolean/);
  });
});

describe('RESP encoding and slots', () => {
  it('sends argv as an array of bulk strings, bytes exact', () => {
    expect(
      encodeCommand([Buffer.from('SET'), Buffer.from('a b'), Buffer.from([0xff, 0x0d, 0x0a])]).toString('latin1'),
    ).toBe('*3\r\n$3\r\nSET\r\n$3\r\na b\r\n$3\r\n\xff\r\n\r\n');
  });

  it('computes cluster slots as Redis does, hash tags included', () => {
    expect(keySlot(Buffer.from('foo'))).toBe(12182);
    expect(keySlot(Buffer.from('{user1000}.following'))).toBe(3443);
    expect(keySlot(Buffer.from('{user1000}.followers'))).toBe(3443);
    expect(keySlot(Buffer.from('a{}b'))).toBe(13694);
  });
});
