import { describe, expect, it } from 'vitest';
import { compileFilter, lineColumn } from '../../../src/core/kafka/messages/filter';
import type { KafkaRecord } from '../../../src/core/kafka/protocol/records';
import { StackdeckError } from '../../../src/shared/errors';

const rec = (over: Partial<KafkaRecord>): KafkaRecord => ({
  topic: 't',
  partition: 2,
  offset: 42,
  timestamp: 1_700_000_000_000,
  timestampType: 'create',
  key: Buffer.from('order-1'),
  value: Buffer.from('{"status":"failed","amount":12.5,"items":[1,2]}'),
  headers: [{ key: 'source', value: Buffer.from('web') }],
  sizeBytes: 100,
  leaderEpoch: 0,
  transactional: false,
  ...over,
});

function compileError(expression: string): StackdeckError {
  try {
    compileFilter({ kind: 'cel', expression });
  } catch (e) {
    return e as StackdeckError;
  }
  throw new Error('expected a compile error');
}

describe('CEL filter', () => {
  it('matches over parsed JSON value, key, headers, partition, offset, timestamp', () => {
    const test = (expression: string, r = rec({})) => compileFilter({ kind: 'cel', expression }).test(r);
    expect(test('value.status == "failed" && value.amount > 10.0')).toBe(true);
    expect(test('size(value.items) == 2 && key.startsWith("order")')).toBe(true);
    expect(test('headers.source == "web" && partition == 2 && offset >= 40 && timestamp > 0')).toBe(true);
    expect(test('value.status == "ok"')).toBe(false);
    // A non-JSON value is a string.
    expect(test('value.contains("lo w")', rec({ value: Buffer.from('hello world') }))).toBe(true);
    expect(test('value == null', rec({ value: null }))).toBe(true);
  });

  it('a record the expression cannot evaluate is a non-match, counted', () => {
    const m = compileFilter({ kind: 'cel', expression: 'value.missing == 1' });
    expect(m.test(rec({}))).toBe(false);
    expect(m.evalErrors).toBe(1);
  });

  it('syntax and type errors are INVALID_INPUT with line and column', () => {
    const e = compileError('value.a == 1 &&\n   ');
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.detail).toMatchObject({ line: 2, column: 4 });
    expect(e.message).toMatch(/line 2, column 4/);
    expect(compileError('partition == "x"').message).toMatch(/line 1, column 1/);
    expect(compileError('nosuchvar > 1').code).toBe('INVALID_INPUT');
    expect(compileError('offset + 1').message).toMatch(/not true\/false/);
  });

  it('no code evaluation: JavaScript is just a syntax error', () => {
    expect(compileError('process.exit(1)').code).toBe('INVALID_INPUT');
    expect(compileError('(function(){return 1})()').code).toBe('INVALID_INPUT');
  });

  it('lineColumn', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('contains filter', () => {
  const f = (text: string, extra: { in?: Array<'key' | 'value' | 'headers'>; caseSensitive?: boolean } = {}) =>
    compileFilter({
      kind: 'contains',
      text,
      in: extra.in ?? ['key', 'value'],
      caseSensitive: extra.caseSensitive ?? false,
    });
  it('searches key and value, case-insensitive by default', () => {
    expect(f('FAILED').test(rec({}))).toBe(true);
    expect(f('FAILED', { caseSensitive: true }).test(rec({}))).toBe(false);
    expect(f('ORDER-1', { in: ['value'] }).test(rec({}))).toBe(false);
    expect(f('order-1', { in: ['key'] }).test(rec({}))).toBe(true);
  });
  it('searches header keys and values only when asked; nulls never match', () => {
    expect(f('web').test(rec({}))).toBe(false);
    expect(f('web', { in: ['headers'] }).test(rec({}))).toBe(true);
    expect(f('source', { in: ['headers'] }).test(rec({}))).toBe(true);
    expect(f('x', { in: ['key', 'value'] }).test(rec({ key: null, value: null }))).toBe(false);
  });
});

describe('CEL byte pre-check (sound: never drops a real match)', () => {
  const test = (expression: string, r: KafkaRecord) => compileFilter({ kind: 'cel', expression }).test(r);
  it('skips records lacking a required literal, and still matches real ones', () => {
    expect(test('value.status == "failed"', rec({}))).toBe(true);
    expect(test('value.status == "ok"', rec({}))).toBe(false);
    expect(test('"failed" == value.status && partition == 2', rec({}))).toBe(true);
    expect(test('key.startsWith("order")', rec({}))).toBe(true);
  });
  it('evaluates when JSON escapes could spell the literal differently', () => {
    expect(test('value.status == "failed"', rec({ value: Buffer.from('{"status":"f\\u0061iled"}') }))).toBe(true);
  });
  it('evaluates binary values (offered to CEL as hex text)', () => {
    expect(test('value == "ff00"', rec({ value: Buffer.from([0xff, 0x00]) }))).toBe(true);
  });
  it('does not pre-check under || or !', () => {
    expect(test('value.status == "nope" || partition == 2', rec({}))).toBe(true);
    expect(test('!(value.status == "nope")', rec({}))).toBe(true);
  });
});
