import { describe, expect, it } from 'vitest';
import { linearRegexExpression } from '../../../src/core/kafka/messages/celRegex';
import { compileCel, compileFilter } from '../../../src/core/kafka/messages/filter';
import type { KafkaRecord } from '../../../src/core/kafka/protocol/records';
import { StackdeckError } from '../../../src/shared/errors';

/** User regular expressions run in linear time (RE2), whatever the pattern (issue #8). */

const rec = (value: string, key = 'k'): KafkaRecord => ({
  topic: 't',
  partition: 0,
  offset: 7,
  timestamp: 0,
  timestampType: 'create',
  key: Buffer.from(key),
  value: Buffer.from(value),
  headers: [],
  sizeBytes: value.length,
  leaderEpoch: 0,
  transactional: false,
});

const test = (expression: string, r: KafkaRecord): boolean => compileFilter({ kind: 'cel', expression }).test(r);

describe('CEL matches uses RE2', () => {
  it('a pathological pattern over 34 "a"s and a "!" answers at once (JavaScript RegExp would run for hours)', () => {
    const started = performance.now();
    expect(test('string(value).matches("^(a+)+$")', rec(`${'a'.repeat(34)}!`))).toBe(false);
    expect(test('value.matches("^(a|aa)+$")', rec('a'.repeat(5000)))).toBe(true);
    expect(test('value.matches("(x+x+)+y")', rec('x'.repeat(100_000)))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('keeps CEL semantics: a match anywhere, anchors, classes, flags, a pattern computed per record', () => {
    expect(test('value.matches("fail")', rec('it failed'))).toBe(true);
    expect(test('value.matches("^fail")', rec('it failed'))).toBe(false);
    expect(test('value.matches("(?i)^IT\\\\s+F")', rec('it failed'))).toBe(true);
    expect(test('key.matches("^ord-[0-9]+$")', rec('x', 'ord-12'))).toBe(true);
    expect(test('value.matches(key)', rec('abc', 'b'))).toBe(true);
  });

  it('leaves ".matches(" inside string literals alone and rewrites only real calls', () => {
    const expression = 'value == "x.matches(y)" || value.matches( "z" ) || key.matches("a")';
    const parsed = compileCel(expression);
    expect(linearRegexExpression(expression, parsed.ast)).toBe(expression);
    expect(test(expression, rec('x.matches(y)'))).toBe(true);
    expect(test(expression, rec('zz'))).toBe(true);
    expect(test(expression, rec('q'))).toBe(false);
  });

  it('refuses a constant pattern RE2 does not accept, with its position, before anything is read', () => {
    let err: unknown;
    try {
      compileFilter({ kind: 'cel', expression: 'value.matches("(a)\\\\1")' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StackdeckError);
    expect((err as StackdeckError).code).toBe('INVALID_INPUT');
    expect((err as StackdeckError).message).toMatch(/RE2 syntax/);
    expect((err as StackdeckError).detail?.position).toBe(14);
  });

  it('an invalid pattern computed per record is an evaluation error (a non-match), not a crash', () => {
    const m = compileFilter({ kind: 'cel', expression: 'value.matches(key)' });
    expect(m.test(rec('abc', '(?<='))).toBe(false);
    expect(m.evalErrors).toBe(1);
  });
});
