/**
 * Requests to a Schema Registry (Confluent REST API) through the shared
 * JSON-over-HTTP request (kafka/http/jsonRequest.ts: signal, deadline, bounded
 * body, one socket per request, the cluster's TLS options for https): the
 * connection's auth (basic or bearer), the registry's media type, and its
 * error bodies (`{ error_code, message }`) mapped to Stackdeck's closed codes
 * with the registry's own code kept in detail.registryErrorCode.
 */
import type { ConnectionOptions } from 'node:tls';
import { StackdeckError, type ErrorCode } from '../../../shared/errors';
import {
  isTlsError,
  jsonRequest,
  type HttpMethod,
  type Json,
  type JsonCall,
  type JsonService,
} from '../http/jsonRequest';

export type { Json } from '../http/jsonRequest';
export type RegistryCall = JsonCall;

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

/** How the registry is spoken to (headers, TLS, words for errors); apicurio.ts overrides the refusal. */
export function registryService(endpoint: RegistryEndpoint): JsonService {
  const at = `The Schema Registry at ${endpoint.url}`;
  return {
    url: endpoint.url,
    headers: {
      accept: 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json',
      ...(endpoint.authorization ? { authorization: endpoint.authorization } : {}),
    },
    contentType: 'application/vnd.schemaregistry.v1+json',
    tls: endpoint.tls,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    refused: registryError,
    transport: (err) =>
      isTlsError(err)
        ? new StackdeckError('TLS', `The TLS handshake with the Schema Registry ${endpoint.url} failed: ${err.message}`)
        : new StackdeckError(
            'UNREACHABLE',
            `${at} is not reachable (${err.code || err.message}). Check the Schema Registry URL of this connection and that the registry runs.`,
          ),
    timeout: (what) => new StackdeckError('TIMEOUT', `${at} did not answer ${what} in time.`),
    tooLarge: (what) =>
      new StackdeckError(
        'SERVER_ERROR',
        `The Schema Registry's answer to ${what} is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; not read.`,
      ),
    notJson: (what) =>
      new StackdeckError('SERVER_ERROR', `The Schema Registry answered ${what} with a body that is not JSON.`),
    // Registering the same schema again returns the same id, and checks and reads change nothing;
    // a delete sent twice would answer the second time that the subject is gone.
    retriesReset: (method) => method !== 'DELETE',
  };
}

/**
 * One request. Resolves with the parsed JSON body (null for an empty body);
 * rejects with a StackdeckError: the registry's error_code and message,
 * UNREACHABLE, TLS, TIMEOUT at the deadline, CANCELLED when the caller aborts.
 */
export function request(
  endpoint: RegistryEndpoint,
  method: Exclude<HttpMethod, 'PATCH'>,
  path: string,
  body: Json | undefined,
  call: RegistryCall,
  what: string,
): Promise<Json> {
  return jsonRequest(registryService(endpoint), method, path, body, call, what);
}
