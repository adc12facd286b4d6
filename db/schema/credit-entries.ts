import { numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { customers } from './customers';

/**
 * A customer's prepaid credit ledger: grants (API, credit notes) and consumptions (one per
 * finalized invoice). The business reference makes every entry idempotent.
 */
export const creditEntries = pgTable(
  'credit_entries',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind', { enum: ['grant', 'consumption'] }).notNull(),
    reference: text('reference').notNull(),
    amount: numeric('amount').notNull(),
    currency: text('currency').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3, mode: 'date' })
      .notNull()
      .defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.kind, table.reference] })],
);
