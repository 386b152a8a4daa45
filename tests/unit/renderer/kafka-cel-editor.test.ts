import { describe, expect, it } from 'vitest';
import { celCompletion, celProblems, withRoot } from '../../../src/renderer/src/features/kafka/messages/cel';
import { fieldPaths, parseJsonDoc } from '../../../src/shared/docValue';
import { MAX_PATHS, pathsOfMessages } from '../../../src/renderer/src/features/kafka/messages/seenPaths';

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

describe('seen paths for completion', () => {
  const msg = (value: string | null, headers: string[] = [], key: string | null = null) => ({
    topic: 't',
    partition: 0,
    offset: 0,
    timestamp: 0,
    timestampType: 'create' as const,
    key: key === null ? null : { encoding: 'utf8' as const, data: key, size: key.length, truncated: false },
    value: value === null ? null : { encoding: 'utf8' as const, data: value, size: value.length, truncated: false },
    headers: headers.map((h) => ({ key: h, value: null })),
    sizeBytes: 0,
    transactional: false,
  });

  it('collects value, key and header paths once each; skips non-JSON, truncated and tombstones', () => {
    const truncated = {
      ...msg('{"hidden": 1}'),
      value: { encoding: 'utf8' as const, data: '{"hid', size: 99, truncated: true },
    };
    const paths = pathsOfMessages([
      msg('{"status": "ok", "user": {"id": 1}}', ['source']),
      msg('{"status": "failed", "items": [{"sku": "a"}]}', ['source', 'trace'], '{"tenant": "x"}'),
      msg('plain text'),
      msg(null),
      truncated,
    ]);
    expect(paths).toEqual([
      ['value', 'status'],
      ['value', 'user'],
      ['value', 'user', 'id'],
      ['headers', 'source'],
      ['value', 'items'],
      ['value', 'items', 0, 'sku'],
      ['key', 'tenant'],
      ['headers', 'trace'],
    ]);
  });

  it('keeps at most MAX_PATHS paths whatever the messages hold', () => {
    const wide = JSON.stringify(Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`f${i}`, i])));
    const many = Array.from({ length: 20 }, (_, j) => msg(wide.replace(/"f/g, `"m${j}_`)));
    expect(pathsOfMessages(many)).toHaveLength(MAX_PATHS);
  });
});
