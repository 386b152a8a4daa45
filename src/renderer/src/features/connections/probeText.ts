import type { StageView } from './probe';

/** Short words for the common socket and driver codes, used in the probe summary. */
const PHRASES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  ETIMEDOUT: 'timed out',
  SSH_HOST_KEY_UNKNOWN: 'host key not trusted yet',
  SSH_HOST_KEY_CHANGED: 'host key CHANGED (refused)',
  SSH_AUTH_FAILED: 'SSH login refused',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown CA',
  CERT_HAS_EXPIRED: 'certificate expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'certificate does not match the host name',
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: 'client certificate required',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'client certificate refused',
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'client certificate refused',
  'ERR_SSL_SSL/TLS_ALERT_BAD_CERTIFICATE': 'client certificate refused',
  'ERR_SSL_SSL/TLS_ALERT_CERTIFICATE_UNKNOWN': 'client certificate refused',
  AUTH_FAILED: 'authentication failed',
};

const ERROR_PHRASES: Record<string, string> = {
  UNREACHABLE: 'unreachable',
  TIMEOUT: 'timed out',
  AUTH_FAILED: 'authentication failed',
  TLS: 'TLS error',
  INVALID_INPUT: 'invalid settings',
  SERVER_ERROR: 'server error',
  CANCELLED: 'cancelled',
};

export function codePhrase(stage: Pick<StageView, 'code' | 'errorCode' | 'message'>): string {
  if (stage.code && PHRASES[stage.code]) return PHRASES[stage.code] ?? stage.code;
  if (stage.errorCode && ERROR_PHRASES[stage.errorCode]) return ERROR_PHRASES[stage.errorCode] ?? stage.errorCode;
  return stage.code ?? 'failed';
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
