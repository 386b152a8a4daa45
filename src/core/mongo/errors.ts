/**
 * MongoDB server errors to the closed set of codes, with messages that say
 * what happened and what to do. Network, TLS and auth failures fall through to
 * the shared classifier (core/errors.ts).
 */
import { StackdeckError } from '../../shared/errors';
import { toStackdeckError } from '../errors';
import type { CallContext } from '../handler';

interface ServerErrorLike {
  code?: unknown;
  codeName?: unknown;
  message?: unknown;
  errorResponse?: { errmsg?: unknown };
}

export const UNSUPPORTED = 'not supported by this server';

export function mongoError(err: unknown, what: string, ctx?: CallContext): StackdeckError {
  if (err instanceof StackdeckError) return err;
  if (ctx?.signal.aborted) {
    return Date.now() >= ctx.deadline
      ? new StackdeckError('TIMEOUT', `${what} took longer than Stackdeck waits; it was stopped.`)
      : new StackdeckError('CANCELLED', `${what} was cancelled.`);
  }
  const e = (err ?? {}) as ServerErrorLike;
  // With promoteValues: false (typed reads) the driver hands server error codes over as Int32.
  const rawCode = typeof e.code === 'object' && e.code !== null ? Number(String(e.code)) : e.code;
  const code = typeof rawCode === 'number' && Number.isFinite(rawCode) ? rawCode : null;
  const raw = typeof e.message === 'string' ? e.message : String(err);
  const text = raw.length > 400 ? `${raw.slice(0, 399)}…` : raw;
  switch (code) {
    case 50:
      return new StackdeckError(
        'TIMEOUT',
        `${what} ran longer than its time limit (maxTimeMS) and the server stopped it. Narrow the filter, add an index or raise maxTimeMS.`,
      );
    case 238:
    case 115:
    case 59: // CommandNotFound (FerretDB lacks killOp, collMod, ...)
      return new StackdeckError('SERVER_ERROR', `${what}: ${UNSUPPORTED} (${text}).`, { unsupported: true });
    case 26:
      return new StackdeckError('NOT_FOUND', `${what}: the namespace does not exist (${text}). Refresh the list.`);
    case 48:
      return new StackdeckError('CONFLICT', `${what}: it already exists (${text}).`);
    case 11000:
      return new StackdeckError('CONFLICT', `${what}: a document with the same unique key exists (${text}).`);
    case 13:
      return new StackdeckError('AUTH_FAILED', `${what}: this user is not allowed to do that (${text}).`);
    case 2:
    case 9:
    case 14:
    case 17287:
    case 40323:
    case 40324:
    case 51024:
    case 31254:
      return new StackdeckError('INVALID_INPUT', `${what}: the server refused the request: ${text}`);
    default:
      break;
  }
  if (code !== null) return new StackdeckError('SERVER_ERROR', `${what} failed on the server: ${text}`);
  return toStackdeckError(err, { operation: what });
}

/** Runs a driver call, mapping whatever it throws. */
export async function mongoCall<T>(what: string, ctx: CallContext, run: () => Promise<T>): Promise<T> {
  if (ctx.signal.aborted) throw mongoError(new Error('aborted'), what, ctx);
  try {
    return await run();
  } catch (err) {
    throw mongoError(err, what, ctx);
  }
}

/** maxTimeMS for a driver call: the caller's wish, clamped to what remains of the call's deadline. */
export function timeLeft(ctx: CallContext, wanted: number): number {
  const left = Number.isFinite(ctx.deadline) ? ctx.deadline - Date.now() - 250 : wanted;
  return Math.max(1, Math.min(wanted, left));
}
