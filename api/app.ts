import express, { type Express } from 'express';
import { authenticate } from './auth';
import type { ApiDeps } from './deps';
import { errorMiddleware } from './errors';
import { methodNotAllowed } from './method-not-allowed';
import { openApiDocument } from './openapi';
import { mountRoutes } from './contract/mount';
import { requestLog, routeMatcher } from './request-log';
import { routes } from './routes';
import { BillingError } from '../domain/errors';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const routeOf = routeMatcher({ ...openApiDocument.paths, '/openapi.json': { get: {} } });
  // First: every request gets its id, its log line and its latency, whatever answers it.
  app.use(requestLog({ logger: deps.logger, metrics: deps.metrics, routeOf }));
  // Authenticate before reading a body: an unauthenticated caller gets nothing parsed.
  app.use(authenticate(deps));
  app.use(express.json({ limit: '1mb' }));
  app.get('/openapi.json', (_req, res) => res.json(openApiDocument));
  app.use(mountRoutes(routes, deps, { validateResponses: deps.validateResponses ?? false }));
  app.use(methodNotAllowed(openApiDocument.paths));
  app.use((req, _res, next) => {
    next(new BillingError('not_found', `no route ${req.method} ${req.path}`));
  });
  app.use(errorMiddleware(deps.logger, routeOf));
  return app;
}
