import { isStackdeckError, type ErrorCode, type ErrorDetail } from '../../../shared/errors';

/** What the UI shows for any failure: a closed code and a sentence, both rendered as text. */
export interface ShownError {
  code: ErrorCode | 'UNKNOWN';
  message: string;
  /** Extra facts from the server (e.g. which option was refused); rendered as text. */
  detail?: ErrorDetail;
}

const CODES = new Set<string>([
  'UNREACHABLE',
  'TIMEOUT',
  'AUTH_FAILED',
  'TLS',
  'INVALID_INPUT',
  'READ_ONLY',
  'NOT_FOUND',
  'CONFLICT',
  'SERVER_ERROR',
  'CANCELLED',
]);

/** Normalises anything thrown (StackdeckError, a wire shape, an Error, a string) into a ShownError. */
export function toShownError(value: unknown): ShownError {
  if (isStackdeckError(value))
    return value.detail
      ? { code: value.code, message: value.message, detail: value.detail }
      : { code: value.code, message: value.message };
  if (typeof value === 'object' && value !== null) {
    const rec = value as Record<string, unknown>;
    const code = typeof rec.code === 'string' && CODES.has(rec.code) ? (rec.code as ErrorCode) : 'UNKNOWN';
    const message = typeof rec.message === 'string' && rec.message !== '' ? rec.message : 'Something went wrong.';
    const detail =
      typeof rec.detail === 'object' && rec.detail !== null
        ? plainDetail(rec.detail as Record<string, unknown>)
        : undefined;
    return detail ? { code, message, detail } : { code, message };
  }
  if (typeof value === 'string' && value !== '') return { code: 'UNKNOWN', message: value };
  return { code: 'UNKNOWN', message: 'Something went wrong.' };
}

/** A short human title per code, shown above the message. */
export function errorTitle(code: ShownError['code']): string {
  switch (code) {
    case 'UNREACHABLE':
      return 'Server unreachable';
    case 'TIMEOUT':
      return 'Timed out';
    case 'AUTH_FAILED':
      return 'Authentication failed';
    case 'TLS':
      return 'TLS problem';
    case 'INVALID_INPUT':
      return 'Invalid input';
    case 'READ_ONLY':
      return 'Read-only connection';
    case 'NOT_FOUND':
      return 'Not found';
    case 'CONFLICT':
      return 'Conflict';
    case 'SERVER_ERROR':
      return 'Server error';
    case 'CANCELLED':
      return 'Cancelled';
    default:
      return 'Error';
  }
}

function plainDetail(rec: Record<string, unknown>): ErrorDetail | undefined {
  const out: ErrorDetail = {};
  for (const [k, v] of Object.entries(rec)) {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
