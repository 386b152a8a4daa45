import { z } from 'zod';

/**
 * The closed set of error codes that cross the boundary. Every failure in core is
 * mapped to one of these, so the renderer (and scripts driving web mode) can react
 * to a code rather than parse driver messages.
 */
export const ErrorCode = z.enum([
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
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Extra facts about an error, safe to show (never secrets). */
export const ErrorDetail = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** The wire shape of an error: what happened and what to do, in words a user understands. */
export const RpcErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  detail: ErrorDetail.optional(),
});
export type RpcErrorShape = z.infer<typeof RpcErrorShape>;

/** Thrown in core and re-thrown in the renderer client; carries a closed code. */
export class StackdeckError extends Error {
  readonly code: ErrorCode;
  readonly detail: ErrorDetail | undefined;

  constructor(code: ErrorCode, message: string, detail?: ErrorDetail) {
    super(message);
    this.name = 'StackdeckError';
    this.code = code;
    this.detail = detail;
  }

  toShape(): RpcErrorShape {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  static fromShape(shape: RpcErrorShape): StackdeckError {
    return new StackdeckError(shape.code, shape.message, shape.detail);
  }
}

export function isStackdeckError(value: unknown): value is StackdeckError {
  return value instanceof StackdeckError;
}
