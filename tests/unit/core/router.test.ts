import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouter, describeContract, type ReadOnlyLookup } from '../../../src/core/router';
import { contract } from '../../../src/shared/contract';
import { method } from '../../../src/shared/contract/define';
import { StackdeckError } from '../../../src/shared/errors';
import { createProbe, createTestHandlers, testContract, type Probe } from '../../support/test-contract';

const readOnlyIds = (...ids: string[]): ReadOnlyLookup & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    isReadOnly: (id) => {
      asked.push(id);
      return ids.includes(id);
    },
  };
};

function setup(readOnly: ReadOnlyLookup = readOnlyIds()) {
  const probe: Probe = createProbe();
  const unexpected: string[] = [];
  const router = createRouter({
    contract: testContract,
    handlers: createTestHandlers(probe),
    readOnly,
    validateOutputs: true,
    onUnexpectedError: (name) => unexpected.push(name),
  });
  return { router, probe, unexpected };
}

async function rejection(promise: Promise<unknown>): Promise<StackdeckError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StackdeckError);
    return error as StackdeckError;
  }
  throw new Error('expected a rejection');
}

describe('router: lookup and input', () => {
  it('calls a handler with the parsed input (defaults applied)', async () => {
    const { router } = setup();
    await expect(router.call('test.echo.run', { text: 'ab' })).resolves.toEqual({ text: 'ab' });
    await expect(router.call('test.echo.run', { text: 'ab', times: 2 })).resolves.toEqual({ text: 'abab' });
  });

  it('answers NOT_FOUND for unknown names, prototype keys and unwired methods', async () => {
    const { router } = setup();
    expect((await rejection(router.call('test.nope', {}))).code).toBe('NOT_FOUND');
    expect((await rejection(router.call('__proto__', {}))).code).toBe('NOT_FOUND');
    expect((await rejection(router.call('toString', {}))).code).toBe('NOT_FOUND');
    expect((await rejection(router.call('test.unwired.method', {}))).code).toBe('NOT_FOUND');
    expect(router.unimplemented).toEqual(['test.unwired.method']);
  });

  it('refuses to call a stream as a method and the reverse', async () => {
    const { router } = setup();
    expect((await rejection(router.call('test.counter.watch', {}))).code).toBe('INVALID_INPUT');
    expect((await rejection(router.subscribe('test.echo.run', { text: 'x' }, { emit: () => undefined }))).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('rejects schema violations with INVALID_INPUT naming every field path, before the handler runs', async () => {
    const { router, probe } = setup();
    const error = await rejection(router.call('test.echo.run', { text: 42, times: 9 }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('test.echo.run');
    expect(error.message).toMatch(/text: .*expected string/);
    expect(error.message).toMatch(/times: /);
    expect(error.detail).toEqual({ fields: 'text, times' });
    expect(probe.ran).toEqual([]);
    expect((await rejection(router.call('test.echo.run', undefined))).message).toContain('(input)');
  });
});

describe('router: read-only guard', () => {
  it('refuses a writing method on a read-only connection before any handler code runs', async () => {
    const { router, probe } = setup(readOnlyIds('prod'));
    const error = await rejection(router.call('test.items.delete', { connectionId: 'prod', key: 'k' }));
    expect(error.code).toBe('READ_ONLY');
    expect(error.message).toMatch(/is a read-only connection; .*nothing was changed/);
    expect(error.detail).toEqual({ connectionId: 'prod', method: 'test.items.delete' });
    expect(probe.ran).toEqual([]);
    await expect(router.call('test.items.delete', { connectionId: 'dev', key: 'k' })).resolves.toEqual({
      deleted: true,
    });
  });

  it('refuses on the raw connectionId even when the rest of the input is invalid', async () => {
    const { router } = setup(readOnlyIds('prod'));
    expect((await rejection(router.call('test.items.delete', { connectionId: 'prod' }))).code).toBe('READ_ONLY');
    expect((await rejection(router.call('test.items.delete', { connectionId: 'dev' }))).code).toBe('INVALID_INPUT');
  });

  it('guards writing streams too, and never asks about non-writing methods', async () => {
    const lookup = readOnlyIds('prod');
    const { router, probe } = setup(lookup);
    const error = await rejection(
      router.subscribe('test.items.tail', { connectionId: 'prod' }, { emit: () => undefined }),
    );
    expect(error.code).toBe('READ_ONLY');
    expect(probe.ran).toEqual([]);
    lookup.asked.length = 0;
    await router.call('test.echo.run', { text: 'x' });
    expect(lookup.asked).toEqual([]);
  });

  it('refuses to build a router over a writing method the guard could not see', () => {
    const bad = {
      'x.thing.write': method({ summary: 's', writes: true, input: z.object({ id: z.string() }), output: z.null() }),
    };
    expect(() => createRouter({ contract: bad, handlers: {}, readOnly: readOnlyIds() })).toThrow(/connectionId/);
    const optional = {
      'x.thing.write': method({
        summary: 's',
        writes: true,
        input: z.object({ connectionId: z.string().optional() }),
        output: z.null(),
      }),
    };
    expect(() => createRouter({ contract: optional, handlers: {}, readOnly: readOnlyIds() })).toThrow(/connectionId/);
    const exempt = {
      'x.thing.write': method({
        summary: 's',
        writes: true,
        readOnlyExempt: 'Writes only local settings.',
        input: z.object({}),
        output: z.null(),
      }),
    };
    expect(() => createRouter({ contract: exempt, handlers: {}, readOnly: readOnlyIds() })).not.toThrow();
    const union = {
      'x.thing.write': method({
        summary: 's',
        writes: true,
        input: z.discriminatedUnion('k', [
          z.object({ k: z.literal('a'), connectionId: z.string() }),
          z.object({ k: z.literal('b'), connectionId: z.string() }),
        ]),
        output: z.null(),
      }),
    };
    expect(() => createRouter({ contract: union, handlers: {}, readOnly: readOnlyIds() })).not.toThrow();
  });

  it('accepts the real merged contract (every writing method has a connectionId)', () => {
    expect(() => createRouter({ contract, handlers: {}, readOnly: readOnlyIds() })).not.toThrow();
  });
});

describe('router: deadlines and cancellation', () => {
  it('turns the deadline into TIMEOUT and aborts the handler', async () => {
    const { router, probe } = setup();
    const started = Date.now();
    const error = await rejection(router.call('test.slow.wait', { ms: 5_000 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/did not finish within 0\.3 s/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(probe.sawAbort).toContain('test.slow.wait');
  });

  it('answers at the deadline even when the handler ignores its signal', async () => {
    const { router } = setup();
    const started = Date.now();
    expect((await rejection(router.call('test.slow.wait', { ms: 3_000, ignoreSignal: true }))).code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('cancels a call through the caller signal (CANCELLED) and the handler observes the abort', async () => {
    const { router, probe } = setup();
    const controller = new AbortController();
    const pending = router.call('test.slow.wait', { ms: 250 }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect((await rejection(pending)).code).toBe('CANCELLED');
    expect(probe.sawAbort).toEqual(['test.slow.wait']);
  });

  it('does not start the handler when the signal is already aborted', async () => {
    const { router, probe } = setup();
    const controller = new AbortController();
    controller.abort();
    expect((await rejection(router.call('test.echo.run', { text: 'x' }, { signal: controller.signal }))).code).toBe(
      'CANCELLED',
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(probe.ran).toEqual([]);
  });

  it('streams events until cancelled, then stops the work in the handler', async () => {
    const { router, probe } = setup();
    const controller = new AbortController();
    const events: unknown[] = [];
    const done = router.subscribe(
      'test.counter.watch',
      { intervalMs: 2 },
      {
        signal: controller.signal,
        emit: (event) => {
          events.push(event);
          if (events.length === 3) controller.abort();
        },
      },
    );
    expect((await rejection(done)).code).toBe('CANCELLED');
    expect(events).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(probe.sawAbort).toContain('test.counter.watch');
    const emittedAtCancel = probe.emitted;
    await new Promise((r) => setTimeout(r, 30));
    expect(probe.emitted).toBe(emittedAtCancel);
  });

  it('resolves a stream that ends by itself', async () => {
    const { router } = setup();
    const events: unknown[] = [];
    await router.subscribe('test.counter.watch', { limit: 2 }, { emit: (e) => events.push(e) });
    expect(events).toEqual([{ n: 1 }, { n: 2 }]);
  });
});

describe('router: outputs', () => {
  it('rejects a result that breaks the output schema when validateOutputs is on', async () => {
    const { router, unexpected } = setup();
    const error = await rejection(router.call('test.bad.output', { kind: 'schema' }));
    expect(error.code).toBe('SERVER_ERROR');
    expect(error.message).toMatch(/invalid result: n:/);
    expect(unexpected).toEqual(['test.bad.output']);
  });

  it('rejects results that are not plain JSON (a Date differs between IPC and WebSocket)', async () => {
    const { router } = setup();
    const error = await rejection(router.call('test.bad.output', { kind: 'date' }));
    expect(error.message).toMatch(/not plain JSON at at \(a Date/);
  });

  it('passes outputs through untouched when validation is off', async () => {
    const router = createRouter({
      contract: testContract,
      handlers: createTestHandlers(createProbe()),
      readOnly: readOnlyIds(),
    });
    await expect(router.call('test.bad.output', { kind: 'schema' })).resolves.toEqual({ n: 'one' });
  });
});

describe('describeContract', () => {
  it('describes kind, writes, summary and JSON Schemas per name', () => {
    const described = describeContract(testContract);
    expect(described.errorCodes).toContain('READ_ONLY');
    const del = described.methods['test.items.delete'];
    expect(del).toMatchObject({ kind: 'method', writes: true, timeoutMs: 10_000 });
    expect(del?.input).toMatchObject({ type: 'object', required: ['connectionId', 'key'] });
    expect(described.methods['test.counter.watch']).toMatchObject({
      kind: 'stream',
      writes: false,
      event: { type: 'object' },
    });
    // Input side: a defaulted field is optional for the caller.
    expect((described.methods['test.echo.run']?.input as { required?: string[] }).required).toEqual(['text']);
  });

  it('describes the real contract as JSON', () => {
    const text = JSON.stringify(describeContract(contract));
    expect(JSON.parse(text)).toHaveProperty('methods');
  });
});
