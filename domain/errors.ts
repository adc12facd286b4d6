import { ERROR_CATALOGUE, type ErrorCode } from './error-catalogue';

export type { ErrorCode } from './error-catalogue';

/**
 * The engine's one error type. `code` is stable snake_case and listed in the catalogue
 * (domain/error-catalogue.ts), which gives its HTTP status and whether it is retryable;
 * `retryable` tells activities whether Temporal should try again, and defaults to the
 * catalogue's flag for the code when the thrower does not decide.
 */
export class BillingError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { retryable?: boolean; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BillingError';
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CATALOGUE[code].retryable;
    this.details = options.details;
  }
}
