import { deliverWebhook, type DeliverWebhookResult } from '../services/deliver-webhook';
import { dispatchPendingEvents } from '../services/dispatch-pending-events';
import { getInvoiceDueDate } from '../services/get-invoice-due-date';
import { markWebhookFailed } from '../services/mark-webhook-failed';
import { countDelivery, noMetrics } from '../services/metrics';
import { planEventDelivery, type DeliveryPlan } from '../services/plan-event-delivery';
import { recordOverdueIfUnpaid } from '../services/record-overdue';
import { sendInvoiceEmail } from '../services/send-invoice-email';
import { sendBudgetAlertEmail } from '../services/send-budget-alert-email';
import { isBudgetAlertSubject } from '../domain/budgets/alert-event';
import { requireDelivery, type ActivityDeps } from './deps';

export type { DeliveryPlan } from '../services/plan-event-delivery';

/** The delivery of business events: each activity calls one use case in services/. */
export function createDeliveryActivities({ db, delivery, metrics = noMetrics }: ActivityDeps) {
  return {
    /** The steps of deliveryStepsFor (domain/billing-events), resolved when planned. */
    async planEventDelivery(input: { eventId: string }): Promise<DeliveryPlan> {
      const deps = requireDelivery(delivery);
      return planEventDelivery(
        { db, channels: { mailer: deps.mailer !== null, erp: deps.erp !== null } },
        input,
      );
    },

    /**
     * Emails the invoice with its stored PDF, once (idempotency key `invoice-email/<id>`); a
     * refusal retrying cannot fix marks the invoice delivery_failed.
     */
    async sendInvoiceEmail(input: { invoiceId: string }): Promise<{ messageId: string | null }> {
      const { issuer, portal, mailer } = requireDelivery(delivery);
      // The email step of a budget alert (its subject is the alert): the alert's own email.
      if (isBudgetAlertSubject(input.invoiceId)) {
        const subjectId = input.invoiceId;
        return countDelivery(metrics, 'email', () =>
          sendBudgetAlertEmail({ db, mailer }, { subjectId }),
        );
      }
      return countDelivery(metrics, 'email', () =>
        sendInvoiceEmail({ db, issuer, portal, mailer }, input),
      );
    },

    /** One signed POST of an event to one endpoint (webhook-id: the event id), logged. */
    /** `skipped` (not retried) once the endpoint is disabled or deleted. */
    async deliverWebhook(input: {
      eventId: string;
      endpointId: string;
    }): Promise<DeliverWebhookResult> {
      const { webhookTimeoutMs, outboundPolicy } = requireDelivery(delivery);
      return countDelivery(metrics, 'webhook', () =>
        deliverWebhook(
          { db, webhookTimeoutMs, ...(outboundPolicy ? { policy: outboundPolicy } : {}) },
          input,
        ),
      );
    },

    async markWebhookFailed(input: { eventId: string; endpointId: string }): Promise<void> {
      await markWebhookFailed(db, input);
    },

    async loadInvoiceDueDate(input: { invoiceId: string }): Promise<{ dueAtMs: number | null }> {
      return getInvoiceDueDate(db, input);
    },

    /** At the due date: an invoice still unpaid becomes overdue, reported once. */
    async recordOverdueIfUnpaid(input: { invoiceId: string; atMs: number }): Promise<boolean> {
      return recordOverdueIfUnpaid({ db, dispatcher: delivery?.dispatcher ?? null }, input);
    },

    /** Hands the customer's new events (a finalization) to their delivery workflows. */
    async dispatchCustomerEvents(input: { customerId: string }): Promise<number> {
      if (!delivery?.dispatcher) return 0;
      return dispatchPendingEvents(db, delivery.dispatcher, input, Date.now());
    },
  };
}
