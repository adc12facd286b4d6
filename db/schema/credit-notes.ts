import { jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { CreditNoteLine } from '../../domain/invoice/credit-notes';
import type { TaxBreakdown } from '../../domain/invoice';
import { customers } from './customers';
import { invoices } from './invoices';

/**
 * A credit note against a finalized invoice: numbered gapless (CN-2026-000001) at creation,
 * immutable. What it credits first reduces the invoice's outstanding amount; the rest
 * becomes a credit grant to the customer.
 */
export const creditNotes = pgTable('credit_notes', {
  id: text('id').primaryKey(),
  invoiceId: text('invoice_id')
    .notNull()
    .references(() => invoices.id),
  customerId: text('customer_id')
    .notNull()
    .references(() => customers.id),
  number: text('number').notNull().unique(),
  reason: text('reason').notNull(),
  currency: text('currency').notNull(),
  lines: jsonb('lines').$type<CreditNoteLine[]>().notNull(),
  taxes: jsonb('taxes').$type<TaxBreakdown[]>().notNull(),
  subtotal: numeric('subtotal').notNull(),
  totalTax: numeric('total_tax').notNull(),
  total: numeric('total').notNull(),
  appliedToInvoice: numeric('applied_to_invoice').notNull(),
  creditedToBalance: numeric('credited_to_balance').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true, precision: 3, mode: 'date' }).notNull(),
});
