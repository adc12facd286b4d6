import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { BillingError } from '../domain/errors';

const STATUS_BY_CODE: Record<string, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  invalid_json: 400,
  invalid_events: 400,
  currency_mismatch: 400,
  customer_not_found: 404,
  invoice_not_found: 404,
  no_subscription: 404,
  plan_not_found: 404,
  not_found: 404,
  coupon_not_found: 404,
  credit_note_not_found: 404,
  document_not_ready: 404,
  webhook_endpoint_not_found: 404,
  customer_exists: 409,
  coupon_exists: 409,
  credit_exists: 409,
  credit_note_exists: 409,
  webhook_endpoint_exists: 409,
  invalid_invoice_state: 409,
  payment_exists: 409,
  plan_exists: 409,
  subscription_exists: 409,
  subscription_conflict: 409,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  temporal_unavailable: 503,
};

/** body-parser's own failures are client mistakes, never 500s. */
function fromBodyParser(error: unknown): BillingError | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  switch (error.type) {
    case 'entity.parse.failed':
      return new BillingError('invalid_json', 'the request body is not valid JSON', {
        details: [{ field: '(body)', message: 'invalid JSON' }],
      });
    case 'entity.too.large':
      return new BillingError('payload_too_large', 'the request body is larger than 1 MiB', {
        details: [{ field: '(body)', message: 'at most 1 MiB' }],
      });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new BillingError('unsupported_media_type', 'the request body must be UTF-8 JSON');
    default:
      return null;
  }
}

/** The one place that turns errors into `{ error: { code, message, details } }`. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = error instanceof BillingError ? error : fromBodyParser(error);
    if (known) {
      const status = STATUS_BY_CODE[known.code] ?? 400;
      if (status >= 500) logger.warn({ err: known, path: req.path }, known.message);
      res.status(status).json({
        error: { code: known.code, message: known.message, details: known.details ?? [] },
      });
      return;
    }
    logger.error({ err: error, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'internal error', details: [] } });
  };
}
