/**
 * The engine's one error type. `code` is stable snake_case (clients and the API's status
 * mapping depend on it); `retryable` tells activities whether Temporal should try again.
 */
export class BillingError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details: unknown;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BillingError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}
