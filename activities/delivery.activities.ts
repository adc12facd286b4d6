import type { Database } from '../db/client';
import { recordBillingEvent } from '../db/repositories/billing-events.repository';
import { loadEmailDelivery, saveEmailDelivery } from '../db/repositories/deliveries.repository';
import { loadDocument } from '../db/repositories/documents.repository';
import { loadInvoice } from '../db/repositories/invoices.repository';
import {
  loadEndpointsFor,
  loadWebhookEndpoint,
  markDeliveryFailed,
  recordDeliveryAttempt,
} from '../db/repositories/webhooks.repository';
import { toInvoiceViewModel } from '../domain/documents/view-model';
import { BillingError } from '../domain/errors';
import { renderInvoiceEmail } from '../emails/render';
import { sendWebhook, webhookBody } from './delivery';
import { invoiceUrl, type DeliveryDeps } from './delivery-deps';
import { loadDocumentData, requireDelivery, type DocumentKind } from './documents.activities';
import {
  DOCUMENT_KINDS,
  ERP_RECORD_KINDS,
  WEBHOOK_EVENT_TYPES,
  eventOrFail,
} from './billing-event-routing';
import { dispatchPendingEvents } from './event-dispatcher';

export interface DeliveryPlan {
  subjectId: string;
  documentKind: DocumentKind | null;
  email: boolean;
  /** Snapshot at planning time: an endpoint added later does not get older events. */
  endpointIds: string[];
  erp: boolean;
  watchOverdue: boolean;
}

export function createDeliveryActivities({
  db,
  delivery,
}: {
  db: Database;
  delivery?: DeliveryDeps;
}) {
  return {
    async planEventDelivery(input: { eventId: string }): Promise<DeliveryPlan> {
      const deps = requireDelivery(delivery);
      const event = await eventOrFail(db, input.eventId);
      const webhookType = (WEBHOOK_EVENT_TYPES as readonly string[]).includes(event.type);
      const endpoints = webhookType ? await loadEndpointsFor(db, event.type) : [];
      const invoice =
        event.type === 'invoice.finalized' ? await loadInvoice(db, event.subjectId) : null;
      return {
        subjectId: event.subjectId,
        documentKind: DOCUMENT_KINDS[event.type] ?? null,
        email: event.type === 'invoice.finalized' && deps.mailer !== null,
        endpointIds: endpoints.map((endpoint) => endpoint.id),
        erp: deps.erp !== null && event.type in ERP_RECORD_KINDS,
        watchOverdue: invoice?.status === 'open' || invoice?.status === 'partially_paid',
      };
    },

    /**
     * Emails the invoice with its stored PDF, once: the delivery record is checked first, and
     * Resend's idempotency key (derived from the invoice) covers a crash between its answer
     * and the record. A refusal retrying cannot fix marks the invoice delivery_failed.
     */
    async sendInvoiceEmail(input: { invoiceId: string }): Promise<{ messageId: string | null }> {
      const deps = requireDelivery(delivery);
      const earlier = await loadEmailDelivery(db, input.invoiceId);
      if (earlier?.status === 'sent') return { messageId: earlier.messageId };
      const mailer = deps.mailer;
      if (!mailer) throw new BillingError('email_not_configured', 'no mail provider configured');
      const doc = await loadDocumentData(db, deps, 'invoice', input.invoiceId);
      const pdf = await loadDocument(db, doc.id, 'pdf');
      if (!pdf) {
        throw new BillingError('document_not_ready', `no PDF for ${doc.id} yet`, {
          retryable: true,
        });
      }
      const recipient = doc.customer.email ?? '';
      const email = await renderInvoiceEmail(
        toInvoiceViewModel(doc, { invoiceUrl: invoiceUrl(deps, doc.id), maxSubLinesPerLine: 0 }),
      );
      try {
        const { messageId } = await mailer.sendInvoiceEmail({
          to: recipient,
          ...email,
          pdf: pdf.content,
          pdfFilename: `${doc.number}.pdf`,
          idempotencyKey: `invoice-email/${doc.id}`,
        });
        await saveEmailDelivery(db, doc.id, { status: 'sent', recipient, messageId, reason: null });
        return { messageId };
      } catch (error) {
        if (error instanceof BillingError && !error.retryable) {
          await saveEmailDelivery(db, doc.id, {
            status: 'delivery_failed',
            recipient,
            messageId: null,
            reason: error.message,
          });
        }
        throw error;
      }
    },

    /**
     * One signed POST of an event to one endpoint. The webhook-id is the event id on every
     * attempt, so receivers drop a redelivery (Standard Webhooks); each attempt is logged.
     */
    async deliverWebhook(input: { eventId: string; endpointId: string }): Promise<void> {
      const deps = requireDelivery(delivery);
      const event = await eventOrFail(db, input.eventId);
      const endpoint = await loadWebhookEndpoint(db, input.endpointId);
      if (!endpoint) throw new BillingError('webhook_endpoint_not_found', `no ${input.endpointId}`);
      const attempt = { eventId: event.id, endpointId: endpoint.id, eventType: event.type };
      try {
        const { status } = await sendWebhook({
          url: endpoint.url,
          secret: endpoint.secret,
          msgId: event.id,
          timestampSeconds: Math.floor(Date.now() / 1000),
          body: webhookBody({
            type: event.type,
            occurredAtMs: event.occurredAtMs,
            data: { id: event.id, customerId: event.customerId, ...event.payload },
          }),
          timeoutMs: deps.webhookTimeoutMs,
        });
        await recordDeliveryAttempt(db, {
          ...attempt,
          status: 'delivered',
          statusCode: status,
          error: null,
        });
      } catch (error) {
        const details =
          error instanceof BillingError ? (error.details as { status?: number | null }) : null;
        await recordDeliveryAttempt(db, {
          ...attempt,
          status: 'pending',
          statusCode: details?.status ?? null,
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
    },

    async markWebhookFailed(input: { eventId: string; endpointId: string }): Promise<void> {
      await markDeliveryFailed(db, input.eventId, input.endpointId);
    },

    async loadInvoiceDueDate(input: { invoiceId: string }): Promise<{ dueAtMs: number | null }> {
      const invoice = await loadInvoice(db, input.invoiceId);
      return { dueAtMs: invoice?.dueAtMs ?? null };
    },

    /** At the due date: an invoice still unpaid becomes overdue, reported once. */
    async recordOverdueIfUnpaid(input: { invoiceId: string; atMs: number }): Promise<boolean> {
      const invoice = await loadInvoice(db, input.invoiceId);
      if (!invoice || (invoice.status !== 'open' && invoice.status !== 'partially_paid'))
        return false;
      await recordBillingEvent(db, {
        type: 'invoice.overdue',
        customerId: invoice.customerId,
        subjectId: invoice.id,
        payload: { invoiceId: invoice.id, number: invoice.number, dueAt: invoice.dueAtMs },
        occurredAtMs: input.atMs,
      });
      if (delivery?.dispatcher) {
        await dispatchPendingEvents(
          db,
          delivery.dispatcher,
          { customerId: invoice.customerId },
          input.atMs,
        );
      }
      return true;
    },

    /** Hands the customer's new events (a finalization) to their delivery workflows. */
    async dispatchCustomerEvents(input: { customerId: string }): Promise<number> {
      if (!delivery?.dispatcher) return 0;
      return dispatchPendingEvents(db, delivery.dispatcher, input, Date.now());
    },
  };
}
