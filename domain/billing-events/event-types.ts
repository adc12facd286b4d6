/**
 * The business events the engine reports (the outbox in billing_events): each is delivered
 * to webhooks, email and the ERP as delivery-steps.ts decides.
 */
export const BILLING_EVENT_TYPES = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.voided',
  'invoice.overdue',
  'credit_note.created',
  'payment.received',
  'budget.threshold_crossed',
] as const;
export type BillingEventType = (typeof BILLING_EVENT_TYPES)[number];

/** The events customers can subscribe webhooks to (payment.received goes to the ERP only). */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.voided',
  'invoice.overdue',
  'credit_note.created',
  'budget.threshold_crossed',
] as const satisfies readonly BillingEventType[];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export function isWebhookEventType(type: BillingEventType): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly BillingEventType[]).includes(type);
}
