import { numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { invoices } from './invoices';

/** Payments received against an invoice; the payer's reference makes recording idempotent. */
export const payments = pgTable(
  'payments',
  {
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    reference: text('reference').notNull(),
    amount: numeric('amount').notNull(),
    receivedAt: timestamp('received_at', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.invoiceId, table.reference] })],
);
