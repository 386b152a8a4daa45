/**
 * Integration tests talk to the real local stack. When a server is not
 * answering, the test must fail loudly, naming the server and how to start it;
 * it must never skip. Call `requireServer` in `beforeAll`.
 */
import { stackOptions } from '../../stack/paths.js';
import type { ProbeResult, ServerDef } from '../../stack/types.js';

const PROBE_TIMEOUT_MS = 5_000;

/** Probe `def` once; throws an Error naming the server, its ports and the fix. */
export async function requireServer(def: ServerDef): Promise<ProbeResult> {
  try {
    return await def.probe(
      stackOptions(def.name === 'kafka-3' ? 3 : 1, 1, {
        redisCluster: def.name === 'redis-cluster',
        secure: def.name.endsWith('-secure'),
      }),
      PROBE_TIMEOUT_MS,
    );
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const start =
      def.name === 'kafka-3' ? 'npm run stack:up -- --kafka-brokers 3' : `npm run stack:up -- --only ${def.name}`;
    throw new Error(
      `${def.name} is not reachable on 127.0.0.1:${def.ports.join(',')} (${why}). ` +
        `Start it with \`${start}\` (\`npm test\` starts the whole stack); see \`npm run stack:status\`.`,
    );
  }
}

/** A name unique to this run, safe for Kafka topics, Redis keys and database names. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Poll `check` until it returns a value other than undefined, or fail after `timeoutMs` with `what`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) {
      const why = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
