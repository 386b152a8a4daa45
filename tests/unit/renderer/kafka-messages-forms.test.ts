import { describe, expect, it } from 'vitest';
import { parsePartitions } from '../../../src/renderer/src/features/kafka/messages/BrowseBar';
import { toRange } from '../../../src/renderer/src/features/kafka/messages/RangeFields';
import { DEFAULT_FILTER, caretAt, toFilter } from '../../../src/renderer/src/features/kafka/messages/SearchPanel';

describe('message browser forms', () => {
  it('parses partition lists and ranges; blank means all', () => {
    expect(parsePartitions('')).toBeUndefined();
    expect(parsePartitions('3, 0-2, 2')).toEqual([0, 1, 2, 3]);
    expect(parsePartitions('a')).toMatch(/not a partition/);
    expect(parsePartitions('5-1')).toMatch(/not a valid range/);
  });

  it('turns range drafts into contract ranges or a message', () => {
    expect(toRange({ kind: 'last', count: '50', offset: '', when: '' })).toEqual({ kind: 'last', count: 50 });
    expect(toRange({ kind: 'offset', count: '', offset: '12', when: '' })).toEqual({ kind: 'offset', offset: 12 });
    expect(toRange({ kind: 'offset', count: '', offset: '-1', when: '' })).toMatch(/whole number/);
    expect(toRange({ kind: 'timestamp', count: '', offset: '', when: '' })).toMatch(/Pick/);
    expect(toRange({ kind: 'oldest', count: '', offset: '', when: '' })).toEqual({ kind: 'oldest' });
  });

  it('turns filter drafts into contract filters or a message', () => {
    expect(toFilter({ ...DEFAULT_FILTER, text: 'x' })).toEqual({
      kind: 'contains',
      text: 'x',
      in: ['key', 'value'],
      caseSensitive: false,
    });
    expect(toFilter({ ...DEFAULT_FILTER, text: 'x', inKey: false, inValue: false })).toMatch(/Choose where/);
    expect(toFilter({ ...DEFAULT_FILTER, kind: 'cel', expression: ' ' })).toMatch(/CEL expression/);
    expect(toFilter({ ...DEFAULT_FILTER, kind: 'cel', expression: 'partition == 1' })).toEqual({
      kind: 'cel',
      expression: 'partition == 1',
    });
  });

  it('points a caret at the CEL error column', () => {
    expect(caretAt('a ==\n  && b', 2, 3)).toBe('  && b\n  ^');
  });
});
