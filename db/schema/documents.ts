import {
  boolean,
  customType,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Rendered documents of finalized invoices and credit notes (PDF, HTML, UBL XML), stored once: the
 * first rendering wins and every later read serves those bytes.
 */
export const invoiceDocuments = pgTable(
  'invoice_documents',
  {
    /** The invoice id or credit note id. */
    documentId: text('document_id').notNull(),
    format: text('format', { enum: ['pdf', 'html', 'ubl'] }).notNull(),
    content: bytea('content').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.documentId, table.format] })],
);

/** The invoice email of a document: sent once, or failed for a reason retrying cannot fix. */
export const emailDeliveries = pgTable('email_deliveries', {
  documentId: text('document_id').primaryKey(),
  status: text('status', { enum: ['sent', 'delivery_failed'] }).notNull(),
  recipient: text('recipient').notNull(),
  messageId: text('message_id'),
  reason: text('reason'),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3, mode: 'date' })
    .notNull()
    .defaultNow(),
});

/** Pushes to the ERP, one per record key (invoice number, credit note number, payment). */
export const erpSyncs = pgTable('erp_syncs', {
  recordKey: text('record_key').primaryKey(),
  kind: text('kind', { enum: ['invoice', 'credit_note', 'payment'] }).notNull(),
  status: text('status', { enum: ['synced', 'failed'] }).notNull(),
  reason: text('reason'),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3, mode: 'date' })
    .notNull()
    .defaultNow(),
});

/** Webhook endpoints of the account: where events go, signed with the endpoint's secret. */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** Standard Webhooks secret, whsec_<base64>; shown once at creation. */
  secret: text('secret').notNull(),
  /** Event types it receives; empty: all. */
  eventTypes: text('event_types').array().notNull(),
  /** A disabled endpoint gets no new events, and retries to it give up. */
  enabled: boolean('enabled').notNull().default(true),
  /** Soft delete: gone from the API and from delivery; the row stays for its delivery log. */
  deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
    .notNull()
    .defaultNow(),
});

/** One event's delivery to one endpoint: attempts and the last outcome, for the delivery log. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    eventId: text('event_id').notNull(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id),
    eventType: text('event_type').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed', 'cancelled'] }).notNull(),
    attempts: integer('attempts').notNull(),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.eventId, table.endpointId] })],
);
