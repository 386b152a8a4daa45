import { StackdeckError } from '../../shared/errors';

/**
 * Redis replies and ioredis failures in words a user understands. ioredis
 * reports a dropped connection with bare texts ("Connection is closed.",
 * "Stream isn't writeable and enableOfflineQueue options is false"), which the
 * generic mapper cannot recognise, so they are mapped here.
 */
const GONE =
  /Connection is closed|Stream isn't writeable|enableOfflineQueue|ECONNREFUSED|ECONNRESET|EPIPE|Connection lost|max retries/i;

export function isReplyError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'ReplyError';
}

/** Where the server is: enough of a profile to name it. */
export interface Endpoint {
  readonly profile: { readonly host: string; readonly port: number };
}

function where(t: Endpoint): string {
  return `${t.profile.host}:${t.profile.port}`;
}

/** Maps `err` for the operation `what` ("Reading the hash") on `t`. StackdeckErrors pass through. */
export function redisError(err: unknown, t: Endpoint, what: string): unknown {
  if (err instanceof StackdeckError) return err;
  if (err instanceof Error && err.name === 'AbortError')
    return new StackdeckError('CANCELLED', `${what} was cancelled.`);
  const message = err instanceof Error ? err.message : String(err);
  if (isReplyError(err)) {
    if (message.startsWith('WRONGTYPE'))
      return new StackdeckError(
        'CONFLICT',
        `${what} failed: the key holds a different type of value now (WRONGTYPE), probably changed by another client. Reopen the key to see what it holds.`,
        { reason: message },
      );
    if (/^ERR no such key/i.test(message))
      return new StackdeckError('NOT_FOUND', `${what} failed: the key no longer exists (deleted or expired).`);
    if (message.startsWith('NOPERM'))
      return new StackdeckError('AUTH_FAILED', `${what}: the server's ACL does not allow this user to do that.`, {
        reason: message,
      });
    return new StackdeckError('SERVER_ERROR', `${what}: Redis answered "${message}".`, { reason: message });
  }
  if (GONE.test(message))
    return new StackdeckError(
      'UNREACHABLE',
      `${what} stopped: the Redis server at ${where(t)} is not answering (the connection was lost). Check that it is running; Stackdeck reconnects by itself.`,
      { cause: message, target: where(t) },
    );
  if (/Command timed out/i.test(message))
    return new StackdeckError(
      'TIMEOUT',
      `${what} timed out: the Redis server at ${where(t)} did not answer in time. It may be busy (a slow command) or unreachable.`,
      { target: where(t) },
    );
  return err;
}

/** Runs `fn`, mapping what it throws with redisError. */
export async function guarded<T>(t: Endpoint, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw redisError(err, t, what);
  }
}

export function keyMissing(what: string): StackdeckError {
  return new StackdeckError(
    'NOT_FOUND',
    `${what}: the key does not exist (any more). It may have been deleted or expired; refresh the key list.`,
  );
}

export function wrongType(what: string, expected: string, actual: string): StackdeckError {
  return new StackdeckError(
    'CONFLICT',
    `${what}: the key holds a ${actual}, not a ${expected} (WRONGTYPE). Another client may have replaced it; reopen the key.`,
    { expected, actual },
  );
}
