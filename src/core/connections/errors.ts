import { PROFILE_KIND_LABEL, type ProfileKind } from '../../shared/contract/connections';
import { StackdeckError, type ErrorCode } from '../../shared/errors';
import { toStackdeckError } from '../errors';

/**
 * Connection errors use core's one mapping (core/errors.ts: closed codes, human
 * messages, secrets scrubbed); this adapter adds what the probe reports per
 * stage: the underlying code (ECONNREFUSED, CERT_HAS_EXPIRED, WRONGPASS, ...)
 * and a closed code from the probe's subset.
 */

export type ConnErrorCode = Extract<
  ErrorCode,
  'UNREACHABLE' | 'TIMEOUT' | 'AUTH_FAILED' | 'TLS' | 'INVALID_INPUT' | 'SERVER_ERROR' | 'CANCELLED'
>;

export interface Classified {
  /** The underlying code, when known. */
  code: string | null;
  errorCode: ConnErrorCode;
  message: string;
}

export interface ErrorContext {
  kind: ProfileKind;
  /** host:port the failure relates to, when known. */
  target?: string;
  /** Secret values of the profile involved; removed from every message. */
  secrets: readonly string[];
}

const LABEL = PROFILE_KIND_LABEL;

/** Timeouts surface under many names (kafkajs "Connection timeout", our own deadlines); the probe reports one. */
const TIMEOUT_CAUSES = new Set([
  'TIMEOUT',
  'TimeoutError',
  'ESOCKETTIMEDOUT',
  'KafkaJSRequestTimeoutError',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function toConnectionError(err: unknown, ctx: ErrorContext): StackdeckError {
  return toStackdeckError(err, {
    operation: `Connecting to ${LABEL[ctx.kind]}`,
    secrets: ctx.secrets,
    ...(ctx.target === undefined ? {} : { target: ctx.target }),
  });
}

export function classifyError(err: unknown, ctx: ErrorContext): Classified {
  const e = toConnectionError(err, ctx);
  // Redis replies carry their code as the first word of the message (ReplyError has no `code`).
  const reply = err instanceof Error ? /^(WRONGPASS|NOAUTH|NOPERM)\b/.exec(err.message)?.[1] : undefined;
  const cause = reply ?? (typeof e.detail?.cause === 'string' ? e.detail.cause : null);
  const errorCode = narrow(e.code);
  return {
    code: errorCode === 'TIMEOUT' && (cause === null || TIMEOUT_CAUSES.has(cause)) ? 'ETIMEDOUT' : cause,
    errorCode,
    message: e.message,
  };
}

function narrow(code: ErrorCode): ConnErrorCode {
  switch (code) {
    case 'UNREACHABLE':
    case 'TIMEOUT':
    case 'AUTH_FAILED':
    case 'TLS':
    case 'INVALID_INPUT':
    case 'CANCELLED':
    case 'SERVER_ERROR':
      return code;
    default:
      return 'SERVER_ERROR';
  }
}
