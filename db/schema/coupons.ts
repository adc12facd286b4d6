import { integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers';

/** Coupons of the account: immutable once created, so past invoices stay reproducible. */
export const coupons = pgTable('coupons', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['percentage', 'fixed_amount'] }).notNull(),
  percentage: numeric('percentage'),
  amount: numeric('amount'),
  currency: text('currency'),
  duration: text('duration', { enum: ['once', 'repeating', 'forever'] }).notNull(),
  durationPeriods: integer('duration_periods'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
    .notNull()
    .defaultNow(),
});

/**
 * A coupon applied to a customer. `periodsApplied` counts finalized invoices it discounted;
 * it moves only in the finalizing transaction, so redrafting never uses up a period.
 */
export const customerCoupons = pgTable(
  'customer_coupons',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    couponId: text('coupon_id')
      .notNull()
      .references(() => coupons.id),
    periodsApplied: integer('periods_applied').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.couponId] })],
);
