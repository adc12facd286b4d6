import { bigint, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  currency: text('currency').notNull(),
  timezone: text('timezone').notNull(),
  billingSchedule: text('billing_schedule', { enum: ['daily', 'weekly', 'monthly'] }).notNull(),
  billingAnchor: timestamp('billing_anchor', { withTimezone: true, precision: 3, mode: 'date' }),
  gracePeriodSeconds: integer('grace_period_seconds').notNull(),
  /** The last ledger sequence number handed out; events get dense numbers under a row lock. */
  lastSequence: bigint('last_sequence', { mode: 'number' }).notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
    .notNull()
    .defaultNow(),
});
