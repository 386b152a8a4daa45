/**
 * Small helpers for batched work. Cancellation and deadlines are the protocol
 * layer's (protocol/call.ts): the same CallOptions as the router's CallContext,
 * so handlers pass `ctx` straight through.
 */
import { type CallOptions, deadlineOf, throwIfDone } from '../protocol/call';
import { type ApiSpec, type KafkaWire, wireError } from '../protocol/wire';

export type { CallOptions } from '../protocol/call';

/**
 * Runs `fn` over `items` with at most `limit` in flight, preserving order.
 * Starts no new item once the call is cancelled or past its deadline.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  call: CallOptions,
  what: string,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      throwIfDone(call, what);
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Appends to a Map of arrays (O(1); spreading into a new array per item would be quadratic at 10k groups). */
export function pushTo<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const arr = m.get(k);
  if (arr) arr.push(v);
  else m.set(k, [v]);
}

/** One request to a broker (or any broker) within the call's deadline; failures become a StackdeckError naming `what`. */
export async function sendApi<I, O>(
  kafka: KafkaWire,
  target: number | 'any',
  spec: ApiSpec<I, O>,
  input: I,
  call: CallOptions,
  what: string,
): Promise<O> {
  try {
    return (await kafka.call(target, spec, input, { ...call, deadline: deadlineOf(call) })).value;
  } catch (e) {
    throw wireError(e, what);
  }
}
