import { describe, expect, it } from 'vitest';
import { MAX_IN_THREAD_NODES, runsInThread } from '../../../src/core/kafka/messages/celCost';
import { compileBoundedFilter } from '../../../src/core/kafka/messages/celSandbox';
import { compileCel } from '../../../src/core/kafka/messages/filter';
import type { KafkaRecord } from '../../../src/core/kafka/protocol/records';

const inThread = (expression: string): boolean => runsInThread(compileCel(expression).ast);

const rec = (value: string, offset: number): KafkaRecord => ({
  topic: 't',
  partition: 0,
  offset,
  timestamp: 1_700_000_000_000,
  timestampType: 'create',
  key: Buffer.from('k'),
  value: Buffer.from(value),
  headers: [],
  sizeBytes: value.length,
  leaderEpoch: 0,
  transactional: false,
});

describe('which CEL filters run on core thread', () => {
  it('keeps filters of linear cost in-thread', () => {
    for (const e of [
      'int(value.id) % 100 == 0',
      'value.status == "FAILED" && partition < 3',
      'value.s.contains("a") && size(value.l) > 2',
      'has(value.x) ? value.x == 1 : false',
      'value.s.matches("^a+$") && key in ["a", "b"] && headers["h"] == "x"',
      '!(offset > 1) || -partition < 0',
      'string(value.n).startsWith("4") && {"a": 1}["a"] == 1',
    ])
      expect(inThread(e), e).toBe(true);
  });

  it('sends comprehension macros, cel.bind and anything it does not know to the worker', () => {
    for (const e of [
      'value.all(x, x > 1)',
      '[1, 2].exists(x, x == 1)',
      'value.map(a, a + 1).size() > 0',
      'value.filter(a, a > 1).size() > 0',
      'value.exists_one(x, x == 1)',
      'cel.bind(x, true, x)',
      'value.items.all(i, i.price > 0) && value.n > 0',
    ])
      expect(inThread(e), e).toBe(false);
  });

  it('sends a long expression to the worker whatever it calls', () => {
    const long = Array.from({ length: MAX_IN_THREAD_NODES }, (_, i) => `value.n != ${i}`).join(' && ');
    expect(inThread(long)).toBe(false);
  });

  it('an in-thread filter selects the same records as the worker', async () => {
    const batch = Array.from({ length: 2_000 }, (_, i) => rec(JSON.stringify({ id: i, s: `x${i}` }), i));
    const filter = { kind: 'cel', expression: 'int(value.id) % 7 == 0 && value.s.startsWith("x")' } as const;
    const signal = new AbortController().signal;
    const here = compileBoundedFilter(filter, signal);
    const worker = compileBoundedFilter(filter, signal, { inThread: false });
    try {
      const expected = batch.map((_, i) => i).filter((i) => i % 7 === 0);
      expect(await here.select(batch)).toEqual(expected);
      expect(await worker.select(batch)).toEqual(expected);
    } finally {
      here.close();
      worker.close();
    }
  });
});
