import { z } from 'zod';
import type { HandlersOf } from '../../src/core/handler';
import { method, stream } from '../../src/shared/contract/define';
import { StackdeckError } from '../../src/shared/errors';

/**
 * A tiny contract for driving the router and the transports without any
 * server: echo, a writing method, a slow method, a method that throws what it
 * is told to, and a counting stream. The handlers record whether they saw their
 * signal abort, so tests can assert that cancellation reached the work itself.
 */
export const testContract = {
  'test.echo.run': method({
    summary: 'Echoes text.',
    input: z.object({ text: z.string().max(100), times: z.number().int().min(1).max(5).default(1) }),
    output: z.object({ text: z.string() }),
  }),
  'test.items.delete': method({
    summary: 'Pretends to delete a key on a connection.',
    writes: true,
    input: z.object({ connectionId: z.string().min(1), key: z.string().min(1) }),
    output: z.object({ deleted: z.boolean() }),
  }),
  'test.items.tail': stream({
    summary: 'A writing stream (think: produce from a file).',
    writes: true,
    input: z.object({ connectionId: z.string().min(1) }),
    event: z.object({ n: z.number() }),
  }),
  'test.slow.wait': method({
    summary: 'Waits, honouring its signal unless told to ignore it.',
    timeoutMs: 300,
    input: z.object({ ms: z.number().int().min(0), ignoreSignal: z.boolean().default(false) }),
    output: z.object({ waited: z.number() }),
  }),
  'test.fail.throw': method({
    summary: 'Throws the error the test put in `errors` under this key.',
    input: z.object({ key: z.string() }),
    output: z.null(),
  }),
  'test.bad.output': method({
    summary: 'Returns data that breaks its own output schema, or is not JSON.',
    input: z.object({ kind: z.enum(['schema', 'date']) }),
    output: z.object({ n: z.number(), at: z.unknown().optional() }),
  }),
  'test.counter.watch': stream({
    summary: 'Counts up every intervalMs until `limit` (then ends) or cancelled.',
    input: z.object({ intervalMs: z.number().int().min(1).default(5), limit: z.number().int().min(1).optional() }),
    event: z.object({ n: z.number().int() }),
  }),
  'test.unwired.method': method({ summary: 'Has no handler.', input: z.object({}), output: z.object({}) }),
} as const;

export type TestContract = typeof testContract;

export interface Probe {
  /** Names of handlers that ran. */
  ran: string[];
  /** Names of handlers whose signal aborted while they were running. */
  sawAbort: string[];
  /** Errors for test.fail.throw, by key. */
  errors: Map<string, unknown>;
  /** Events emitted by test.counter.watch in total. */
  emitted: number;
}

export function createProbe(): Probe {
  return { ran: [], sawAbort: [], errors: new Map(), emitted: 0 };
}

/** What a well-behaved handler does: checks the signal first, and stops waiting when it aborts. */
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function createTestHandlers(probe: Probe): Partial<HandlersOf<TestContract>> {
  const watch = (name: string, signal: AbortSignal): void => {
    probe.ran.push(name);
    signal.addEventListener('abort', () => probe.sawAbort.push(name), { once: true });
  };
  return {
    'test.echo.run': async ({ text, times }, ctx) => {
      watch('test.echo.run', ctx.signal);
      return { text: text.repeat(times) };
    },
    'test.items.delete': async (_input, ctx) => {
      watch('test.items.delete', ctx.signal);
      return { deleted: true };
    },
    'test.items.tail': async (_input, ctx) => {
      watch('test.items.tail', ctx.signal);
      ctx.emit({ n: 1 });
    },
    'test.slow.wait': async ({ ms, ignoreSignal }, ctx) => {
      watch('test.slow.wait', ctx.signal);
      await sleep(ms, ignoreSignal ? undefined : ctx.signal);
      return { waited: ms };
    },
    'test.fail.throw': async ({ key }, ctx) => {
      watch('test.fail.throw', ctx.signal);
      throw probe.errors.has(key) ? probe.errors.get(key) : new StackdeckError('NOT_FOUND', `No error under ${key}.`);
    },
    'test.bad.output': async ({ kind }) =>
      kind === 'schema' ? ({ n: 'one' } as unknown as { n: number }) : { n: 1, at: new Date(0) },
    'test.counter.watch': async ({ intervalMs, limit }, ctx) => {
      watch('test.counter.watch', ctx.signal);
      for (let n = 1; limit === undefined || n <= limit; n++) {
        await sleep(intervalMs, ctx.signal);
        ctx.emit({ n });
        probe.emitted++;
      }
    },
  };
}
