import type { Route } from '../contract/route';
import { creditNoteRoutes } from './credit-notes';
import { creditRoutes } from './credits';
import { apiKeyRoutes } from './api-keys';
import { couponRoutes } from './coupons';
import { customerRoutes } from './customers';
import { healthRoutes } from './health';
import { planRoutes } from './plans';
import { subscriptionRoutes } from './subscriptions';
import { taxRateRoutes } from './tax-rates';
import { documentRoutes } from './documents';
import { eventRoutes } from './events';
import { exportRoutes } from './exports';
import { invoiceRoutes } from './invoices';
import { metricsRoutes } from './metrics';
import { operatorRoutes } from './operator';
import { portalRoutes } from './portal';
import { budgetRoutes } from './budgets';
import { projectRoutes } from './projects';
import { usageRoutes } from './usage';
import { usageAnalyticsRoutes } from './usage-analytics';
import { webhookEndpointRoutes } from './webhook-endpoints';

/** Every route of the API, declared once; the router and the OpenAPI document read this. */
export const routes: readonly Route[] = [
  ...healthRoutes,
  ...apiKeyRoutes,
  ...customerRoutes,
  ...projectRoutes,
  ...budgetRoutes,
  ...taxRateRoutes,
  ...planRoutes,
  ...subscriptionRoutes,
  ...couponRoutes,
  ...invoiceRoutes,
  ...creditNoteRoutes,
  ...creditRoutes,
  ...eventRoutes,
  ...usageRoutes,
  ...usageAnalyticsRoutes,
  ...documentRoutes,
  ...exportRoutes,
  ...webhookEndpointRoutes,
  ...metricsRoutes,
  ...portalRoutes,
  ...operatorRoutes,
];
