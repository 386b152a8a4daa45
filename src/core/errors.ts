import { StackdeckError, type ErrorCode, type ErrorDetail } from '../shared/errors';
import { scrubSecrets } from './rpc/scrub';

export { scrubSecrets } from './rpc/scrub';

/**
 * Maps anything thrown in core (Node socket errors, driver errors, our own
 * StackdeckError) to the closed set of codes, with a message that says what
 * happened and what to do. Areas reuse this for driver errors; the router
 * applies it to whatever escapes a handler.
 *
 * Drivers wrap the interesting error in their own (kafkajs `cause`/`originalError`,
 * Cassandra `innerErrors`, Node's AggregateError for happy-eyeballs connects,
 * MongoDB's "Server selection timed out" whose message embeds the socket error),
 * so classification looks at the whole chain, codes first and messages second.
 */

export interface ErrorContext {
  /** What was being done, e.g. the method name "kafka.topics.list" or "Connecting to Redis". */
  readonly operation?: string;
  /** `host:port` when the caller knows it better than the error does. */
  readonly target?: string;
  /** Exact secret values (passwords, tokens) to remove from any text, on top of the pattern scrub. */
  readonly secrets?: readonly string[];
}

interface Facts {
  /** Every string code-like value in the chain: `code`, `codeName`, `name`, `type`, `errno` (upper-cased where relevant). */
  codes: Set<string>;
  numbers: Set<number>;
  /** Messages, outermost first. */
  messages: string[];
  host?: string;
  port?: string;
  hostname?: string;
  path?: string;
}

const NETWORK_CODES = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
] as const;
const TIMEOUT_CODES = [
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'TimeoutError',
  'KafkaJSRequestTimeoutError',
  'UND_ERR_CONNECT_TIMEOUT',
];
const TLS_CODES = [
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
];
const AUTHN_CODES = [
  'WRONGPASS',
  'NOAUTH',
  'AuthenticationFailed',
  'KafkaJSSASLAuthenticationError',
  'SASL_AUTHENTICATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
  'AuthenticationError',
  'Neo.ClientError.Security.Unauthorized',
  'Neo.ClientError.Security.AuthenticationRateLimit',
  'Neo.ClientError.Security.CredentialsExpired',
  'MongoMissingCredentialsError',
];
const AUTHZ_CODES = [
  'NOPERM',
  'Unauthorized',
  'Neo.ClientError.Security.Forbidden',
  'Neo.ClientError.Security.AuthorizationExpired',
];
const UNREACHABLE_NAMES = [
  'ServiceUnavailable',
  'SessionExpired',
  'NoHostAvailableError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'KafkaJSConnectionError',
  'KafkaJSBrokerNotFound',
];

const AUTHN_TEXT =
  /WRONGPASS|NOAUTH|authentication fail|invalid username-password|invalid password|SASL authentication|password (?:is|are) incorrect|unauthorized due to authentication|called without any password configured/i;
const TLS_TEXT =
  /certificate|SSL routines|wrong version number|tlsv1 alert|handshake failure|self[- ]signed|packet length too long/i;
const CODE_IN_TEXT =
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|EHOSTDOWN|ECONNRESET|EPIPE|ETIMEDOUT)\b(?:\s+([\w.:[\]-]+:\d{1,5}|[\w.-]+))?/;

const MAX_MESSAGE = 600;

export function toStackdeckError(err: unknown, context: ErrorContext = {}): StackdeckError {
  const scrub = (text: string): string => clip(scrubSecrets(text, context.secrets));
  if (err instanceof StackdeckError) {
    return new StackdeckError(err.code, scrub(err.message), scrubDetail(err.detail, scrub));
  }
  const facts = collect(err);
  const found = classify(facts, context);
  const detail: Record<string, string> = {};
  if (found.cause !== undefined) detail.cause = found.cause;
  const target = context.target ?? targetOf(facts);
  if (target !== undefined) detail.target = target;
  if (found.code === 'SERVER_ERROR' || found.code === 'AUTH_FAILED' || found.code === 'TLS') {
    const reason = facts.messages[0];
    if (reason !== undefined && reason !== '') detail.reason = reason;
  }
  return new StackdeckError(found.code, scrub(found.message), scrubDetail(detail, scrub));
}

interface Classified {
  code: ErrorCode;
  message: string;
  cause?: string;
}

function classify(f: Facts, context: ErrorContext): Classified {
  const has = (codes: readonly string[]): string | undefined => codes.find((c) => f.codes.has(c));
  const text = f.messages.join('\n');
  const at = context.target ?? targetOf(f);
  const where = at === undefined ? '' : ` at ${at}`;
  const op = context.operation === undefined ? 'The operation' : `"${context.operation}"`;

  if (f.codes.has('AbortError') || f.codes.has('ABORT_ERR')) {
    return { code: 'CANCELLED', message: `${op} was cancelled before it finished.` };
  }

  // Authentication before network: a refused login often arrives as a closed socket too.
  const authn = has(AUTHN_CODES) ?? (AUTHN_TEXT.test(text) ? 'AUTH' : undefined);
  if (authn !== undefined) {
    if (/called without any password configured/i.test(text)) {
      return {
        code: 'AUTH_FAILED',
        cause: authn,
        message: `The server${where} has no password set, but the connection sends one. Remove the password from the connection, or set one on the server.`,
      };
    }
    return {
      code: 'AUTH_FAILED',
      cause: authn,
      message: `Authentication failed${where}. Check the user name and password (and the mechanism or authentication database, if the server uses one).`,
    };
  }
  const authz =
    has(AUTHZ_CODES) ??
    [...f.codes].find((c) => c.endsWith('_AUTHORIZATION_FAILED')) ??
    (f.numbers.has(13) && f.codes.has('MongoServerError') ? 'Unauthorized' : undefined);
  if (authz !== undefined) {
    return {
      code: 'AUTH_FAILED',
      cause: authz,
      message: `The server${where} refused: this user is not allowed to do that (${authz}). Ask an administrator for the permission, or use another user.`,
    };
  }

  const tls =
    has(TLS_CODES) ??
    [...f.codes].find((c) => c.startsWith('ERR_TLS_') || c.startsWith('ERR_SSL_')) ??
    (TLS_TEXT.test(text) ? 'TLS' : undefined);
  if (tls !== undefined) return { code: 'TLS', cause: tls, message: tlsMessage(tls, text, where) };

  const net = has(NETWORK_CODES) ?? CODE_IN_TEXT.exec(text)?.[1];
  if (net === 'ETIMEDOUT') return timeout(net, at);
  if (net !== undefined) return { code: 'UNREACHABLE', cause: net, message: networkMessage(net, at, f.hostname) };
  const unreachable = has(UNREACHABLE_NAMES);
  if (unreachable !== undefined) {
    return {
      code: 'UNREACHABLE',
      cause: unreachable,
      message: `Could not reach the server${where}. Check that it is running and reachable from this machine.`,
    };
  }

  const slow = has(TIMEOUT_CODES) ?? (/\btimed? ?out\b/i.test(text) ? 'TIMEOUT' : undefined);
  if (slow !== undefined) return timeout(slow, at);

  if (f.codes.has('ENOENT')) {
    return {
      code: 'NOT_FOUND',
      cause: 'ENOENT',
      message: `A file was not found${f.path === undefined ? '' : `: ${f.path}`}.`,
    };
  }
  const conflict =
    has(['EEXIST', 'TOPIC_ALREADY_EXISTS', 'Neo.ClientError.Schema.ConstraintValidationFailed']) ??
    (f.numbers.has(11000) ? 'E11000' : undefined);
  if (conflict !== undefined) {
    return {
      code: 'CONFLICT',
      cause: conflict,
      message: `${op} conflicts with something that already exists: ${f.messages[0] ?? conflict}`,
    };
  }

  const first = f.messages[0];
  return {
    code: 'SERVER_ERROR',
    message: first === undefined || first === '' ? `${op} failed unexpectedly.` : `${op} failed: ${first}`,
  };
}

function timeout(cause: string, at: string | undefined): Classified {
  const who = at === undefined ? 'The server' : `The server at ${at}`;
  return {
    code: 'TIMEOUT',
    cause,
    message: `${who} did not answer in time. Check the host and port, and that no firewall drops the traffic; then try again.`,
  };
}

function networkMessage(code: string, at: string | undefined, hostname: string | undefined): string {
  const where = at ?? 'the server';
  switch (code) {
    case 'ECONNREFUSED':
      return `Connection refused at ${where}: nothing is listening there. Check that the server is running and that the host and port are right.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host name ${hostname === undefined ? '' : `"${hostname}" `}could not be resolved (${code}). Check the spelling of the host, or your DNS or VPN.`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return `The connection to ${where} was closed by the other side (${code}). The server may be restarting, or it may expect TLS where the connection uses plain text (or the reverse).`;
    default:
      return `No network route to ${where} (${code}). Check your network connection or VPN.`;
  }
}

function tlsMessage(code: string, text: string, where: string): string {
  let reason = 'the handshake failed';
  if (code.startsWith('UNABLE_TO_') || code === 'CERT_UNTRUSTED' || code === 'SELF_SIGNED_CERT_IN_CHAIN') {
    // SELF_SIGNED_CERT_IN_CHAIN: the server sent its chain up to a root this connection does not trust.
    reason = reason =
      "unknown CA: the server's certificate is signed by an authority this connection does not trust; paste the CA that signed the server's certificate into the connection's CA field";
  } else if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || /self[- ]signed/i.test(text)) {
    reason =
      "the server's certificate is self-signed and not trusted; paste that certificate into the connection's CA field";
  } else if (code === 'CERT_HAS_EXPIRED') {
    reason =
      "the server's certificate has expired; the server needs a renewed certificate (or skip verification, insecure)";
  } else if (code === 'CERT_NOT_YET_VALID') {
    reason = "the server's certificate is not valid yet; check the clocks of this machine and the server";
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') {
    reason =
      "host name mismatch: the server's certificate does not name this host; connect with a name on the certificate or set the TLS server name";
  } else if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' || /alert certificate required/i.test(text)) {
    reason = 'the server requires a client certificate; add the client certificate and its key to the connection';
  } else if (
    /^ERR_SSL_(SSLV3|TLSV1|SSL\/TLS)_ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN)$/.test(code) ||
    /alert (bad certificate|unknown ca|certificate unknown)/i.test(text)
  ) {
    reason =
      'the server refused the client certificate (not signed by a CA it trusts, or not valid for client authentication)';
  } else if (code === 'ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR' || /alert internal error/i.test(text)) {
    // Cassandra (Netty's JDK engine) answers an untrusted client certificate with internal_error, not bad_certificate.
    reason =
      'the server ended the handshake with an internal error alert; some servers (Cassandra) send it when they refuse the client certificate, so check that it is signed by a CA the server trusts';
  } else if (/wrong version number|packet length too long/i.test(text)) {
    reason = 'the server does not speak TLS on this port; turn TLS off for this connection, or use the TLS port';
  }
  return `The TLS connection${where} failed: ${reason}.`;
}

function targetOf(f: Facts): string | undefined {
  if (f.host !== undefined && f.port !== undefined)
    return f.host.includes(':') ? `[${f.host}]:${f.port}` : `${f.host}:${f.port}`;
  const m = CODE_IN_TEXT.exec(f.messages.join('\n'));
  if (m?.[2] !== undefined && /:\d{1,5}$/.test(m[2])) return m[2];
  return f.hostname;
}

/** Walks `cause`, `originalError`, `errors` (AggregateError), `innerErrors` (Cassandra) and `reason` (MongoDB). */
function collect(err: unknown): Facts {
  const facts: Facts = { codes: new Set(), numbers: new Set(), messages: [] };
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || seen.has(value) || seen.size > 50) return;
    seen.add(value);
    if (typeof value === 'string') {
      facts.messages.push(value);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const rec = value as Record<string, unknown>;
    for (const key of ['code', 'codeName', 'name', 'type', 'errno', 'syscall']) {
      const v = rec[key];
      if (typeof v === 'string' && v !== '' && v.length < 100) facts.codes.add(v);
      else if (typeof v === 'number' && key === 'code') facts.numbers.add(v);
    }
    const message = rec.message;
    if (typeof message === 'string' && message !== '' && !facts.messages.includes(message))
      facts.messages.push(message);
    if (
      facts.host === undefined &&
      typeof rec.address === 'string' &&
      (typeof rec.port === 'number' || typeof rec.port === 'string')
    ) {
      facts.host = rec.address;
      facts.port = String(rec.port);
    }
    if (facts.hostname === undefined && typeof rec.hostname === 'string') facts.hostname = rec.hostname;
    if (facts.path === undefined && typeof rec.path === 'string') facts.path = rec.path;
    for (const key of ['cause', 'originalError', 'reason', 'error']) {
      if (key in rec) visit(rec[key], depth + 1);
    }
    for (const key of ['errors', 'innerErrors']) {
      const nested = rec[key];
      if (Array.isArray(nested)) nested.forEach((e) => visit(e, depth + 1));
      else if (nested instanceof Map) nested.forEach((e) => visit(e, depth + 1));
      else if (typeof nested === 'object' && nested !== null) Object.values(nested).forEach((e) => visit(e, depth + 1));
    }
    const servers = rec.servers;
    if (servers instanceof Map) servers.forEach((s) => visit(s, depth + 1));
  };
  visit(err, 0);
  return facts;
}

function scrubDetail(detail: ErrorDetail | undefined, scrub: (s: string) => string): ErrorDetail | undefined {
  if (detail === undefined) return undefined;
  const out: ErrorDetail = {};
  for (const [k, v] of Object.entries(detail)) out[k] = typeof v === 'string' ? scrub(v) : v;
  return Object.keys(out).length === 0 ? undefined : out;
}

function clip(text: string): string {
  return text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE - 1)}…`;
}
