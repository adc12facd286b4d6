import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Metrics } from '../services/metrics';

export const REQUEST_ID_HEADER = 'x-request-id';
/** An incoming id is kept when it looks like one (a UUID, a trace id); anything else is replaced. */
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** A request's id: the well-formed `x-request-id` it came with, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

/**
 * The declared path template a URL path matches (`/v1/customers/{id}`), for labels and log
 * lines: raw URLs would put ids in them (personal data, unbounded label values).
 */
export function routeMatcher(paths: Record<string, object>): (path: string) => string {
  const templates = Object.entries(paths)
    .filter(([, item]) => Object.keys(item).some((key) => HTTP_METHODS.has(key)))
    .map(([template]) => ({
      template,
      regex: new RegExp(`^${template.replace(/\{[^/]+\}/g, '[^/]+')}$`),
    }));
  return (path) => templates.find((t) => t.regex.test(path))?.template ?? 'unmatched';
}

/**
 * Logs every request once when it is answered (method, route template, status, duration,
 * id), sets `x-request-id` on the response and records http_request_duration_seconds.
 * Headers, query strings and bodies are never logged: they hold keys and personal data, the
 * portal's session cookies and the `?token=` of its sign-in links (/portal/login), whose
 * route is logged as the bare path (test/e2e/portal-access.test.ts checks the token stays out).
 */
export function requestLog(options: {
  logger: Logger;
  metrics: Metrics;
  routeOf: (path: string) => string;
}): RequestHandler {
  const { metrics, routeOf } = options;
  const routeOfRequest = (req: IncomingMessage): string =>
    routeOf((req.url ?? '/').split('?')[0] as string);
  const log = pinoHttp({
    logger: options.logger,
    // Our own serializers on the raw objects; errors keep the logger's safe serializer.
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        route: routeOfRequest(req),
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    genReqId: (req, res) => {
      const id = requestIdOf(req);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${routeOfRequest(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOfRequest(req)} ${res.statusCode}`,
    // The request line is the one with the outcome; the error middleware logs the cause.
    customErrorObject: (_req, _res, _error, value: Record<string, unknown>) => ({
      ...value,
      err: undefined,
    }),
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      metrics.httpRequest(
        { route: routeOf(req.path), method: req.method, status: res.statusCode },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    log(req, res, next);
  };
}
