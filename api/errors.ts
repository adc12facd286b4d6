import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { errorSpec } from '../domain/error-catalogue';
import { BillingError } from '../domain/errors';

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

/** `details` is always a list (the contract's); a domain error's context object is one item. */
function detailsOf(error: BillingError): unknown[] {
  if (error.details === undefined) return [];
  return Array.isArray(error.details) ? (error.details as unknown[]) : [error.details];
}

/**
 * The one place that turns errors into `{ error: { code, message, details } }`, with the
 * status the error catalogue gives the code. A 500 is a bug or a broken invariant: the client
 * gets "internal error" and no details (they may show internals), the log gets the real error.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = error instanceof BillingError ? error : fromBodyParser(error);
    const status = known ? errorSpec(known.code).status : 500;
    if (!known || status === 500) {
      logger.error({ err: error, path: req.path }, known ? known.message : 'unhandled error');
      res.status(500).json({
        error: { code: known?.code ?? 'internal', message: 'internal error', details: [] },
      });
      return;
    }
    if (status >= 500) logger.warn({ err: known, path: req.path }, known.message);
    res.status(status).json({
      error: { code: known.code, message: known.message, details: detailsOf(known) },
    });
  };
}
