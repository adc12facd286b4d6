import type { Database } from '../db/client';
import { loadBillingEvent, type BillingEvent } from '../db/repositories/billing-events.repository';
import type { ErpRecordKind } from '../db/repositories/deliveries.repository';
import { BillingError } from '../domain/errors';
import type { DocumentKind } from './documents.activities';

/* Which delivery steps a business event goes through, decided by its type. */

/** The events customers can subscribe webhooks to. */
export const WEBHOOK_EVENT_TYPES = [
  'invoice.finalized',
  'invoice.paid',
  'invoice.voided',
  'invoice.overdue',
  'credit_note.created',
] as const;

/** The events that come with a document to render. */
export const DOCUMENT_KINDS: Readonly<Record<string, DocumentKind>> = {
  'invoice.finalized': 'invoice',
  'credit_note.created': 'credit_note',
};

/** The ERP record each event type is pushed as; other events do not reach the ERP. */
export const ERP_RECORD_KINDS: Readonly<Record<string, ErpRecordKind>> = {
  'invoice.finalized': 'invoice',
  'credit_note.created': 'credit_note',
  'payment.received': 'payment',
};

export async function eventOrFail(db: Database, eventId: string): Promise<BillingEvent> {
  const event = await loadBillingEvent(db, eventId);
  if (!event) throw new BillingError('event_not_found', `no billing event ${eventId}`);
  return event;
}
