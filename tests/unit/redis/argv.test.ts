import { describe, expect, it } from 'vitest';
import { commandLines, splitArgs } from '../../../src/shared/contract/redis/argv';

const args = (line: string): string[] => {
  const r = splitArgs(line);
  if (!r.ok) throw new Error(r.error);
  return r.argv.map((a) => Buffer.from(a).toString('latin1'));
};
const utf8 = (line: string): string[] => {
  const r = splitArgs(line);
  if (!r.ok) throw new Error(r.error);
  return r.argv.map((a) => Buffer.from(a).toString());
};

describe('splitArgs (redis-cli quoting)', () => {
  it('splits on whitespace', () => {
    expect(args('  SET  k   v ')).toEqual(['SET', 'k', 'v']);
    expect(args('')).toEqual([]);
  });
  it('double quotes take escapes, including \\xHH bytes', () => {
    expect(args('SET k "a b\\n\\t\\"q\\\\"')).toEqual(['SET', 'k', 'a b\n\t"q\\']);
    expect(args('SET "\\xff\\x00k" v')).toEqual(['SET', '\xff\x00k', 'v']);
    expect(args('GET "\\q"')).toEqual(['GET', 'q']);
  });
  it("single quotes take only \\'", () => {
    expect(args("SET k 'it\\'s \\n raw'")).toEqual(['SET', 'k', "it's \\n raw"]);
  });
  it('a closing quote must be followed by a space; unbalanced quotes are errors', () => {
    expect(splitArgs('SET "a"b c')).toMatchObject({ ok: false });
    expect(splitArgs('SET "abc')).toMatchObject({ ok: false, error: 'Unbalanced double quote.' });
    expect(splitArgs("SET 'abc")).toMatchObject({ ok: false, error: 'Unbalanced single quote.' });
  });
  it('quotes inside a word join it (as redis-cli does: a"b c"d is not allowed, but ab"c d" is one arg)', () => {
    expect(args('SET ab"c d" v')).toEqual(['SET', 'abc d', 'v']);
  });
  it('keeps UTF-8 text as UTF-8 bytes', () => {
    expect(utf8('SET clé "naïve 🙂"')).toEqual(['SET', 'clé', 'naïve 🙂']);
  });
  it('finds command lines, skipping blanks and comments', () => {
    expect(commandLines('PING\n\n# note\n  GET k\n')).toEqual([
      { from: 0, to: 4 },
      { from: 13, to: 20 },
    ]);
  });
});
