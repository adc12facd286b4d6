import type { DeliveryDeps } from '../adapters/delivery-deps';
import { BillingError } from '../domain/errors';
import type { Database } from '../services/deps';
import type { Metrics } from '../services/metrics';

/** What the worker hands its activities: built once by the composition root. */
export interface ActivityDeps {
  db: Database;
  /** Rendering and delivery; without it, business events wait in the outbox. */
  delivery?: DeliveryDeps;
  /** Period closes, finalizations and delivery attempts; defaults to recording nothing. */
  metrics?: Metrics;
}

/** The worker's delivery setup, or delivery_not_configured (a worker that delivers nothing). */
export function requireDelivery(deps: DeliveryDeps | undefined): DeliveryDeps {
  if (!deps) throw new BillingError('delivery_not_configured', 'this worker delivers nothing');
  return deps;
}
