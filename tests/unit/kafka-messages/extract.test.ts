import { describe, expect, it } from 'vitest';
import { fieldExtractor, namedFields, NOT_AN_OBJECT } from '../../../src/core/kafka/messages/extract';
import { compileFilter } from '../../../src/core/kafka/messages/filter';
import type { KafkaRecord } from '../../../src/core/kafka/protocol/records';
import { celFilterEnv } from '../../../src/shared/cel';

const ast = (e: string): unknown => (celFilterEnv.parse(e) as unknown as { ast: unknown }).ast;
const names = (e: string, v: 'key' | 'value' = 'value'): string[] | null => {
  const n = namedFields(ast(e), v);
  return n === null ? null : [...n].sort();
};

describe('namedFields: which top-level fields an expression reads', () => {
  it('lists the fields read by name, through nesting, indexes, macros and methods', () => {
    expect(names('int(value.id) % 100 == 0')).toEqual(['id']);
    expect(names('value.user.name == "a" && value["content-type"] == "json"')).toEqual(['content-type', 'user']);
    expect(names('has(value.x.y) || value.items[0].sku.startsWith("a")')).toEqual(['items', 'x']);
    expect(names('key.tenant == "a" && value.id == 1', 'key')).toEqual(['tenant']);
    expect(names('partition == 1')).toEqual([]);
  });

  it('is null when the expression needs the whole value', () => {
    for (const e of [
      'size(value) > 1',
      'value == "x"',
      '"id" in value',
      'value[key] == 1',
      'value[0] == 1',
      'value.exists(k, k == "a")',
      'value.contains("x")',
      'value.__proto__ == 1',
    ])
      expect(names(e), e).toBeNull();
  });
});

/** What JSON.parse gives at the named fields, or NOT_AN_OBJECT: the reference the extractor must equal. */
function reference(text: string, wanted: readonly string[]): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return NOT_AN_OBJECT;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !/^[\t\n\r ]*\{/.test(text))
    return NOT_AN_OBJECT;
  const o = parsed as Record<string, unknown>;
  return Object.fromEntries(wanted.filter((w) => Object.hasOwn(o, w)).map((w) => [w, o[w]]));
}

const CORPUS: readonly string[] = [
  '{"id": 5, "user": {"name": "ann", "tags": ["a", "b"]}, "pad": "xxxx"}',
  '{"id":-0,"n":1e400,"f":1.5e-3,"big":123456789012345678901234567890,"neg":-42,"z":0}',
  '{"id": "caf\\u00e9 \\"quoted\\" \\\\ \\/ \\b\\f\\n\\r\\t", "user": "日本語 🎉"}',
  '{"i\\u0064": 7, "id": 8}',
  '{"id": 1, "id": 2}',
  '  \n\t{ "id" : [ 1 , { "a" : null } , true , false ] }\r\n ',
  '{"user": {"id": {"deep": [[[{"x": 1}]]]}}, "id": {}}',
  '{}',
  '{"other": 1}',
  '{"id": "ünïcödé", "ключ": "значение"}',
  '[{"id": 1}]',
  '"just a string"',
  '42',
  'not json at all',
  '',
  '{"id": 1,}',
  '{"id": 01}',
  '{"id": 1.}',
  '{"id": .5}',
  '{"id": +1}',
  '{"id": 1e}',
  '{"id": "tab\tinside"}',
  '{"id": "bad \\x escape"}',
  '{"id": "\\u12"}',
  '{"id": tru}',
  '{"id": 1} trailing',
  '{"id": 1}}',
  '{"id" 1}',
  "{'id': 1}",
  '{"id": 1',
  '{"id": "unterminated}',
  '\uFEFF{"id": 1}',
  '\u00a0{"id": 1}',
  '{"id": NaN}',
  `{"id": ${'['.repeat(300)}${']'.repeat(300)}}`,
  `{"id": 1, "deep": ${'{"a":'.repeat(300)}1${'}'.repeat(300)}}`,
];

describe('fieldExtractor equals JSON.parse at the named fields', () => {
  it.each(CORPUS)('%j', (text) => {
    for (const wanted of [['id'], ['id', 'user'], ['missing'], ['user', 'ключ']]) {
      const got = fieldExtractor(new Set(wanted))(Buffer.from(text, 'utf8'));
      const want = reference(text, wanted);
      // Deep nesting past the scanner's depth limit is handed to the full parse (never a wrong answer).
      if (got === NOT_AN_OBJECT && want !== NOT_AN_OBJECT) expect(text.length).toBeGreaterThan(600);
      else expect(got).toStrictEqual(want);
      if (typeof want === 'object' && want !== null && 'id' in want && Object.is(want.id, -0))
        expect(Object.is((got as { id: unknown }).id, -0)).toBe(true);
    }
  });
});

const rec = (value: Buffer | null, key: Buffer | null = Buffer.from('k')): KafkaRecord => ({
  topic: 't',
  partition: 1,
  offset: 7,
  timestamp: 1_700_000_000_000,
  timestampType: 'create',
  key,
  value,
  headers: [],
  sizeBytes: 1,
  leaderEpoch: 0,
  transactional: false,
});

describe('CEL search results are the same with field extraction as with full parsing', () => {
  const values: (Buffer | null)[] = [
    ...CORPUS.map((t) => Buffer.from(t, 'utf8')),
    null,
    Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
    Buffer.from('{"id": "\xff"}', 'latin1'),
  ];
  const expressions = [
    'int(value.id) % 100 == 0',
    'value.id == 5',
    'has(value.id)',
    'value.id == 8 || value.id == 2',
    'value.user.name == "ann"',
    'size(value.user.tags) == 2',
    'value.id == "café \\"quoted\\" \\\\ / \\b\\f\\n\\r\\t"',
    'value.user == "日本語 🎉"',
    'value["ключ"] == "значение"',
    'value.id.exists(x, x == true)',
    'type(value.id) == list',
    'string(value.n) == "+infinity" || value.id == -0',
    'key.tenant == "a"',
  ];
  it.each(expressions)('%s', (expression) => {
    const fast = compileFilter({ kind: 'cel', expression });
    const full = compileFilter({ kind: 'cel', expression }, { fieldExtraction: false });
    const keys = [Buffer.from('k'), Buffer.from('{"tenant": "a"}'), Buffer.from('{"tenant": "a",}')];
    for (const v of values) {
      for (const k of keys) expect(fast.test(rec(v, k)), `${String(v)} / ${String(k)}`).toBe(full.test(rec(v, k)));
    }
    expect(fast.evalErrors).toBe(full.evalErrors);
  });
});
