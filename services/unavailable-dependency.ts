import { isDatabaseUnavailable } from '../db/unavailable';
import { BillingError } from '../domain/errors';

/** Seconds a client is asked to wait before retrying a 503 (Retry-After). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * The 503 for an error that only says a dependency is down for now, or null for any other
 * error. The API's error middleware asks it before answering 500.
 */
export function unavailableDependency(error: unknown): BillingError | null {
  if (!isDatabaseUnavailable(error)) return null;
  return new BillingError('database_unavailable', 'the database is unavailable right now', {
    details: [{ field: '(service)', message: `retry after ${UNAVAILABLE_RETRY_AFTER_SECONDS} s` }],
  });
}
