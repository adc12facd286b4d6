import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { errorSpec } from '../domain/error-catalogue';
import { BillingError } from '../domain/errors';
import {
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  unavailableDependency,
} from '../services/unavailable-dependency';
import { REQUEST_ID_HEADER } from './request-log';

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
 * The one place that turns errors into `{ error: { code, message, details, requestId } }`,
 * with the status the error catalogue gives the code. A 500 is a bug or a broken invariant:
 * the client gets "internal error" and no details (they may show internals), the log gets the
 * real error (through the logger's safe serializer: no SQL parameters) under the same request
 * id, so a client quoting it leads to the line. Routes are logged as templates, never raw
 * paths (which hold ids).
 */
export function errorMiddleware(
  logger: Logger,
  routeOf: (path: string) => string,
): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known =
      error instanceof BillingError
        ? error
        : (fromBodyParser(error) ?? unavailableDependency(error));
    const status = known ? errorSpec(known.code).status : 500;
    // Every 503 says when to come back; a route may have set its own figure already.
    if (status === 503 && !res.getHeader('retry-after')) {
      res.setHeader('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    const requestId = String(res.getHeader(REQUEST_ID_HEADER) ?? '');
    const context = { reqId: requestId, method: req.method, route: routeOf(req.path) };
    if (!known || status === 500) {
      logger.error({ err: error, ...context }, known ? known.message : 'unhandled error');
      res.status(500).json({
        error: {
          code: known?.code ?? 'internal',
          message: 'internal error',
          details: [],
          requestId,
        },
      });
      return;
    }
    if (status >= 500) logger.warn({ err: known, ...context }, known.message);
    res.status(status).json({
      error: { code: known.code, message: known.message, details: detailsOf(known), requestId },
    });
  };
}
