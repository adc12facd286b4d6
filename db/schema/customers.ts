import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  currency: text('currency').notNull(),
  timezone: text('timezone').notNull(),
  billingSchedule: text('billing_schedule', { enum: ['daily', 'weekly', 'monthly'] }).notNull(),
  billingAnchor: timestamp('billing_anchor', { withTimezone: true, precision: 3, mode: 'date' }),
  gracePeriodSeconds: integer('grace_period_seconds').notNull(),
  /** Days from finalization to the due date. */
  paymentTermsDays: integer('payment_terms_days').notNull().default(30),
  /** Whether a period without any charge still gets a (zero) invoice. */
  zeroUsageInvoices: boolean('zero_usage_invoices').notNull().default(true),
  /** BCP 47 locale that documents format numbers and dates in. */
  locale: text('locale').notNull().default('en-US'),
  /** Billing address as printed, ISO 3166 country and VAT id: required on e-invoices. */
  addressLines: jsonb('address_lines').$type<string[]>().notNull().default([]),
  countryCode: text('country_code'),
  vatId: text('vat_id'),
  /** 'reverse_charge': every line of the customer is taxed AE at 0% (EU B2B); null: none. */
  taxOverride: text('tax_override', { enum: ['reverse_charge'] }),
  /** The last ledger sequence number handed out; events get dense numbers under a row lock. */
  lastSequence: bigint('last_sequence', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
    .notNull()
    .defaultNow(),
});
