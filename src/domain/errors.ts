// Expected failures, each with a stable code; the HTTP layer maps codes to statuses in one table.

export const ERROR_CODES = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'transition_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  /** The demo's published password, tried from another machine. */
  'demo_password_remote',
  'rate_limited',
  /** An invitation or password-reset link that has expired, was used, or was revoked. */
  'link_expired',
  'link_used',
  'link_revoked',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** Dotted path of the offending field, e.g. `email` or `batch[3].event`. */
  field: string;
  message: string;
  /** Index of the offending item when the input is a list (batch events, CSV rows). */
  index?: number | null;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** Too many attempts; the HTTP layer sends `retryAfterSeconds` as the Retry-After header. */
export class RateLimited extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('rate_limited', message);
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);
export const forbidden = (message: string): AppError => new AppError('forbidden', message);
export const invalid = (field: string, message: string): AppError =>
  new AppError('validation_failed', `${field}: ${message}`, [{ field, message }]);
