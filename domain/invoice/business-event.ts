import type { BillingEventType } from '../billing-events';

/**
 * A business event a change emits, before it is stored in the outbox (billing_events). Its id
 * is derived from type and subject when it is stored, so a retried change reports it once.
 */
export interface BusinessEvent {
  type: BillingEventType;
  customerId: string;
  /** What the event is about: an invoice id, a credit note id, `<invoice>:<reference>`. */
  subjectId: string;
  payload: Record<string, unknown>;
  occurredAtMs: number;
}
