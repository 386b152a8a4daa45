import { describe, expect, it } from 'vitest';
import type { CommandDoc } from '../../../src/shared/contract/redis/cli';
import { complete, docOfLine, indexCommands } from '../../../src/renderer/src/features/redis/cli/completion';

const doc = (name: string, syntax: string, summary = ''): CommandDoc => ({
  name,
  syntax,
  summary,
  group: '',
  since: '',
  arity: 0,
  flags: [],
});
const index = indexCommands([
  doc('get', 'key', 'Returns the string value of a key.'),
  doc('getdel', 'key'),
  doc('config', ''),
  doc('config get', 'parameter [parameter ...]'),
  doc('config set', 'parameter value [parameter value ...]'),
]);

describe('CLI completion from COMMAND DOCS', () => {
  it('completes command names in the first word, with syntax and summary', () => {
    const r = complete(index, 'PING\nge', 7);
    expect(r?.from).toBe(5);
    expect(r?.options.map((o) => o.label)).toEqual(['GET', 'GETDEL']);
    expect(r?.options[0]?.detail).toBe('key — Returns the string value of a key.');
  });
  it('completes subcommands in the second word, nothing after', () => {
    expect(complete(index, 'CONFIG s', 8)?.options.map((o) => o.label)).toEqual(['SET']);
    expect(complete(index, 'GET k', 5)).toBeNull();
    expect(complete(index, 'CONFIG GET x', 12)).toBeNull();
  });
  it('finds the doc of a line, preferring its subcommand', () => {
    expect(docOfLine(index, '  config GET maxmemory')?.syntax).toBe('parameter [parameter ...]');
    expect(docOfLine(index, 'get k')?.name).toBe('get');
    expect(docOfLine(index, 'nope')).toBeNull();
  });
});
