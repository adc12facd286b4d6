import type { BillingEventType } from './event-types';

/** The documents rendered to HTML and PDF (and UBL for the ERP). */
export type DocumentKind = 'invoice' | 'credit_note';

/** The records pushed to the ERP, upserted by their key there. */
export type ErpRecordKind = 'invoice' | 'credit_note' | 'payment';

/** The events that come with a document to render; the others carry none. */
export const DOCUMENT_KINDS: Readonly<Partial<Record<BillingEventType, DocumentKind>>> = {
  'invoice.finalized': 'invoice',
  'credit_note.created': 'credit_note',
};

/** The ERP record each event type is pushed as; other events do not reach the ERP. */
export const ERP_RECORD_KINDS: Readonly<Partial<Record<BillingEventType, ErpRecordKind>>> = {
  'invoice.finalized': 'invoice',
  'credit_note.created': 'credit_note',
  'payment.received': 'payment',
};
