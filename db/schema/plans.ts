import { numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A plan: currency, optional minimum commitment and (in `prices`) its price list. Rows are
 * written once and never updated: a price change is a new plan, so an invoice can always be
 * re-rated from the plan it was rated with.
 */
export const plans = pgTable('plans', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  currency: text('currency').notNull(),
  minimumCommitment: numeric('minimum_commitment'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
    .notNull()
    .defaultNow(),
});
