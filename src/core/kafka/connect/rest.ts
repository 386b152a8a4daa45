/**
 * The Kafka Connect REST client: Connect's words for the shared JSON-over-HTTP
 * request (kafka/http/jsonRequest.ts: the call's AbortSignal and deadline, a
 * bounded response body, the cluster's TLS options for https), basic auth, and
 * Connect's error bodies (`{ error_code, message }`) mapped to Stackdeck's
 * closed codes; a 409 during a rebalance is sent again.
 */
import type { ConnectionOptions } from 'node:tls';
import { StackdeckError, type ErrorCode } from '../../../shared/errors';
import { isTlsError, jsonRequest, type Json, type JsonCall, type JsonService } from '../http/jsonRequest';

/** Connect's answers are small (a connector list with traces is the largest); 8 MiB bounds a hostile one. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export interface ConnectEndpoint {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8083. */
  readonly url: string;
  readonly username: string;
  /** Resolved from the vault for this call only; never logged or put in a message. */
  readonly password: string;
  /** TLS options for an https URL (the cluster's), undefined for http or the system defaults. */
  readonly tls: ConnectionOptions | undefined;
}

export type RestCall = JsonCall;
export type { Json } from '../http/jsonRequest';

/** Percent-encodes one path segment (a connector or plugin class name). */
export const seg = (s: string): string => encodeURIComponent(s);

const STATUS_CODE: Record<number, ErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'AUTH_FAILED',
  403: 'AUTH_FAILED',
  404: 'NOT_FOUND',
  405: 'INVALID_INPUT',
  409: 'CONFLICT',
  422: 'INVALID_INPUT',
};

function connectError(status: number, body: string, what: string): StackdeckError {
  let message = body.trim().slice(0, 2_000);
  let errorCode: number | null = null;
  try {
    const parsed = JSON.parse(body) as { error_code?: unknown; message?: unknown };
    if (typeof parsed.message === 'string') message = parsed.message.slice(0, 2_000);
    if (typeof parsed.error_code === 'number') errorCode = parsed.error_code;
  } catch {
    // Not Connect's JSON (a proxy's HTML page): keep the text as it is.
  }
  const code = STATUS_CODE[status] ?? 'SERVER_ERROR';
  const reason = message || `HTTP ${status}`;
  return new StackdeckError(code, `Kafka Connect refused ${what}: ${reason}`, {
    httpStatus: status,
    connectErrorCode: errorCode,
  });
}

/** Errors of the socket itself: nothing reached the worker or it went away. */
function transportError(err: NodeJS.ErrnoException, endpoint: ConnectEndpoint): StackdeckError {
  const code = err.code ?? '';
  if (isTlsError(err)) {
    return new StackdeckError(
      'TLS',
      `The TLS handshake with the Connect worker ${endpoint.url} failed: ${err.message}`,
    );
  }
  return new StackdeckError(
    'UNREACHABLE',
    `The Kafka Connect worker at ${endpoint.url} is not reachable (${code || err.message}). Check the Connect URL of this connection and that the worker runs.`,
  );
}

/**
 * One REST request. Resolves with the parsed JSON body (null for 204 / empty);
 * rejects with a StackdeckError: Connect's error_code and message, UNREACHABLE,
 * TLS, TIMEOUT at the deadline, CANCELLED when the caller aborts.
 */
export async function request(
  endpoint: ConnectEndpoint,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: Json | undefined,
  call: RestCall,
  what: string,
): Promise<Json> {
  // A worker answers 409 "rebalance is expected / in progress" while its group rebalances, before it
  // acts on the request: it is safe to send again, as Connect's own clients do, until the deadline (a
  // rebalance after a config change took longer than 7 s on a loaded machine).
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce(endpoint, method, path, body, call, what);
    } catch (e) {
      const wait = Math.min(1_000, 250 * 2 ** attempt);
      const rebalancing = e instanceof StackdeckError && e.code === 'CONFLICT' && /rebalanc/i.test(e.message);
      if (!rebalancing || attempt >= 40 || Date.now() + wait >= call.deadline || call.signal.aborted) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function requestOnce(
  endpoint: ConnectEndpoint,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: Json | undefined,
  call: RestCall,
  what: string,
): Promise<Json> {
  return jsonRequest(serviceOf(endpoint), method, path, body, call, what);
}

function serviceOf(endpoint: ConnectEndpoint): JsonService {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (endpoint.username || endpoint.password) {
    headers.authorization = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')}`;
  }
  return {
    url: endpoint.url,
    headers,
    contentType: 'application/json',
    tls: endpoint.tls,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    refused: connectError,
    transport: (err) => transportError(err, endpoint),
    timeout: (what) =>
      new StackdeckError('TIMEOUT', `The Connect worker at ${endpoint.url} did not answer ${what} in time.`),
    tooLarge: (what) =>
      new StackdeckError(
        'SERVER_ERROR',
        `The Connect worker's answer to ${what} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; not read.`,
      ),
    notJson: (what) =>
      new StackdeckError('SERVER_ERROR', `The Connect worker answered ${what} with a body that is not JSON.`),
    // Reads and config PUTs give the same result twice; a create or a restart sent twice would not.
    retriesReset: (method) => method === 'GET' || method === 'PUT',
  };
}
