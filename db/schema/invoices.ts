import { jsonb, numeric, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { AppliedDiscount, InvoiceLineTotals, TaxBreakdown } from '../../domain/invoice';
import type { UsageGroup } from '../../domain/rating';
import { customers } from './customers';

/** One per customer and period (the id derives from both). Drafts until finalization. */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    periodStart: timestamp('period_start', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
    periodEnd: timestamp('period_end', {
      withTimezone: true,
      precision: 3,
      mode: 'date',
    }).notNull(),
    planId: text('plan_id').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: ['draft', 'open', 'partially_paid', 'paid', 'void'] }).notNull(),
    amountPaid: numeric('amount_paid').notNull().default('0'),
    /** Per tax rate: taxable amount and tax, each rounded once. */
    taxes: jsonb('taxes').$type<TaxBreakdown[]>().notNull().default([]),
    /** Assigned at finalization, gapless per issuer sequence (INV-2026-000042); null for drafts. */
    number: text('number').unique(),
    finalizedAt: timestamp('finalized_at', { withTimezone: true, precision: 3, mode: 'date' }),
    dueAt: timestamp('due_at', { withTimezone: true, precision: 3, mode: 'date' }),
    subtotal: numeric('subtotal').notNull(),
    /** Per coupon, with its split over the lines. */
    discounts: jsonb('discounts').$type<AppliedDiscount[]>().notNull().default([]),
    totalDiscount: numeric('total_discount').notNull().default('0'),
    totalExcludingTax: numeric('total_excluding_tax').notNull().default('0'),
    totalTax: numeric('total_tax').notNull(),
    total: numeric('total').notNull(),
    /** Prepaid credits consumed: provisional on a draft, fixed at finalization. */
    creditsApplied: numeric('credits_applied').notNull().default('0'),
    amountDue: numeric('amount_due').notNull(),
    /** What credit notes took off the amount due. */
    amountCredited: numeric('amount_credited').notNull().default('0'),
    /** Per line: discount, net amount and tax rates, what credit notes and e-invoices need. */
    lineTotals: jsonb('line_totals').$type<InvoiceLineTotals[]>().notNull().default([]),
    unmatchedUsage: jsonb('unmatched_usage').$type<UsageGroup[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [unique('invoices_customer_period').on(table.customerId, table.periodStart)],
);
