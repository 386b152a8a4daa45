import { afterEach, describe, expect, it } from 'vitest';
import { compileBoundedFilter, type BoundedMatcher } from '../../../src/core/kafka/messages/celSandbox';
import type { KafkaRecord } from '../../../src/core/kafka/protocol/records';
import { StackdeckError } from '../../../src/shared/errors';

/** A CEL filter cannot hang core: evaluation runs in a worker with a hard time limit (issue #8). */

const rec = (value: string, offset = 0, key: string | null = 'k'): KafkaRecord => ({
  topic: 't',
  partition: 3,
  offset,
  timestamp: 1_700_000_000_000,
  timestampType: 'create',
  key: key === null ? null : Buffer.from(key),
  value: Buffer.from(value),
  headers: [{ key: 'source', value: Buffer.from('web') }],
  sizeBytes: value.length,
  leaderEpoch: 0,
  transactional: false,
});

const open: BoundedMatcher[] = [];
afterEach(() => {
  for (const m of open.splice(0)) m.close();
});
function cel(expression: string, signal = new AbortController().signal, limitMs = 300): BoundedMatcher {
  // The worker's own behaviour: even a filter that could run in-thread goes to it here.
  const m = compileBoundedFilter({ kind: 'cel', expression }, signal, { limitMs, inThread: false });
  open.push(m);
  return m;
}

/** Three nested comprehensions over a 1,000-element list: a billion evaluations. */
const RUNAWAY = 'value.all(x, value.all(y, value.all(z, x + y + z >= 0)))';
const BIG = JSON.stringify(Array.from({ length: 1000 }, (_, i) => i));

async function rejection(p: Promise<unknown>): Promise<StackdeckError> {
  try {
    await p;
  } catch (e) {
    return e as StackdeckError;
  }
  throw new Error('expected a rejection');
}

describe('bounded CEL evaluation', () => {
  it('selects what filter.ts would: JSON fields, headers, RE2 matches, evaluation errors as non-matches', async () => {
    const m = cel('value.status == "failed" && headers.source == "web" && key.matches("^ord-")');
    const batch = [
      rec('{"status":"failed"}', 0, 'ord-1'),
      rec('{"status":"ok"}', 1, 'ord-2'),
      rec('{"status":"failed"}', 2, 'x'),
      rec('not json', 3, 'ord-3'),
      rec('{"status":"failed"}', 4, 'ord-4'),
    ];
    expect(await m.select(batch)).toEqual([0, 4]);
    const e = cel('value.amount > 10');
    expect(await e.select([rec('{"amount": 12}'), rec('{"other": 1}')])).toEqual([0]);
    expect(e.evalErrors).toBe(1);
  });

  it('the worker evaluates matches on RE2 too: the pattern that hung core answers at once', async () => {
    const m = cel('string(value).matches("^(a+)+$")', undefined, 500);
    expect(await m.select([rec(`${'a'.repeat(34)}!`), rec('aaaa')])).toEqual([1]);
  });

  it('a second filter starts from a loaded spare worker, without waiting for one to load', async () => {
    await cel('value.a == 1').select([rec('{"a":1}')]);
    // The spare started with the first filter loads in the background meanwhile.
    await new Promise((r) => setTimeout(r, 2_500));
    const started = performance.now();
    expect(await cel('value.a == 2').select([rec('{"a":2}'), rec('{"a":3}')])).toEqual([0]);
    expect(performance.now() - started).toBeLessThan(400);
  }, 15_000);

  it('a bad expression fails before any worker starts, with its position', () => {
    expect(() => compileBoundedFilter({ kind: 'cel', expression: 'value ==' }, new AbortController().signal)).toThrow(
      /not valid at line 1/,
    );
  });

  it('a runaway expression is stopped at its limit with the message it was on, and core keeps answering meanwhile', async () => {
    const m = cel(RUNAWAY, undefined, 300);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = performance.now();
    const err = await rejection(m.select([rec('[1]', 10), rec(BIG, 11)]));
    const elapsed = performance.now() - started;
    clearInterval(timer);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/ran for over 300 ms on one message \(partition 3, offset 11\)/);
    // Stopped near its 300 ms limit, not left to run (the bound is loose for loaded CI machines).
    expect(elapsed).toBeLessThan(10_000);
    // The main thread was free the whole time: the timer kept firing.
    expect(ticks).toBeGreaterThan(elapsed / 20 / 3);
    // Later calls fail the same way instead of hanging.
    await expect(m.select([rec('[1]')])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('Cancel stops a runaway evaluation at once', async () => {
    const ctrl = new AbortController();
    const m = cel(RUNAWAY, ctrl.signal, 60_000);
    const pending = rejection(m.select([rec(BIG, 5)]));
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    ctrl.abort();
    const err = await pending;
    expect(err.code).toBe('CANCELLED');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('an expression that builds huge values dies alone, with a clear message', async () => {
    const m = compileBoundedFilter(
      {
        kind: 'cel',
        expression: 'value.map(a, value.map(b, value.map(c, string(a) + string(b) + string(c)))).size() > 0',
      },
      new AbortController().signal,
      { limitMs: 60_000, heapMb: 32 },
    );
    open.push(m);
    const err = await rejection(m.select([rec(BIG)]));
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.message).toMatch(/more memory than a filter may/);
  }, 30_000);
});
