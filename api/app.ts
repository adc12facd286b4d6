import express, { type Express } from 'express';
import { authenticate } from './auth';
import type { ApiDeps } from './deps';
import { errorMiddleware } from './errors';
import { methodNotAllowed } from './method-not-allowed';
import { openApiDocument } from './openapi';
import { portalStatic } from './portal-static';
import { portalAuthRouter } from './portal-auth';
import { USAGE_STREAM_PATH, usageStreamHandler } from './routes/portal';
import { mountRoutes } from './contract/mount';
import { requestLog, routeMatcher } from './request-log';
import { routes } from './routes';
import { BillingError } from '../domain/errors';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const routeOf = routeMatcher({
    ...openApiDocument.paths,
    '/openapi.json': { get: {} },
    // The portal's sign-in endpoints, named in logs (never their query: it holds the token).
    '/portal/login': { get: {} },
    '/portal/session': { post: {} },
    '/portal/logout': { post: {} },
  });
  // First: every request gets its id, its log line and its latency, whatever answers it.
  app.use(requestLog({ logger: deps.logger, metrics: deps.metrics, routeOf }));
  // The portal's page and assets need no key (the page signs in itself); /portal/login,
  // /portal/session and /portal/logout are left to the portal-access router.
  app.use(portalStatic());
  // Authenticate before reading a body: an unauthenticated caller gets nothing parsed.
  app.use(authenticate(deps));
  app.use(express.json({ limit: '1mb' }));
  app.get('/openapi.json', (_req, res) => res.json(openApiDocument));
  app.use(portalAuthRouter(deps));
  // A stream is not one reply: served ahead of the contract's router, declared in it.
  app.get(USAGE_STREAM_PATH, usageStreamHandler(deps));
  app.use(mountRoutes(routes, deps, { validateResponses: deps.validateResponses ?? false }));
  app.use(methodNotAllowed(openApiDocument.paths));
  app.use((req, _res, next) => {
    next(new BillingError('not_found', `no route ${req.method} ${req.path}`));
  });
  app.use(errorMiddleware(deps.logger, routeOf));
  return app;
}
