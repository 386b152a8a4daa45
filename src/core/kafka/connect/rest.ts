/**
 * The Kafka Connect REST client: one request helper with the call's
 * AbortSignal and deadline, a bounded response body, and Connect's error
 * bodies (`{ error_code, message }`) mapped to Stackdeck's closed codes.
 *
 * Built on node:http / node:https rather than the global fetch: an https
 * worker gets exactly the TLS options of the Kafka cluster (CA, client
 * certificate, server name, verification) through the same nodeTlsOptions,
 * which fetch cannot take without a second HTTP stack (undici's Agent).
 */
import http from 'node:http';
import https from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import { StackdeckError, type ErrorCode } from '../../../shared/errors';

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

export interface RestCall {
  readonly signal: AbortSignal;
  /** Epoch ms by which the request must finish. */
  readonly deadline: number;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || /certificate|SSL|TLS/i.test(err.message)) {
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
  // acts on the request: it is safe to send again, as Connect's own clients do, until the deadline.
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce(endpoint, method, path, body, call, what);
    } catch (e) {
      const wait = Math.min(1_000, 250 * 2 ** attempt);
      const rebalancing = e instanceof StackdeckError && e.code === 'CONFLICT' && /rebalanc/i.test(e.message);
      if (!rebalancing || attempt >= 7 || Date.now() + wait >= call.deadline || call.signal.aborted) throw e;
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
  const url = new URL(endpoint.url + path);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  if (endpoint.username || endpoint.password) {
    headers.authorization = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')}`;
  }
  const lib = url.protocol === 'https:' ? https : http;
  const ms = Math.max(1, Math.min(call.deadline - Date.now(), 2_147_000_000));

  return new Promise<Json>((resolve, reject) => {
    if (call.signal.aborted) {
      reject(new StackdeckError('CANCELLED', `${what} was cancelled.`));
      return;
    }
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal.removeEventListener('abort', onAbort);
      fn();
    };
    const req = lib.request(url, {
      method,
      headers,
      ...(url.protocol === 'https:' && endpoint.tls ? endpoint.tls : {}),
      // No keep-alive pool: each request owns its socket, so nothing outlives the call.
      agent: false,
    });
    const onAbort = (): void => {
      finish(() => reject(new StackdeckError('CANCELLED', `${what} was cancelled.`)));
      req.destroy();
    };
    const timer = setTimeout(() => {
      finish(() =>
        reject(new StackdeckError('TIMEOUT', `The Connect worker at ${endpoint.url} did not answer ${what} in time.`)),
      );
      req.destroy();
    }, ms);
    call.signal.addEventListener('abort', onAbort, { once: true });

    req.on('error', (err: NodeJS.ErrnoException) => finish(() => reject(transportError(err, endpoint))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          finish(() =>
            reject(
              new StackdeckError(
                'SERVER_ERROR',
                `The Connect worker's answer to ${what} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; not read.`,
              ),
            ),
          );
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => finish(() => reject(transportError(err, endpoint))));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          finish(() => reject(connectError(status, text, what)));
          return;
        }
        if (text.trim() === '') {
          finish(() => resolve(null));
          return;
        }
        try {
          const parsed = JSON.parse(text) as Json;
          finish(() => resolve(parsed));
        } catch {
          finish(() =>
            reject(
              new StackdeckError('SERVER_ERROR', `The Connect worker answered ${what} with a body that is not JSON.`),
            ),
          );
        }
      });
    });
    req.end(payload);
  });
}
