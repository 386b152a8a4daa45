import { describe, expect, it } from 'vitest';
import { celCompletion, celProblems, withRoot } from '../../../src/renderer/src/features/kafka/messages/cel';
import { fieldPaths, parseJsonDoc } from '../../../src/shared/docValue';

describe('Kafka CEL editor support', () => {
  it('reports parse and type errors at their position, and nothing for valid filters', () => {
    expect(celProblems('')).toEqual([]);
    expect(celProblems('value.status == "failed" && partition == 0')).toEqual([]);
    const [eof] = celProblems('value.status == "failed" &&');
    expect(eof).toMatchObject({ severity: 'error', from: 26, to: 27 });
    const [bad] = celProblems('value.status = "x"');
    expect(bad).toMatchObject({ from: 13, to: 14 });
    expect(celProblems('partition == "x"')[0]?.message).toContain('no such overload');
    expect(celProblems('partition + 1')[0]?.message).toContain('true or false');
  });

  it('completes variables, and field paths seen in the newest values', async () => {
    const paths = withRoot(
      'value',
      fieldPaths(parseJsonDoc('{"status": "ok", "user": {"id": 1}, "content-type": "x"}')),
    );
    const complete = celCompletion(() => paths);
    const signal = new AbortController().signal;
    const at = (text: string) => complete({ text, pos: text.length, signal });
    const vars = await at('val');
    expect(vars?.from).toBe(0);
    expect(vars?.options.map((o) => o.label)).toEqual(
      expect.arrayContaining(['value', 'key', 'headers', 'partition', 'offset', 'timestamp']),
    );
    const fields = await at('value.st');
    expect(fields?.from).toBe(6);
    expect(fields?.options.map((o) => o.label)).toEqual(expect.arrayContaining(['status', 'user', 'content-type']));
    expect(fields?.options.find((o) => o.label === 'content-type')?.apply).toBe('["content-type"]');
    const nested = await at('value.user.');
    expect(nested?.options.filter((o) => o.type === 'property').map((o) => o.label)).toEqual(['id']);
    expect(await at('value.status == "fa')).toBeNull();
  });
});
