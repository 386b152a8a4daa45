import type { Client, types as DriverTypes } from 'cassandra-driver';
import type { QueryTrace } from '../../../shared/contract/cassandra';
import type { CallContext } from '../../handler';
import { meta } from '../schema';

const TRACE_WAIT_MS = 3_000;

/** Reads a trace from system_traces; Cassandra writes it asynchronously, so wait briefly for the session row. */
export async function readTrace(client: Client, traceId: string, ctx: CallContext): Promise<QueryTrace> {
  const until = Date.now() + TRACE_WAIT_MS;
  let session: DriverTypes.Row | undefined;
  for (;;) {
    [session] = await meta(
      client,
      'SELECT coordinator, duration, request, started_at, parameters FROM system_traces.sessions WHERE session_id = ?',
      [traceId],
      ctx,
      'Reading the trace',
    );
    if ((session && session.get('duration') !== null) || Date.now() > until || ctx.signal.aborted) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const events = await meta(
    client,
    'SELECT activity, source, source_elapsed, thread FROM system_traces.events WHERE session_id = ?',
    [traceId],
    ctx,
    'Reading the trace',
  );
  const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const duration = session?.get('duration') as number | null | undefined;
  return {
    traceId,
    coordinator: str(session?.get('coordinator')),
    durationMicros: typeof duration === 'number' ? duration : null,
    requestType: str(session?.get('request')),
    startedAt: session?.get('started_at') instanceof Date ? (session.get('started_at') as Date).toISOString() : null,
    parameters: Object.entries((session?.get('parameters') as Record<string, string> | null) ?? {}),
    events: events.map((e) => ({
      activity: String(e.get('activity') ?? ''),
      source: str(e.get('source')),
      elapsedMicros: typeof e.get('source_elapsed') === 'number' ? (e.get('source_elapsed') as number) : null,
      thread: str(e.get('thread')),
    })),
    complete: typeof duration === 'number',
  };
}
