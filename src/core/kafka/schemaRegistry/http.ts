/**
 * One HTTP request to a Schema Registry (Confluent REST API): the call's
 * AbortSignal and a deadline, the connection's auth (basic or bearer) and, for
 * https, the cluster's TLS options, a bounded response body, and the registry's
 * error bodies (`{ error_code, message }`) mapped to Stackdeck's closed codes
 * with the registry's own code kept in detail.registryErrorCode.
 *
 * node:http / node:https rather than fetch, for the same reason as the Connect
 * client (kafka/connect/rest.ts): an https registry gets exactly the cluster's
 * TLS options through nodeTlsOptions, which fetch cannot take.
 */
import http from 'node:http';
import https from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import { StackdeckError, type ErrorCode } from '../../../shared/errors';

/** A schema is text; 16 MiB bounds a hostile or broken answer. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface RegistryEndpoint {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8081/apis/ccompat/v7. */
  readonly url: string;
  /** The Authorization header value, or '' for none. Resolved from the vault; never logged or put in a message. */
  readonly authorization: string;
  /** TLS options for an https URL (the cluster's), undefined for http or the system defaults. */
  readonly tls: ConnectionOptions | undefined;
}

export interface RegistryCall {
  readonly signal: AbortSignal;
  /** Epoch ms by which the request must finish. */
  readonly deadline: number;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Percent-encodes one path segment (a subject name). */
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

/** Apicurio prefixes its messages with the Java exception class; the user needs the sentence after it. */
const tidy = (message: string): string => message.replace(/^(?:[\w$]+\.)+[\w$]*(?:Exception|Error):\s*/, '');

function registryError(status: number, body: string, what: string): StackdeckError {
  let message = body.trim().slice(0, 4_000);
  let errorCode: number | null = null;
  try {
    const parsed = JSON.parse(body) as { error_code?: unknown; message?: unknown };
    if (typeof parsed.message === 'string') message = tidy(parsed.message).slice(0, 4_000);
    if (typeof parsed.error_code === 'number') errorCode = parsed.error_code;
  } catch {
    // Not the registry's JSON (a proxy's HTML page): keep the text as it is.
  }
  const code = STATUS_CODE[status] ?? 'SERVER_ERROR';
  return new StackdeckError(code, `The Schema Registry refused ${what}: ${message || `HTTP ${status}`}`, {
    httpStatus: status,
    registryErrorCode: errorCode,
  });
}

function transportError(err: NodeJS.ErrnoException, endpoint: RegistryEndpoint): StackdeckError {
  const code = err.code ?? '';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || /certificate|SSL|TLS/i.test(err.message)) {
    return new StackdeckError(
      'TLS',
      `The TLS handshake with the Schema Registry ${endpoint.url} failed: ${err.message}`,
    );
  }
  return new StackdeckError(
    'UNREACHABLE',
    `The Schema Registry at ${endpoint.url} is not reachable (${code || err.message}). Check the Schema Registry URL of this connection and that the registry runs.`,
  );
}

/**
 * One request. Resolves with the parsed JSON body (null for an empty body);
 * rejects with a StackdeckError: the registry's error_code and message,
 * UNREACHABLE, TLS, TIMEOUT at the deadline, CANCELLED when the caller aborts.
 */
export function request(
  endpoint: RegistryEndpoint,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body: Json | undefined,
  call: RegistryCall,
  what: string,
): Promise<Json> {
  const url = new URL(endpoint.url + path);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = {
    accept: 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json',
  };
  if (payload) {
    headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
    headers['content-length'] = String(payload.length);
  }
  if (endpoint.authorization) headers.authorization = endpoint.authorization;
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
        reject(new StackdeckError('TIMEOUT', `The Schema Registry at ${endpoint.url} did not answer ${what} in time.`)),
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
                `The Schema Registry's answer to ${what} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; not read.`,
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
          finish(() => reject(registryError(status, text, what)));
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
              new StackdeckError('SERVER_ERROR', `The Schema Registry answered ${what} with a body that is not JSON.`),
            ),
          );
        }
      });
    });
    req.end(payload);
  });
}
