import { BillingError, type ErrorCode } from '../../domain/errors';

/**
 * How a delivery (email, webhook, ERP post) failed. `status` is the HTTP status the other
 * side answered, or null when no answer came (connection refused, reset, DNS, timeout).
 */
export interface DeliveryFailureDetails {
  target: string;
  reason: 'http_status' | 'network' | 'timeout';
  status: number | null;
  /** Start of the response body (or the provider's error message), for the operator. */
  response: string | null;
}

/**
 * Whether an HTTP status is worth retrying with the same request. The rule, shared by the
 * webhook sender and the ERP connector (the Resend mailer refines it by error name):
 *
 * | status                 | retryable | why                                                  |
 * | ---------------------- | --------- | ---------------------------------------------------- |
 * | 2xx                    | -         | success                                              |
 * | 3xx                    | no        | redirects are not followed: a misconfigured URL      |
 * | 408 Request Timeout    | yes       | the server gave up waiting; the same request can pass |
 * | 409 Conflict           | yes       | a concurrent request with the same idempotency key   |
 * |                        |           | is in flight (IETF Idempotency-Key draft)             |
 * | 425 Too Early          | yes       | the server asks for a replay later                   |
 * | 429 Too Many Requests  | yes       | rate limited                                         |
 * | other 4xx (400, 401,   | no        | the request or the credentials are wrong: the same   |
 * | 403, 404, 410, 422...) |           | bytes fail again; 410 Gone means "stop sending"      |
 * | 5xx                    | yes       | the other side is failing, not our request           |
 * | no answer              | yes       | network error or timeout (see failure constructors)  |
 *
 * Retries are bounded by the activity's Temporal retry policy, so a retryable 501 costs a
 * few attempts, while a non-retryable 503 would lose a delivery.
 */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** The other side answered with a non-2xx status. */
export function httpStatusFailure(
  code: ErrorCode,
  what: string,
  details: Omit<DeliveryFailureDetails, 'reason'> & { status: number },
): BillingError {
  const response =
    details.response === null || details.response === '' ? '' : `: ${details.response}`;
  return new BillingError(code, `${what} answered HTTP ${details.status}${response}`, {
    retryable: isRetryableHttpStatus(details.status),
    details: { ...details, reason: 'http_status' } satisfies DeliveryFailureDetails,
  });
}

/**
 * No answer came: always retryable, because the other side may not even have seen the
 * request, and every delivery carries an idempotency key (or id) that makes a replay safe.
 * `timedOut` comes from the caller's AbortSignal (an error's class is unreliable across
 * realms, e.g. undici's DOMException under jest).
 */
export function noAnswerFailure(
  code: ErrorCode,
  what: string,
  failure: { target: string; cause: unknown; timedOut: boolean; timeoutMs: number },
): BillingError {
  const reason = failure.timedOut
    ? `no answer within ${failure.timeoutMs} ms`
    : `unreachable (${describe(failure.cause)})`;
  return new BillingError(code, `${what} ${reason}`, {
    retryable: true,
    cause: failure.cause,
    details: {
      target: failure.target,
      reason: failure.timedOut ? 'timeout' : 'network',
      status: null,
      response: null,
    } satisfies DeliveryFailureDetails,
  });
}

/** fetch reports "fetch failed" and puts the useful part (ECONNREFUSED...) in `cause`. */
function describe(error: unknown): string {
  const message = messageOf(error);
  const cause = messageOf((error as { cause?: unknown } | null)?.cause);
  return cause === undefined ? (message ?? String(error)) : `${message ?? ''}: ${cause}`;
}

function messageOf(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}
