import { isWebhookEventType, type BillingEventType } from './event-types';
import {
  DOCUMENT_KINDS,
  ERP_RECORD_KINDS,
  type DocumentKind,
  type ErpRecordKind,
} from './record-kinds';

/** What the worker that delivers is set up with: each channel is optional. */
export interface DeliveryChannels {
  mailer: boolean;
  erp: boolean;
}

/**
 * The steps an event goes through, in this order; each runs once per event, and one that
 * fails for good does not hold back the others.
 */
export interface DeliverySteps {
  /** Render the subject's HTML and PDF first: the email attaches the PDF. */
  documentKind: DocumentKind | null;
  /** Email the invoice to the customer. */
  email: boolean;
  /** Post the event to the endpoints subscribed to its type. */
  webhooks: boolean;
  /** Push the subject to the ERP as this record. */
  erpRecordKind: ErpRecordKind | null;
  /** Watch the invoice until its due date (if it is still unpaid once finalized). */
  overdueWatch: boolean;
}

/**
 * Which delivery steps an event gets, from its type and the channels configured:
 *
 * | event                       | document    | email       | webhooks | ERP record  | overdue |
 * | --------------------------- | ----------- | ----------- | -------- | ----------- | ------- |
 * | invoice.finalized           | invoice     | if a mailer | yes      | invoice     | watch   |
 * | credit_note.created         | credit_note | no          | yes      | credit_note | no      |
 * | invoice.paid/voided/overdue | -           | no          | yes      | -           | no      |
 * | payment.received            | -           | no          | no       | payment     | no      |
 * | budget.threshold_crossed    | -           | if a mailer | yes      | -           | no      |
 *
 * The ERP column applies when an ERP connector is configured; without one, no ERP step.
 *
 * Only finalization and budget alerts email: a credit note or a payment reaches the
 * customer by webhook. A budget alert's email is the alert's (its subject is the alert, not
 * an invoice: domain/budgets/alert-event.ts).
 */
export function deliveryStepsFor(
  type: BillingEventType,
  channels: DeliveryChannels,
): DeliverySteps {
  return {
    documentKind: DOCUMENT_KINDS[type] ?? null,
    email: (type === 'invoice.finalized' || type === 'budget.threshold_crossed') && channels.mailer,
    webhooks: isWebhookEventType(type),
    erpRecordKind: channels.erp ? (ERP_RECORD_KINDS[type] ?? null) : null,
    overdueWatch: type === 'invoice.finalized',
  };
}
