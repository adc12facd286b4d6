import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { errorMiddleware } from '../../api/errors';
import {
  ERROR_CATALOGUE,
  ERROR_CODES,
  ERROR_STATUSES,
  errorCodesWithStatus,
  type ErrorCode,
} from '../../domain/error-catalogue';
import { BillingError } from '../../domain/errors';

const specs = ERROR_CODES.map((code) => [code, ERROR_CATALOGUE[code]] as const);

describe('the error catalogue', () => {
  test.each(specs)('%s has a status the API knows and a meaning', (_code, spec) => {
    expect(ERROR_STATUSES).toContain(spec.status);
    expect(spec.meaning.length).toBeGreaterThan(0);
  });

  // 429 is the one 4xx a retry fixes: after the answer's Retry-After.
  test.each(specs.filter(([, spec]) => spec.status < 500 && spec.status !== 429))(
    '%s is a client mistake: not retryable',
    (_code, spec) => {
      expect(spec.retryable).toEqual(false);
    },
  );

  test.each<ErrorCode>([
    'internal',
    'invoice_invariant_violated',
    'einvoice_totals_mismatch',
    'allocation_without_units',
    'invalid_allocation',
    'invalid_billing_schedule',
    'coupon_mismatch',
    'pdf_metadata_unrecognized',
    'delivery_not_configured',
  ])('%s cannot happen with valid input: 500', (code) => {
    expect(ERROR_CATALOGUE[code].status).toEqual(500);
  });

  test.each<[ErrorCode, number, boolean]>([
    ['invalid_request', 400, false],
    ['unauthenticated', 401, false],
    ['forbidden', 403, false],
    ['invoice_not_found', 404, false],
    ['method_not_allowed', 405, false],
    ['invalid_invoice_state', 409, false],
    ['payload_too_large', 413, false],
    ['unsupported_media_type', 415, false],
    ['rate_limited', 429, true],
    ['webhook_delivery_failed', 502, false],
    ['temporal_unavailable', 503, true],
  ])('%s: %i, retryable %s', (code, status, retryable) => {
    expect([ERROR_CATALOGUE[code].status, ERROR_CATALOGUE[code].retryable]).toEqual([
      status,
      retryable,
    ]);
  });

  test('errorCodesWithStatus lists the codes of one status, each code under one status', () => {
    expect(errorCodesWithStatus(401)).toEqual(['unauthenticated', 'session_expired']);
    expect(errorCodesWithStatus(418)).toEqual([]);
    const listed = ERROR_STATUSES.flatMap((status) => errorCodesWithStatus(status));
    expect([...listed].sort()).toEqual([...ERROR_CODES].sort());
  });
});

describe('BillingError', () => {
  test.each<[string, BillingError, boolean]>([
    ['the default of a 4xx code', new BillingError('invoice_not_found', 'x'), false],
    ['the default of a 503 code', new BillingError('temporal_unavailable', 'x'), true],
    ['the default of a 502 code', new BillingError('erp_sync_failed', 'x'), false],
    [
      "the thrower's flag over the default",
      new BillingError('document_not_ready', 'x', { retryable: true }),
      true,
    ],
    [
      "the thrower's false over a retryable default",
      new BillingError('temporal_unavailable', 'x', { retryable: false }),
      false,
    ],
  ])('retryable is %s', (_case, error, retryable) => {
    expect(error.retryable).toEqual(retryable);
  });
});

interface Sent {
  status: number | null;
  body: unknown;
  /** Headers the middleware set (beyond the request id already there). */
  headers?: Record<string, string>;
  logged: { level: 'error' | 'warn'; message: string; fields: Record<string, unknown> }[];
}

const REQUEST_ID = 'req-0123456789';

/** Runs the middleware with a fake response and logger; returns what each received. */
function handle(error: unknown): Sent {
  const sent: Sent = { status: null, body: null, logged: [] };
  const logger = {
    error: (fields: Record<string, unknown>, message: string) =>
      sent.logged.push({ level: 'error', message, fields }),
    warn: (fields: Record<string, unknown>, message: string) =>
      sent.logged.push({ level: 'warn', message, fields }),
  } as unknown as Logger;
  const headers: Record<string, string> = {};
  const res = {
    // The request id api/request-log.ts set when the request came in.
    getHeader: (name: string) => (name === 'x-request-id' ? REQUEST_ID : headers[name]),
    setHeader(name: string, value: string) {
      headers[name] = value;
      sent.headers = headers;
    },
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
  } as unknown as Response;
  const next: NextFunction = () => undefined;
  const routeOf = (path: string) => (path === '/v1/test/inv-1' ? '/v1/test/{id}' : 'unmatched');
  void errorMiddleware(logger, routeOf)(
    error,
    { path: '/v1/test/inv-1', method: 'GET' } as unknown as Request,
    res,
    next,
  );
  return sent;
}

describe('errorMiddleware', () => {
  test('an unreachable database is a 503 database_unavailable with Retry-After, not a 500', () => {
    const driverError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const sent = handle(new Error('Failed query: select 1', { cause: driverError }));
    expect(sent.status).toEqual(503);
    expect(sent.headers).toEqual({ 'retry-after': '5' });
    expect(sent.body).toEqual({
      error: {
        code: 'database_unavailable',
        message: 'the database is unavailable right now',
        details: [{ field: '(service)', message: 'retry after 5 s' }],
        requestId: REQUEST_ID,
      },
    });
  });

  test('a 404 code answers with its own message and details', () => {
    const error = new BillingError('invoice_not_found', 'no invoice inv-1', {
      details: [{ field: 'id', message: 'unknown' }],
    });
    expect(handle(error)).toEqual({
      status: 404,
      body: {
        error: {
          code: 'invoice_not_found',
          message: 'no invoice inv-1',
          details: [{ field: 'id', message: 'unknown' }],
          requestId: REQUEST_ID,
        },
      },
      logged: [],
    });
  });

  test('a 500 code answers "internal error" without details and logs the real message', () => {
    const error = new BillingError('invoice_invariant_violated', 'total 8.52 != 8.53', {
      details: { invoiceId: 'inv-1' },
    });
    expect(handle(error)).toEqual({
      status: 500,
      body: {
        error: {
          code: 'invoice_invariant_violated',
          message: 'internal error',
          details: [],
          requestId: REQUEST_ID,
        },
      },
      logged: [
        {
          level: 'error',
          message: 'total 8.52 != 8.53',
          // The route template, never the raw path (it holds ids), and the id the client got.
          fields: { err: error, reqId: REQUEST_ID, method: 'GET', route: '/v1/test/{id}' },
        },
      ],
    });
  });

  test('a 503 code keeps its message, says when to retry and is logged as a warning', () => {
    const error = new BillingError('temporal_unavailable', 'live usage is unavailable right now');
    expect(handle(error)).toEqual({
      status: 503,
      headers: { 'retry-after': '5' },
      body: {
        error: {
          code: 'temporal_unavailable',
          message: 'live usage is unavailable right now',
          details: [],
          requestId: REQUEST_ID,
        },
      },
      logged: [
        {
          level: 'warn',
          message: 'live usage is unavailable right now',
          fields: { err: error, reqId: REQUEST_ID, method: 'GET', route: '/v1/test/{id}' },
        },
      ],
    });
  });

  test('an error that is not a BillingError is an internal 500', () => {
    const error = new TypeError('x is undefined');
    expect(handle(error)).toEqual({
      status: 500,
      body: {
        error: { code: 'internal', message: 'internal error', details: [], requestId: REQUEST_ID },
      },
      logged: [
        {
          level: 'error',
          message: 'unhandled error',
          fields: { err: error, reqId: REQUEST_ID, method: 'GET', route: '/v1/test/{id}' },
        },
      ],
    });
  });

  test("body-parser's invalid JSON is a 400", () => {
    expect(handle(Object.assign(new SyntaxError('bad'), { type: 'entity.parse.failed' }))).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid_json',
          message: 'the request body is not valid JSON',
          details: [{ field: '(body)', message: 'invalid JSON' }],
          requestId: REQUEST_ID,
        },
      },
      logged: [],
    });
  });
});
