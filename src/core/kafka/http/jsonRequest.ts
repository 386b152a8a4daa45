/**
 * One JSON-over-HTTP request to a service next to a Kafka cluster (the Kafka
 * Connect REST API, the Schema Registry): the call's AbortSignal and a
 * deadline, a bounded response body, one socket per request, and one more
 * try after a reset with no answer where the service says that is safe. What is
 * service-specific (headers, and the words of every error) comes from the
 * caller's `JsonService`; kafka/connect/rest.ts and kafka/schemaRegistry/http.ts
 * are the two.
 *
 * Built on node:http / node:https rather than the global fetch: an https
 * service gets exactly the TLS options of the Kafka cluster (CA, client
 * certificate, server name, verification) through nodeTlsOptions, which fetch
 * cannot take without a second HTTP stack (undici's Agent).
 */
import http from 'node:http';
import https from 'node:https';
import type { ConnectionOptions } from 'node:tls';
import { StackdeckError } from '../../../shared/errors';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonCall {
  readonly signal: AbortSignal;
  /** Epoch ms by which the request must finish. */
  readonly deadline: number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How one service is spoken to, and how its failures are put into words. */
export interface JsonService {
  /** Base URL without a trailing slash; `path` is appended as is. */
  readonly url: string;
  /** Accept, Authorization...; content-type and content-length are added for a body. */
  readonly headers: Readonly<Record<string, string>>;
  readonly contentType: string;
  /** TLS options for an https URL, undefined for http or the system defaults. */
  readonly tls: ConnectionOptions | undefined;
  readonly maxResponseBytes: number;
  /** A non-2xx answer, with its body text. */
  refused(status: number, body: string, what: string): StackdeckError;
  /** A socket error: nothing reached the service, or it went away. */
  transport(err: NodeJS.ErrnoException): StackdeckError;
  timeout(what: string): StackdeckError;
  tooLarge(what: string): StackdeckError;
  notJson(what: string): StackdeckError;
  /**
   * Whether a request of this method may be sent again once when the socket
   * was reset before any answer came (the service cannot have acted on a
   * request twice in a way that matters, e.g. registering the same schema).
   */
  retriesReset?(method: HttpMethod): boolean;
}

/** A reset with no answer begun: the request may not have reached the service's handler at all. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);
const RESET_RETRY_MS = 250;

/** TLS-looking socket errors, told apart from plain unreachability by every service the same way. */
export function isTlsError(err: NodeJS.ErrnoException): boolean {
  const code = err.code ?? '';
  return code.startsWith('ERR_TLS') || code.includes('CERT') || /certificate|SSL|TLS/i.test(err.message);
}

/**
 * One request. Resolves with the parsed JSON body (null for an empty body);
 * rejects with the service's errors, TIMEOUT at the deadline, CANCELLED when
 * the caller aborts.
 */
export async function jsonRequest(
  service: JsonService,
  method: HttpMethod,
  path: string,
  body: Json | undefined,
  call: JsonCall,
  what: string,
): Promise<Json> {
  const url = new URL(service.url + path);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string> = { ...service.headers };
  if (payload) {
    headers['content-type'] = service.contentType;
    headers['content-length'] = String(payload.length);
  }
  const prepared: Prepared = { url, method, headers, payload };
  const first = await attempt(service, prepared, call, what);
  if (!('reset' in first)) return first.json;
  if (service.retriesReset?.(method) !== true || Date.now() >= call.deadline) throw service.transport(first.reset);
  await new Promise((r) => setTimeout(r, Math.min(RESET_RETRY_MS, Math.max(0, call.deadline - Date.now()))));
  const second = await attempt(service, prepared, call, what);
  if ('reset' in second) throw service.transport(second.reset);
  return second.json;
}

/** What is sent, built once for every attempt. */
interface Prepared {
  readonly url: URL;
  readonly method: HttpMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: Buffer | undefined;
}

/** A reset before any answer resolves as such, for jsonRequest to decide whether to send again. */
type Attempt = { json: Json } | { reset: NodeJS.ErrnoException };

function attempt(service: JsonService, prepared: Prepared, call: JsonCall, what: string): Promise<Attempt> {
  const { url, method, headers, payload } = prepared;
  const lib = url.protocol === 'https:' ? https : http;
  const ms = Math.max(1, Math.min(call.deadline - Date.now(), 2_147_000_000));

  return new Promise<Attempt>((resolve, reject) => {
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
      ...(url.protocol === 'https:' && service.tls ? service.tls : {}),
      // No keep-alive pool: each request owns its socket, so nothing outlives the call.
      agent: false,
    });
    const onAbort = (): void => {
      finish(() => reject(new StackdeckError('CANCELLED', `${what} was cancelled.`)));
      req.destroy();
    };
    const timer = setTimeout(() => {
      finish(() => reject(service.timeout(what)));
      req.destroy();
    }, ms);
    call.signal.addEventListener('abort', onAbort, { once: true });

    let answered = false;
    req.on('error', (err: NodeJS.ErrnoException) =>
      finish(() =>
        !answered && RESET_CODES.has(err.code ?? '') ? resolve({ reset: err }) : reject(service.transport(err)),
      ),
    );
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > service.maxResponseBytes) {
          finish(() => reject(service.tooLarge(what)));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => finish(() => reject(service.transport(err))));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          finish(() => reject(service.refused(status, text, what)));
          return;
        }
        if (text.trim() === '') {
          finish(() => resolve({ json: null }));
          return;
        }
        try {
          const parsed = JSON.parse(text) as Json;
          finish(() => resolve({ json: parsed }));
        } catch {
          finish(() => reject(service.notJson(what)));
        }
      });
    });
    req.end(payload);
  });
}
