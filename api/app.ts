import express, { type Express } from 'express';
import { authenticate } from './auth';
import type { ApiDeps } from './deps';
import { apiKeysRouter } from './routes/api-keys';
import { errorMiddleware } from './errors';
import { methodNotAllowed } from './method-not-allowed';
import { openApiDocument } from './openapi';
import { customersRouter } from './routes/customers';
import { eventsRouter } from './routes/events';
import { healthRouter } from './routes/health';
import { invoicesRouter } from './routes/invoices';
import { taxRatesRouter } from './routes/tax-rates';
import { plansRouter } from './routes/plans';
import { subscriptionsRouter } from './routes/subscriptions';
import { usageRouter } from './routes/usage';
import { couponsRouter } from './routes/coupons';
import { creditsRouter } from './routes/credits';
import { creditNotesRouter } from './routes/credit-notes';
import { documentsRouter } from './routes/documents';
import { exportsRouter } from './routes/exports';
import { webhookEndpointsRouter } from './routes/webhook-endpoints';
import { BillingError } from '../domain/errors';

export function createApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Authenticate before reading a body: an unauthenticated caller gets nothing parsed.
  app.use(authenticate(deps.database.db, deps.bootstrapApiKey));
  app.use(express.json({ limit: '1mb' }));
  app.get('/openapi.json', (_req, res) => res.json(openApiDocument));
  app.use(healthRouter(deps));
  app.use(apiKeysRouter(deps));
  app.use(customersRouter(deps));
  app.use(eventsRouter(deps));
  app.use(usageRouter(deps));
  app.use(invoicesRouter(deps));
  app.use(taxRatesRouter(deps));
  app.use(plansRouter(deps));
  app.use(subscriptionsRouter(deps));
  app.use(couponsRouter(deps));
  app.use(creditsRouter(deps));
  app.use(creditNotesRouter(deps));
  app.use(documentsRouter(deps));
  app.use(webhookEndpointsRouter(deps));
  app.use(exportsRouter(deps));
  app.use(methodNotAllowed(openApiDocument.paths));
  app.use((req, _res, next) => {
    next(new BillingError('not_found', `no route ${req.method} ${req.path}`));
  });
  app.use(errorMiddleware(deps.logger));
  return app;
}
