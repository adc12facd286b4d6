import type { Database } from '../db/client';
import { loadInvoiceHeader } from '../db/repositories/invoices.repository';
import { loadEnabledWebhookEndpoints } from '../db/repositories/webhooks.repository';
import {
  deliveryStepsFor,
  type DeliveryChannels,
  type DocumentKind,
} from '../domain/billing-events';
import { awaitsPayment } from '../domain/delivery/overdue';
import { endpointReceives } from '../domain/delivery/webhook-endpoint';
import { loadBillingEventOrFail } from './load-billing-event';

/** The steps of deliveryStepsFor, resolved against the database when planned. */
export interface DeliveryPlan {
  subjectId: string;
  documentKind: DocumentKind | null;
  email: boolean;
  /**
   * Snapshot at planning time of the enabled endpoints: an endpoint added later does not get
   * older events, and one disabled or deleted later is skipped when its turn comes.
   */
  endpointIds: string[];
  erp: boolean;
  watchOverdue: boolean;
}

/**
 * What delivering an event takes: its document, the email, the endpoints subscribed to its
 * type, the ERP record, and whether to watch the invoice until its due date (still unpaid).
 */
export async function planEventDelivery(
  deps: { db: Database; channels: DeliveryChannels },
  input: { eventId: string },
): Promise<DeliveryPlan> {
  const event = await loadBillingEventOrFail(deps.db, input.eventId);
  const steps = deliveryStepsFor(event.type, deps.channels);
  const endpoints = steps.webhooks ? await loadEnabledWebhookEndpoints(deps.db) : [];
  const invoice = steps.overdueWatch ? await loadInvoiceHeader(deps.db, event.subjectId) : null;
  return {
    subjectId: event.subjectId,
    documentKind: steps.documentKind,
    email: steps.email,
    endpointIds: endpoints
      .filter((endpoint) => endpointReceives(endpoint.eventTypes, event.type))
      .map((endpoint) => endpoint.id),
    erp: steps.erpRecordKind !== null,
    watchOverdue: invoice !== null && awaitsPayment(invoice.status),
  };
}
