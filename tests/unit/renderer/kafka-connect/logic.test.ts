import { describe, expect, it } from 'vitest';
import { configDiff, parseConfigJson, taskSummary } from '../../../../src/renderer/src/features/kafka/connect/logic';

describe('parseConfigJson', () => {
  it('takes one object of strings, turning numbers and booleans into strings', () => {
    expect(parseConfigJson('{"a":"x","tasks.max":2,"b":true}')).toEqual({
      ok: true,
      config: { a: 'x', 'tasks.max': '2', b: 'true' },
    });
  });

  it('refuses what is not JSON, not an object, or has nested values, naming the key', () => {
    expect(parseConfigJson('{"a":')).toMatchObject({ ok: false, error: expect.stringMatching(/Not valid JSON/) });
    expect(parseConfigJson('[1]')).toMatchObject({ ok: false, error: expect.stringMatching(/one JSON object/) });
    expect(parseConfigJson('null')).toMatchObject({ ok: false });
    expect(parseConfigJson('{"x":{"y":1}}')).toMatchObject({ ok: false, error: expect.stringMatching(/"x"/) });
    expect(parseConfigJson('{"x":null}')).toMatchObject({ ok: false, error: expect.stringMatching(/"x"/) });
  });
});

describe('configDiff', () => {
  it('lists added, changed and removed keys only, sorted', () => {
    expect(configDiff({ a: '1', b: '2', c: '3' }, { a: '1', b: '20', d: '4' })).toEqual([
      { key: 'b', before: '2', after: '20' },
      { key: 'c', before: '3', after: null },
      { key: 'd', before: null, after: '4' },
    ]);
    expect(configDiff({ a: '1' }, { a: '1' })).toEqual([]);
  });
});

describe('taskSummary', () => {
  it('counts tasks per state', () => {
    expect(taskSummary([])).toBe('no tasks');
    expect(taskSummary([{ state: 'RUNNING' }, { state: 'FAILED' }, { state: 'RUNNING' }])).toBe('2 RUNNING, 1 FAILED');
  });
});
